import json
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStage
from cases.models import Case, CaseStageChange, Person
from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from monitoring.models import Notification
from privacy import retention, services, tasks
from privacy.constants import PrivacyEvent
from privacy.models import Consent, Disclosure
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"privacy:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


# -- consent ----------------------------------------------------------------------------------

def test_consent_is_recorded_with_scope_and_withdrawal_shows_what_it_covered(client):
    case = CaseFactory(intake=True)
    youth = PersonFactory(case=case)
    partner = UserFactory(region=case.region)
    client.force_login(case.procesregisseur)
    party = InvolvementFactory(case=case, organisation=partner.organisation, contact_user=partner)
    response = client.post(_url("consent_add", case), {
        "given_by": youth.pk, "organisations": [partner.organisation_id], "information": "Schoolgegevens",
        "given_on": "2026-10-01", "valid_until": "2027-10-01"})
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.organisations.all()) == [partner.organisation]
    party.sharing_basis, party.consent = "toestemming", consent
    party.save()
    disclosure = services.disclosure_record(case=case, organisation=partner.organisation, what="Verslag",
                                            actor=case.procesregisseur, legal_basis="toestemming", consent=consent)
    html = client.post(_url("consent_withdraw", case, consent_id=consent.pk),
                       {"withdrawn_on": timezone.localdate().isoformat()}).content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert str(partner.organisation) in html and disclosure.what in html and "Delen beëindigen" in html
    assert Notification.objects.filter(recipient=case.procesregisseur, case=case).exists()
    client.post(_url("involvement_stop_sharing", case, involvement_id=party.pk))
    assert not Case.objects.visible_to(partner, "view_shared").exists()


def test_consent_with_end_before_start_is_refused_in_dutch(client):
    case = CaseFactory(intake=True)
    youth = PersonFactory(case=case)
    org = InvolvementFactory(case=case).organisation
    client.force_login(case.procesregisseur)
    response = client.post(_url("consent_add", case), {
        "given_by": youth.pk, "organisations": [org.pk], "information": "x", "given_on": "2026-10-01",
        "valid_until": "2026-09-01"})
    assert "De einddatum ligt vóór de datum van toestemming." in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_ground_needs_a_consent(client):
    case = CaseFactory(intake=True)
    party = InvolvementFactory(case=case)
    client.force_login(case.procesregisseur)
    response = client.post(reverse("cases:information_add", kwargs={"case_uuid": case.uuid}), {
        "source": party.pk, "content": "x", "received_on": "2026-10-01", "legal_basis": "toestemming",
        "justification": "x"})
    assert "Kies de toestemming waarop dit rust" in response.content.decode()


def test_partner_access_and_plan_pdf_are_in_the_sharing_log(client):
    case = CaseFactory(intake=True)
    partner = UserFactory(region=case.region)
    client.force_login(case.procesregisseur)
    client.post(reverse("cases:involvement_add", kwargs={"case_uuid": case.uuid}), {
        "organisation": partner.organisation_id, "contact_user": partner.pk, "is_current": "on",
        "sharing_basis": "publieke_taak"})
    disclosure = Disclosure.objects.get()
    assert (disclosure.organisation, disclosure.legal_basis, disclosure.by) == (
        partner.organisation, "publieke_taak", case.procesregisseur)
    assert "Toegang voor" in disclosure.what


# -- inzage and erasure -------------------------------------------------------------------------

def test_every_model_pointing_at_a_person_says_so_in_the_personal_data_map():
    """Rows linked to one person are exported for that person only and cleared on their erasure."""
    from django.apps import apps

    from cases import personal_data

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person:
                declared = personal_data.model_map(model._meta.label)
                assert declared is not None and declared.person == field.name, model._meta.label


def test_inzage_json_and_pdf_contain_the_persons_data_and_are_logged(client):
    from privacy.models import AccessLog

    case = CaseFactory(intake=True)
    youth = PersonFactory(case=case, first_name="Lotte", last_name="Hendriks", date_of_birth=date(2009, 7, 2))
    party = InvolvementFactory(case=case)
    case.information_items.create(source=party, person=youth, content="Verzuim sinds maart",
                                  received_on=date(2026, 10, 1), legal_basis="publieke_taak", justification="Wet")
    client.force_login(case.procesregisseur)
    data = json.loads(client.get(_url("person_export_json", case, person_id=youth.pk)).content)
    items = {(i["gegeven"], i["waarde"]): i["grondslag"] for i in data["casussen"][0]["gegevens"]}
    assert ("voornaam", "Lotte") in items and ("geboortedatum", "2009-07-02") in items
    assert items[("informatie", "Verzuim sinds maart")] == "Wettelijke/publieke taak"
    pdf = client.get(_url("person_export_pdf", case, person_id=youth.pk))
    assert pdf.content.startswith(b"%PDF")
    events = list(AccessLog.objects.filter(person_id=youth.pk).values_list("event", flat=True))
    assert sorted(events) == ["download", "export"]


def test_erasure_wipes_personal_fields_keeps_the_case_and_is_logged(client):
    case = CaseFactory(intake=True)
    youth = PersonFactory(case=case)
    client.force_login(case.procesregisseur)
    response = client.post(_url("person_erase", case, person_id=youth.pk), {"reason": ""})
    assert "Leg vast op grond waarvan" in response.content.decode()
    client.post(_url("person_erase", case, person_id=youth.pk), {"reason": "Verzoek betrokkene 1-11-2026"})
    youth.refresh_from_db()
    assert (youth.first_name, youth.last_name, youth.date_of_birth, youth.match_key) == (
        "[gewist]", "[gewist]", None, "")
    assert Case.objects.filter(pk=case.pk).exists()
    assert case.events.filter(kind="person_erased").exists()


# -- retention --------------------------------------------------------------------------------

def _closed(days_ago, retention_months=24, **kwargs):
    case = CaseFactory(closed=True, closed_at=timezone.now() - timedelta(days=days_ago),
                       zorgvraag="Geheime zorgvraag", **kwargs)
    case.region.retention_months = retention_months
    case.region.save()
    PersonFactory(case=case, first_name="Bram")
    CaseStageChange.objects.create(case=case, from_stage="evaluatie", to_stage="closed", reason="Geëvalueerd")
    return case


def test_retention_anonymises_exactly_the_cases_past_their_term_and_is_idempotent():
    old = _closed(days_ago=800)
    recent = _closed(days_ago=300)
    short_term = _closed(days_ago=100, retention_months=3)
    open_case = CaseFactory(monitoring=True, zorgvraag="Loopt nog")
    dry = retention.apply_retention(dry_run=True)
    assert {c.pk for c in dry.cases} == {old.pk, short_term.pk}
    assert Case.objects.get(pk=old.pk).zorgvraag == "Geheime zorgvraag"  # dry run changed nothing
    assert retention.apply_retention().count == 2
    assert retention.apply_retention().count == 0
    for case in (old, short_term):
        case.refresh_from_db()
        assert case.zorgvraag == "[geanonimiseerd]" and case.anonymised_at is not None
        assert case.persons.get().first_name == "[geanonimiseerd]"
        assert case.stage_changes.get().to_stage == CaseStage.CLOSED  # the facts for dashboards stay
        assert case.stage_changes.get().reason == "[geanonimiseerd]"
    recent.refresh_from_db()
    open_case.refresh_from_db()
    assert recent.zorgvraag == "Geheime zorgvraag" and open_case.zorgvraag == "Loopt nog"


def test_retention_command_dry_run(capsys):
    from django.core.management import call_command

    case = _closed(days_ago=800)
    call_command("apply_retention", "--dry-run")
    assert f"Zou anonimiseren: {case.reference}" in capsys.readouterr().out
    assert Person.objects.get(case=case).first_name == "Bram"


def test_retention_takes_away_at_once_the_rights_an_anonymised_case_no_longer_grants():
    """The stored rights after the nightly retention are what the access policy says for an anonymised
    case — not the closed case's until the reconciliation repairs them."""
    from cases.models import CaseUserObjectPermission
    from cases.permissions import sync_case_permissions

    case = _closed(days_ago=800)
    sync_case_permissions(case)  # the closed case's rights, as stored before the night
    before = CaseUserObjectPermission.objects.filter(content_object=case).count()
    retention.apply_retention()
    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert CaseUserObjectPermission.objects.filter(content_object=case).count() < before
    assert sync_case_permissions(case).changed == 0


def test_retention_of_a_batch_leaves_every_holder_exactly_the_rights_of_an_anonymised_case():
    """The batch takes the closed cases' rights away in one statement (issue 16); what is left must be
    what the access policy derives case by case: the procesregisseur, a stand-in and the referrer keep
    reading, the former partner contact nothing. A case that was not closed goes through its facts."""
    from django.contrib.auth.models import Permission

    from cases.access import kept_when_closed_case_is_anonymised
    from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission, StandIn
    from cases.permissions import (
        stored_user_permissions,
        sync_case_permissions,
        sync_closed_cases_after_anonymising,
        team_group,
    )

    assert kept_when_closed_case_is_anonymised() == {"view_case", "view_referral", "handle_subject_rights"}
    cases = [_closed(days_ago=800) for _ in range(3)]
    first = cases[0]
    contact = UserFactory(region=first.region)  # a partner professional
    InvolvementFactory(case=first, contact_user=contact, organisation=contact.organisation)
    stand_in = UserFactory(procesregisseur=True, region=first.region)
    today = timezone.localdate()
    StandIn.objects.create(region=first.region, absent=first.procesregisseur, stand_in=stand_in,
                           starts_on=today, ends_on=today + timedelta(days=7))
    open_case = CaseFactory(monitoring=True)
    for case in [*cases, open_case]:
        sync_case_permissions(case)
    assert stored_user_permissions(first)[stand_in.pk]
    # Rows only the batch can take away: a team row and a write right left on a closed case.
    team = team_group(first.region)
    CaseGroupObjectPermission.objects.create(group=team, content_object=first,
                                             permission=Permission.objects.get(codename="triage_case"))
    CaseUserObjectPermission.objects.create(user=first.procesregisseur, content_object=cases[1],
                                            permission=Permission.objects.get(codename="change_case"))
    retention.anonymise_cases([*cases, open_case])
    # The closed cases went in one go; only the open one was left to the per-case sync.
    assert sync_closed_cases_after_anonymising([c.pk for c in [*cases, open_case]]) == [open_case.pk]
    assert not CaseGroupObjectPermission.objects.filter(content_object__in=cases).exists()
    for case in [*cases, open_case]:
        stored = stored_user_permissions(case)
        assert sync_case_permissions(case).changed == 0, case  # the batch left exactly the policy's rows
        assert stored_user_permissions(case) == stored
    kept = stored_user_permissions(first)
    assert kept[first.procesregisseur_id] == kept[stand_in.pk] == {"view_case", "view_referral",
                                                                   "handle_subject_rights"}
    assert kept[first.referred_by_id] == {"view_referral"}
    assert contact.pk not in kept
    assert not CaseUserObjectPermission.objects.filter(content_object=open_case, permission__codename__in=[
        "change_case", "manage_plan", "record_progress"]).exists()


def test_a_part_of_the_retention_run_that_runs_out_of_time_within_a_model_goes_on_with_that_model(monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 1)
    cases = sorted([_closed(days_ago=800), _closed(days_ago=800)], key=lambda c: c.pk)
    assert retention.apply_retention().count == 2
    Person.objects.filter(case__in=cases).update(relation="Later geschreven")  # data again, in both cases
    labels = [m.label for m in retention._recheck_maps()]
    after_person = labels[labels.index("cases.Person") + 1]
    first = retention.apply_retention(seconds=0, resume_at=("cases.Person", 0))
    assert (first.cases, first.resume) == ([cases[0]], ("cases.Person", cases[0].pk))  # the other: next part
    second = retention.apply_retention(seconds=0, resume_at=first.resume)
    assert (second.cases, second.resume) == ([cases[1]], (after_person, 0))
    assert not Person.objects.filter(relation="Later geschreven").exists()


def test_a_case_that_stays_dirty_does_not_keep_the_retention_run_going(monkeypatch):
    """Each part moves on past the cases it cleaned, even when cleaning does not take (here: a model
    that writes the data back at once); the case is tried again the next night."""
    monkeypatch.setattr(retention, "BATCH", 1)
    cases = [_closed(days_ago=800), _closed(days_ago=800)]
    assert retention.apply_retention().count == 2
    Person.objects.filter(case__in=cases).update(relation="Later geschreven")
    clean = retention.anonymise_cases

    def cleaning_that_does_not_take(batch, now=None):
        clean(batch, now)
        Person.objects.filter(case__in=batch).update(relation="Later geschreven")

    monkeypatch.setattr(retention, "anonymise_cases", cleaning_that_does_not_take)
    resume, parts = ("cases.Person", 0), 0
    while resume is not None:
        resume = retention.apply_retention(seconds=0, resume_at=resume).resume
        parts += 1
        assert parts <= len(retention._recheck_maps()) + 2, "the parts do not end"


def _anonymised_events(case):
    return case.events.filter(kind=PrivacyEvent.ANONYMISED).count()


@pytest.mark.django_db(transaction=True)
def test_two_retention_parts_at_once_anonymise_each_case_once():
    """A redelivered part and the next part it had queued run together: they take different cases."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI); SQLite writes one transaction at a time")
    cases = sorted((_closed(days_ago=800) for _ in range(3)), key=lambda c: c.pk)
    held = retention.due_for_anonymisation().first()
    holding, release = threading.Event(), threading.Event()

    def other_part():  # holds its first case, as a part in the middle of anonymising it
        try:
            with transaction.atomic():
                Case.objects.select_for_update().get(pk=held.pk)
                holding.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_part)
    thread.start()
    try:
        assert holding.wait(timeout=60)
        first = retention.apply_retention(limit=None)
    finally:
        release.set()
        thread.join()
    assert held.pk not in {c.pk for c in first.cases} and first.count == 2  # went past it, did not wait
    assert retention.apply_retention(limit=None).count == 1
    assert [_anonymised_events(case) for case in cases] == [1, 1, 1]


def test_a_case_another_part_re_cleaned_meanwhile_is_not_cleaned_again(monkeypatch):
    cases = sorted([_closed(days_ago=800), _closed(days_ago=800)], key=lambda c: c.pk)
    assert retention.apply_retention().count == 2
    Person.objects.filter(case__in=cases).update(relation="Later geschreven")  # data again, in both cases
    holding = retention._holding_personal_data

    def other_part_cleans_the_first(model_map, among=None):
        ids = holding(model_map, among)
        if among is None and cases[0].pk in ids:  # between reading the ids and taking the batch
            retention.anonymise_cases([cases[0]])
        return ids

    monkeypatch.setattr(retention, "_holding_personal_data", other_part_cleans_the_first)
    result = retention.apply_retention(resume_at=("cases.Person", 0))
    assert [c.pk for c in result.cases] == [cases[1].pk]
    assert [_anonymised_events(case) for case in cases] == [2, 2]  # the first run, then one re-clean each
    assert not Person.objects.filter(relation="Later geschreven").exists()


def test_a_broker_that_refuses_the_next_retention_part_leaves_it_to_the_next_night(monkeypatch, settings, caplog,
                                                                                     broker_refuses):
    settings.RETENTION_RUN_SECONDS = 0
    monkeypatch.setattr(retention, "BATCH", 1)
    broker_refuses(tasks.retention_daily)
    cases = [_closed(days_ago=800), _closed(days_ago=800)]
    assert tasks.retention_daily() == 1  # this part's work is committed all the same
    assert "Vervolg van privacy.tasks.retention_daily niet in de wachtrij gezet" in caplog.text
    assert Case.objects.filter(pk__in=[c.pk for c in cases], anonymised_at__isnull=True).count() == 1
