"""The personal-data map is complete, and inzage, retention and erasure each honour all of it."""

import json
import re
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases import personal_data
from cases.constants import CaseStage
from cases.models import CaseEvent, CaseStageChange, InformationItem, Person
from cases.personal_data import Retention
from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from privacy import datamap, inzage, retention, services, tasks
from privacy.models import Consent, Disclosure
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERSONAL_DATA_TYPES = (models.CharField, models.TextField, models.JSONField, models.FileField, models.BinaryField)


def project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            yield from config.get_models()


# -- the map is complete ------------------------------------------------------------------------

def test_every_text_json_and_file_field_of_every_model_is_in_the_map_or_declared_free_of_personal_data():
    missing = []
    for model in project_models():
        label = model._meta.label
        declared = personal_data.model_map(label)
        for field in model._meta.concrete_fields:
            if not isinstance(field, PERSONAL_DATA_TYPES) or field.choices:
                continue
            if declared and field.name in declared.fields:
                continue
            if field.name in personal_data.NO_PERSONAL_DATA.get(label, {}):
                continue
            missing.append(f"{label}.{field.name}")
    assert missing == [], "fields in neither the personal-data map nor NO_PERSONAL_DATA"


def test_the_map_names_only_fields_that_exist_and_case_paths_that_resolve():
    for model_map in personal_data.model_maps():
        model = apps.get_model(model_map.label)
        for name in model_map.fields:
            model._meta.get_field(name)
        if model_map.case is not None:
            model.objects.filter(**{model_map.case_id_path(): 0}).exists()
        if model_map.person not in (None, ""):
            model.objects.filter(**{model_map.person_id_path(): 0}).exists()
        for name in personal_data.NO_PERSONAL_DATA.get(model_map.label, {}):
            model._meta.get_field(name)


def test_kept_fields_say_why():
    for model_map in personal_data.model_maps():
        for name, treatment in model_map.fields.items():
            if treatment.retention == Retention.KEEP:
                assert treatment.why, f"{model_map.label}.{name} is kept without a reason"


# -- a fully built case -------------------------------------------------------------------------

def full_case():
    """A case with a row in every model of the personal-data map that belongs to a case."""
    from closeout.models import CloseOut, Evaluation, Lesson
    from monitoring.models import CheckIn, Escalation, MonitoringArrangement, ProgressNote
    from planning.models import (
        Activity,
        ActivityReport,
        Contact,
        Decision,
        Document,
        EvaluationAnswer,
        Goal,
        OtherTable,
        YouthVoice,
    )
    from planning.tests.factories import MeetingFactory, MeetingInviteeFactory, PlanFactory, SolutionDirectionFactory

    case = CaseFactory(monitoring=True, referrer_name="Aanmelder", referrer_contact="06-12345678")
    procesregisseur = case.procesregisseur
    youth = PersonFactory(case=case, first_name="Zoë", last_name="Brouwër", date_of_birth=date(2010, 5, 30))
    parent = PersonFactory(case=case, role="ouder", first_name="Linda", last_name="van der Berg",
                           date_of_birth=date(1980, 1, 2))
    party = InvolvementFactory(case=case, contact_name="Piet", contact_email="piet@example.org",
                               contact_phone="0612345678", primary_task="Taak", ask_notes="Vragen")
    for person in (youth, parent, None):
        InformationItem.objects.create(case=case, person=person, source=party, content="Info", received_on=date.today(),
                                       legal_basis="publieke_taak", justification="Wet")
    CaseStageChange.objects.create(case=case, from_stage="intake", to_stage="overleg", reason="Reden")
    CaseEvent.objects.create(case=case, kind="person_added", description="Persoon")
    meeting = MeetingFactory(case=case, held=True, location="Stadhuis", cancel_reason="Geen")
    MeetingInviteeFactory(meeting=meeting, youth=True)
    Decision.objects.create(meeting=meeting, text="Besluit")
    YouthVoice.objects.create(meeting=meeting, person=youth, mode="represented", represented_by="Tante",
                              own_words="Ik wil naar school", name="Zoë")
    YouthVoice.objects.create(meeting=meeting, mode="not_heard", name="Broer", not_heard_reason="Ziek")
    Contact.objects.create(case=case, happened_on=date.today(), with_whom="Mentor", about="Rooster",
                           follow_up="Terugbellen", follow_up_on=date.today())
    EvaluationAnswer.objects.create(case=case, meeting=meeting, answered_on=date.today(), question="Vraag",
                                    intention="Bedoeling", helps="partly", helps_note="Deels")
    OtherTable.objects.create(case=case, name="Veiligheidshuis", contact="Coördinator", agreed="Afstemmen")
    for about, storage_name in ((youth, "ab" * 24), (None, "cd" * 24)):
        Document.objects.create(case=case, person=about, title="Rapport", original_name="rapport.pdf", purpose="Doel",
                                document_date=date.today(), legal_basis="publieke_taak", content_type="application/pdf",
                                size=10, sha256="0" * 64, storage_name=storage_name, scan_status="not_scanned")
    plan = PlanFactory(case=case, adopted=True, monitoring_notes="Elke maand", switch_reason="Nog niet")
    ActivityReport.objects.create(activity=Activity.objects.filter(scenario__plan=plan).first(), status="done",
                                  note="Gedaan")
    SolutionDirectionFactory(plan=plan)
    checkin = CheckIn.objects.create(case=case, scheduled_on=date.today(), assignee=procesregisseur,
                                     progress="Gaat goed")
    ProgressNote.objects.create(checkin=checkin, goal=Goal.objects.filter(plan=plan).first(), status="on_track",
                                note="Op koers", activity=Activity.objects.filter(scenario__plan=plan).first())
    Escalation.objects.create(case=case, raised_by=procesregisseur, reason="cooperation", explanation="Vast",
                              resolution_note="Opgelost")
    MonitoringArrangement.objects.create(case=case, frequency_days=14, not_needed_reason="n.v.t.")
    CloseOut.objects.create(case=case, care_organised_explanation="a", family_self_reliant_explanation="b",
                            regie_handed_over_explanation="c", handover_to="d", handover_what="e",
                            no_evaluation_reason="f")
    Evaluation.objects.create(case=case, participants="x", went_well="x", to_improve="x", learned="x",
                              skip_reason="x")
    Lesson.objects.create(case=case, region=case.region, title="Les", theme="overig", text="Tekst",
                          withdraw_reason="x", status="published")
    consent = Consent.objects.create(case=case, given_by=youth, information="School", given_on=date.today())
    Disclosure.objects.create(case=case, organisation=party.organisation, what="Plan", legal_basis="publieke_taak")
    Disclosure.objects.create(case=case, recipient="Ouder: Linda", party="person:Ouder: Linda", key="invitation:1",
                              what="Uitnodiging", legal_basis="publieke_taak")
    if apps.is_installed("notifications"):
        from notifications.models import Notification, OutboxMessage

        Notification.objects.create(recipient=procesregisseur, case=case, kind="general", title="T", body="B")
        OutboxMessage.objects.create(message_id=f"<m{case.pk}@zvh>", kind="notification", subject="S",
                                     recipients=["a@example.org"], from_email="zvh@example.org", raw=b"x",
                                     case=case, retry_until=timezone.now() + timedelta(days=3))
    empty = [m.label for m in personal_data.case_maps()
             if not datamap.model_of(m).objects.filter(**m.case_filter(case)).exists()]
    assert empty == [], "the fully built case lacks a row of a mapped model: add it to full_case()"
    return case, youth, parent, consent


def _email(text: str) -> bytes:
    message = EmailMessage()
    message["Subject"] = "Bericht"
    message["From"], message["To"] = "zvh@example.org", "a@example.org"
    message.set_content(text)
    return message.as_bytes()


def _fill(case, text_for, maps=None):
    """Write `text_for(label, field, pk)` into every mapped text, JSON and binary field of the case
    (of the models in `maps`; default all)."""
    for model_map in maps or personal_data.case_maps():
        model = datamap.model_of(model_map)
        for row in model.objects.filter(**model_map.case_filter(case)).values("pk"):
            changes = {}
            for name in model_map.fields:
                field = model._meta.get_field(name)
                value = text_for(model_map.label, name, row["pk"])
                if isinstance(field, models.JSONField):
                    changes[name] = {"tekst": value}
                elif isinstance(field, models.BinaryField):
                    changes[name] = _email(value)
                elif isinstance(field, models.CharField | models.TextField):
                    changes[name] = value[:field.max_length] if field.max_length else value
            model.objects.filter(pk=row["pk"]).update(**changes)


def _all_stored_text() -> str:
    """Every text, JSON and binary value of every project model, as one string (small test data)."""
    chunks = []
    for model in project_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, PERSONAL_DATA_TYPES)]
        if not names:
            continue
        for row in model.objects.values_list(*names):
            for value in row:
                if isinstance(value, bytes | memoryview):
                    chunks.append(datamap._message_text(bytes(value)))
                else:
                    chunks.append(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)
    return "\n".join(chunks)


_MARKERS: dict[tuple, str] = {}


def _marker(label, name, pk):
    """A short marker per (model, field, row), so it fits the shortest field (a phone number)."""
    return _MARKERS.setdefault((label, name, pk), f"MRK{len(_MARKERS):04d}X")


def test_marker_in_every_mapped_field_is_in_the_inzage_and_gone_after_retention():
    case, youth, parent, _consent = full_case()
    _fill(case, _marker)
    exports = {p.pk: json.dumps(inzage.person_export(p), ensure_ascii=False) for p in (youth, parent)}
    union = "\n".join(exports.values())
    missing = []
    for model_map in personal_data.case_maps():
        model = datamap.model_of(model_map)
        for row in model.objects.filter(**model_map.case_filter(case)).values():
            for name, treatment in model_map.fields.items():
                if not treatment.inzage or not isinstance(model._meta.get_field(name), models.CharField
                                                          | models.TextField | models.JSONField):
                    continue
                marker = _marker(model_map.label, name, row["id"])
                if marker not in union:
                    missing.append(marker)
                person_path = model_map.person_id_path()
                own = person_path is not None and (person_path == "pk" or row[person_path] is not None)
                if not own:  # not about one person: in the export of every person of the case
                    assert all(marker in text for text in exports.values()), marker
    assert missing == [], "mapped texts missing from the inzage export"
    # Another person's own record is not in this person's export.
    assert _marker("cases.Person", "first_name", parent.pk) not in exports[youth.pk]

    case.stage, case.closed_at = CaseStage.CLOSED, timezone.now() - timedelta(days=3000)
    case.save(update_fields=["stage", "closed_at"])
    assert retention.apply_retention().count == 1
    assert "MRK" not in _all_stored_text()


def test_retention_rechecks_anonymised_cases_and_clears_what_was_written_afterwards():
    case, *_ = full_case()
    case.stage, case.closed_at = CaseStage.CLOSED, timezone.now() - timedelta(days=3000)
    case.save(update_fields=["stage", "closed_at"])
    assert retention.apply_retention().count == 1
    from planning.models import Decision

    Decision.objects.create(meeting=case.meetings.first(), text="MRK later")
    Person.objects.filter(case=case).update(relation="MRK later")
    assert [c.pk for c in retention.apply_retention().cases] == [case.pk]
    assert "MRK" not in _all_stored_text()
    assert retention.apply_retention().count == 0  # idempotent
    assert case.events.filter(kind="anonymised").count() == 2
    assert case.events.filter(kind="lesson_retention").count() == 1


def test_erasure_leaves_none_of_the_persons_names_anywhere_in_the_case():
    case, youth, parent, _consent = full_case()
    variants = ["Zoë Brouwër", "zoe brouwer", "BROUWER", "Zoë", "Brouwër"]
    _fill(case, lambda label, name, pk: f"Gesprek met {variants[pk % len(variants)]} en {parent.first_name} "
                                        f"{parent.last_name} over school")
    Person.objects.filter(pk=youth.pk).update(first_name="Zoë", last_name="Brouwër")
    Person.objects.filter(pk=parent.pk).update(first_name="Linda", last_name="van der Berg")
    youth.refresh_from_db()
    services.person_erase(person=youth, actor=UserFactory(), reason="Verzoek van Zoë Brouwër")
    stored = datamap.fold(_all_stored_text())
    assert not re.search(r"\bbrouwer\b|\bzoe\b", stored)
    assert "linda van der berg" in stored  # the other person stays
    youth.refresh_from_db()
    assert youth.erased_at and youth.date_of_birth is None and youth.match_key == ""
    assert case.events.filter(kind="person_erased").exists()


def test_retention_in_parts_still_rechecks_every_model_the_same_night(monkeypatch, settings):
    """With no time at all, each part of the nightly task does one unit (a batch of cases, one model of
    the re-check) and queues the next; together they still reach the last model the same night."""
    case, *_ = full_case()
    case.stage, case.closed_at = CaseStage.CLOSED, timezone.now() - timedelta(days=3000)
    case.save(update_fields=["stage", "closed_at"])
    maps = retention._recheck_maps()
    last = maps[-1]
    assert datamap.model_of(last).objects.filter(**last.case_filter(case)).exists()
    settings.RETENTION_RUN_SECONDS = 0
    queued, parts = [], []

    def queue(kwargs, **options):
        queued.append(kwargs)
        parts.append((kwargs["resume_model"], kwargs["resume_after"]))

    monkeypatch.setattr(tasks.retention_daily, "apply_async", queue)

    def night():
        queued.clear()
        count = tasks.retention_daily()
        while queued:
            count += tasks.retention_daily(**queued.pop())
        return count

    assert night() == 1  # the case past its term, in the first part
    _fill(case, lambda label, name, pk: "MRK later", maps=[last])  # written after anonymisation
    assert "MRK" in _all_stored_text()
    parts.clear()
    assert night() == 1
    assert parts == [(m.label, 0) for m in maps[1:]]  # one model per part, up to the last
    assert "MRK" not in _all_stored_text()
    assert case.events.filter(kind="anonymised").count() == 2
