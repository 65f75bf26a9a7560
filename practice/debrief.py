"""The debrief of a play: what the trainee did, set against the scenario's points of attention and
its timeline of scripted events."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.constants import PersonRole
from cases.models import CaseEvent, CaseStageChange
from closeout.models import CloseOut
from planning.constants import Attendance, MeetingStatus, RsvpStatus, ScenarioKind, VoiceMode
from planning.models import MeetingInvitee, Plan, YouthVoice
from planning.models import Scenario as PlanScenario
from practice.models import PracticeCase
from practice.simulation import events_of

TITLES = {
    "parties_at_table": gettext_lazy("Alle partijen die nodig zijn, zaten aan tafel"),
    "youth_heard": gettext_lazy("De jeugdige is gehoord"),
    "casusregisseur": gettext_lazy("Er is een casusregisseur benoemd"),
    "plan_b_trigger": gettext_lazy("Er is een plan B met een moment waarop het in werking treedt"),
    "afschaal_criteria": gettext_lazy("Bij het afschalen zijn de criteria getoetst"),
}


@dataclass(frozen=True)
class Point:
    key: str
    title: str
    met: bool
    detail: str


def _names(invitees) -> set[str]:
    return {name for pair in invitees.values_list("organisation__name", "user__organisation__name")
            for name in pair if name}


def _parties_at_table(practice_case: PracticeCase) -> Point:
    """Every needed party was present at a held overleg (recorded attendance), not only invited."""
    needed = [p["name"] for p in practice_case.scenario_data.get("parties", []) if p.get("needed_at_table")]
    invitees = MeetingInvitee.objects.filter(meeting__case=practice_case.case)
    present = _names(invitees.filter(meeting__status=MeetingStatus.HELD, attendance=Attendance.PRESENT))
    invited = _names(invitees.filter(invited_at__isnull=False))
    declined = _names(invitees.filter(rsvp=RsvpStatus.DECLINED))
    absent = [name for name in needed if name not in present]
    if not absent:
        detail = _("Alle %(n)s benodigde partijen waren aanwezig bij een gehouden overleg.") % {"n": len(needed)}
    else:
        parts = []
        not_invited = [n for n in absent if n not in invited]
        if not_invited:
            parts.append(_("niet uitgenodigd: %(names)s") % {"names": ", ".join(not_invited)})
        said_no = [n for n in absent if n in invited and n in declined]
        if said_no:
            parts.append(_("afgezegd: %(names)s") % {"names": ", ".join(said_no)})
        missing = [n for n in absent if n in invited and n not in declined]
        if missing:
            parts.append(_("uitgenodigd, maar niet als aanwezig vastgelegd bij een gehouden overleg: %(names)s")
                         % {"names": ", ".join(missing)})
        detail = "; ".join(parts).capitalize() + "."
    return Point("parties_at_table", str(TITLES["parties_at_table"]), not absent, detail)


def _youth_heard(practice_case: PracticeCase) -> Point:
    voices = YouthVoice.objects.filter(meeting__case=practice_case.case).exclude(mode=VoiceMode.NOT_HEARD)
    heard = voices.filter(person__role=PersonRole.JEUGDIGE).exists() or voices.filter(person__isnull=True).exists()
    detail = (_("De stem van de jeugdige is bij een overleg vastgelegd.") if heard
              else _("Bij geen enkel overleg is vastgelegd hoe de jeugdige zelf is gehoord."))
    return Point("youth_heard", str(TITLES["youth_heard"]), heard, detail)


def _casusregisseur(practice_case: PracticeCase) -> Point:
    plan = Plan.objects.filter(case=practice_case.case).select_related("casusregisseur").first()
    met = bool(plan and plan.casusregisseur_id)
    detail = (_("Casusregisseur: %(name)s.") % {"name": plan.casusregisseur.get_full_name()} if met
              else _("Het plan heeft geen casusregisseur."))
    return Point("casusregisseur", str(TITLES["casusregisseur"]), met, detail)


def _plan_b_trigger(practice_case: PracticeCase) -> Point:
    plan_b = PlanScenario.objects.filter(plan__case=practice_case.case, kind=ScenarioKind.B).first()
    met = bool(plan_b and plan_b.description.strip() and plan_b.trigger.strip())
    if met:
        detail = _("Plan B treedt in werking als: %(trigger)s") % {"trigger": plan_b.trigger}
    elif plan_b and plan_b.description.strip():
        detail = _("Plan B is beschreven, maar niet wanneer het in werking treedt.")
    else:
        detail = _("Er is geen plan B beschreven.")
    return Point("plan_b_trigger", str(TITLES["plan_b_trigger"]), met, detail)


def _afschaal_criteria(practice_case: PracticeCase) -> Point:
    close_out = CloseOut.objects.filter(case=practice_case.case).first()
    if close_out is None:
        return Point("afschaal_criteria", str(TITLES["afschaal_criteria"]), False,
                     _("Er is (nog) geen afschaalbesluit vastgelegd."))
    criteria = [close_out.care_organised, close_out.family_self_reliant, close_out.regie_handed_over]
    met = all(criteria)
    detail = (_("Alle drie de criteria zijn met toelichting getoetst.") if met
              else _("%(n)s van de 3 criteria zijn als gehaald vastgelegd.") % {"n": sum(criteria)})
    return Point("afschaal_criteria", str(TITLES["afschaal_criteria"]), met, detail)


CHECKS = {"parties_at_table": _parties_at_table, "youth_heard": _youth_heard, "casusregisseur": _casusregisseur,
          "plan_b_trigger": _plan_b_trigger, "afschaal_criteria": _afschaal_criteria}


def points(practice_case: PracticeCase) -> list[Point]:
    return [CHECKS[key](practice_case) for key in practice_case.scenario_data.get("attention_points", [])
            if key in CHECKS]


def timeline(practice_case: PracticeCase) -> list[dict]:
    """What happened, in simulated days: the stage changes, the trainee's steps and the scripted events."""
    case = practice_case.case
    rows = [{"day": practice_case.day_at(change.created_at), "at": change.created_at,
             "what": _("Fase: %(stage)s") % {"stage": change.get_to_stage_display()}, "reason": change.reason,
             "scripted": False}
            for change in CaseStageChange.objects.filter(case=case)]
    rows += [{"day": practice_case.day_at(event.created_at), "at": event.created_at, "what": event.label,
              "reason": event.description, "scripted": event.kind == "practice_scripted"}
             for event in CaseEvent.objects.filter(case=case)]
    return sorted(rows, key=lambda row: row["at"])


def scripted(practice_case: PracticeCase) -> list[dict]:
    """Every scripted event of the scenario: what it was, and on which simulated day it happened."""
    fired = {f.key: f for f in practice_case.fired.all()}
    rows = [{"key": event["key"], "text": event["text"], "fired": fired.get(event["key"]),
             "information": event.get("action") == "information"}
            for event in events_of(practice_case)]
    # What happened first comes first; what did not happen (yet) after it, in the scenario's order.
    return sorted(rows, key=lambda row: (row["fired"] is None, row["fired"].fired_at if row["fired"] else 0,
                                         row["fired"].pk if row["fired"] else 0))
