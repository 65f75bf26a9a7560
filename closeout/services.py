"""Writes of stap 5 (afschalen en nazorg) and stap 6 (evalueren), and sharing a lesson."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases import timeline
from cases.constants import CaseStage
from cases.models import Case
from closeout import lessons
from closeout.constants import CLOSE_OUT_CRITERIA, CloseOutEvent
from closeout.models import CloseOut, Evaluation, Lesson
from monitoring.constants import CheckInKind
from monitoring.services import MonitoringRefused, checkin_schedule
from zvh.models import User

DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december"]


def closeout_problems(*, criteria: dict[str, tuple[bool, str]], handover_to: str, evaluate: bool,
                      no_evaluation_reason: str, nazorg_on: date | None) -> dict[str, str]:
    """field → Dutch message for everything that keeps this close-out from being recorded."""
    problems = {}
    for name, label in CLOSE_OUT_CRITERIA:
        holds, explanation = criteria.get(name, (False, ""))
        if not explanation.strip():
            problems[f"{name}_explanation"] = _("Licht toe of dit criterium geldt: “%(c)s”.") % {"c": label}
    if not any(holds for holds, _explanation in criteria.values()):
        problems["care_organised"] = _("Afschalen kan als minstens één criterium geldt.")
    if criteria.get("regie_handed_over", (False, ""))[0] and not handover_to.strip():
        problems["handover_to"] = _("Noem aan wie de regie is overgedragen.")
    if not evaluate and not no_evaluation_reason.strip():
        problems["no_evaluation_reason"] = _("Leg vast waarom er geen evaluatie komt.")
    if nazorg_on and nazorg_on < timezone.localdate():
        problems["nazorg_on"] = _("Het nazorgcontact kan niet in het verleden liggen.")
    return problems


@transaction.atomic
def closeout_record(*, case: Case, actor: User, criteria: dict[str, tuple[bool, str]], handover_to: str = "",
                    handover_organisation=None, handover_what: str = "", nazorg_on: date | None = None,
                    evaluate: bool = True, no_evaluation_reason: str = "") -> CloseOut:
    """Record the afschaal decision; schedule the nazorg contact; move a monitored case to afschalen.

    Refused (MonitoringRefused with every problem) while a criterion has no explanation, none
    holds, the handover has no recipient, or skipping the evaluation has no reason.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.stage not in (CaseStage.MONITORING, CaseStage.AFSCHALEN):
        raise MonitoringRefused(_("Afschalen kan vanuit de monitoring."))
    problems = closeout_problems(criteria=criteria, handover_to=handover_to, evaluate=evaluate,
                                 no_evaluation_reason=no_evaluation_reason, nazorg_on=nazorg_on)
    if problems:
        raise MonitoringRefused(" ".join(problems.values()))
    fields = {"handover_to": handover_to.strip(), "handover_organisation": handover_organisation,
              "handover_what": handover_what.strip(), "nazorg_on": nazorg_on, "evaluate": evaluate,
              "no_evaluation_reason": "" if evaluate else no_evaluation_reason.strip(),
              "decided_by": actor, "decided_at": timezone.now()}
    for name, (holds, explanation) in criteria.items():
        fields[name] = holds
        fields[f"{name}_explanation"] = explanation.strip()
    close_out, _created = CloseOut.objects.update_or_create(case=case, defaults=fields)
    if nazorg_on and not case.checkins.filter(kind=CheckInKind.NAZORG, done_at__isnull=True).exists():
        checkin_schedule(case=case, actor=actor, scheduled_on=nazorg_on, kind=CheckInKind.NAZORG,
                         assignee=case.procesregisseur)
    timeline.record(case, CloseOutEvent.CLOSE_OUT_RECORDED, actor=actor,
                    description=_("%(n)s van 3 criteria") % {"n": close_out.criteria_met})
    if case.stage == CaseStage.MONITORING:
        case_services.case_transition(case=case, to=CaseStage.AFSCHALEN, actor=actor,
                                      reason=_("Afschaalcriteria vastgelegd"))
    return close_out


@transaction.atomic
def evaluation_record(*, case: Case, actor: User, participants: str, went_well: str, to_improve: str,
                      learned: str) -> Evaluation:
    """Record the evaluation with the participants; the case closes after it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.stage != CaseStage.EVALUATIE:
        raise MonitoringRefused(_("Evalueren kan in de fase Evaluatie."))
    answers = {"participants": participants, "went_well": went_well, "to_improve": to_improve, "learned": learned}
    if not all(value.strip() for value in answers.values()):
        raise MonitoringRefused(_("Vul alle vragen van de evaluatie in, en wie meededen."))
    evaluation, _created = Evaluation.objects.update_or_create(
        case=case, defaults={**{k: v.strip() for k, v in answers.items()}, "skipped": False, "skip_reason": "",
                             "recorded_by": actor, "recorded_at": timezone.now()})
    timeline.record(case, CloseOutEvent.EVALUATED, actor=actor)
    case_services.case_transition(case=case, to=CaseStage.CLOSED, actor=actor, reason=_("Geëvalueerd"))
    return evaluation


@transaction.atomic
def evaluation_skip(*, case: Case, actor: User, reason: str) -> Evaluation:
    """Close without evaluation, explicitly and with the reason (from afschalen or evaluatie)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.stage not in (CaseStage.AFSCHALEN, CaseStage.EVALUATIE):
        raise MonitoringRefused(_("Een evaluatie overslaan kan na het afschalen."))
    if not reason.strip():
        raise MonitoringRefused(_("Leg vast waarom er geen evaluatie komt."))
    if case.stage == CaseStage.AFSCHALEN and not CloseOut.objects.filter(case=case).exists():
        raise MonitoringRefused(_("Leg eerst het afschaalbesluit vast."))
    evaluation, _created = Evaluation.objects.update_or_create(
        case=case, defaults={"skipped": True, "skip_reason": reason.strip(), "recorded_by": actor,
                             "recorded_at": timezone.now()})
    timeline.record(case, CloseOutEvent.EVALUATION_SKIPPED, actor=actor, description=reason)
    case_services.case_transition(case=case, to=CaseStage.CLOSED, actor=actor,
                                  reason=_("Geen evaluatie: %(r)s") % {"r": reason.strip()})
    return evaluation


def identifying_details(text: str, case: Case) -> list[str]:
    """The identifying details in `text` (see closeout.lessons), as short descriptions."""
    return [str(hit) for hit in lessons.identifying_details(text, case)]


def lesson_publish(*, case: Case, actor: User, title: str, theme: str, text: str) -> Lesson:
    """Offer a lesson for review (closeout.lessons.lesson_submit); kept for the demo seeder."""
    try:
        return lessons.lesson_submit(case=case, actor=actor, title=title, theme=theme, text=text)
    except lessons.LessonRefused as refused:
        raise MonitoringRefused(str(refused)) from refused
