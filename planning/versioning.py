"""Snapshots of a plan's content (frozen on adoption) and the differences between two snapshots."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from planning.constants import ActivityStatus, ScenarioKind
from planning.models import Activity, Analysis, Plan

SNAPSHOT_FORMAT = 1


def plan_snapshot(plan: Plan) -> dict:
    """The plan's content as plain JSON: what adoption freezes and what the diff compares.

    A bounded number of queries whatever the plan's size.
    """
    analysis = Analysis.objects.filter(plan=plan).first()
    scenarios = plan.scenarios.prefetch_related(
        Prefetch("activities", queryset=Activity.objects.select_related("organisation", "responsible_user"))
    )
    casusregisseur = plan.casusregisseur
    return {
        "format": SNAPSHOT_FORMAT,
        "version": plan.version,
        "analysis": {
            "facts": analysis.facts if analysis else "",
            "concerns": analysis.concerns if analysis else "",
            "strengths": analysis.strengths if analysis else "",
            "explanation": analysis.explanation if analysis else "",
        },
        "goals": [{"id": g.pk, "text": g.text} for g in plan.goals.all()],
        "solution_directions": [
            {"id": d.pk, "organisation": str(d.organisation), "text": d.text}
            for d in plan.solution_directions.select_related("organisation")
        ],
        "scenarios": {
            s.kind: {
                "description": s.description,
                "trigger": s.trigger,
                "activities": [
                    {
                        "id": a.pk,
                        "what": a.what,
                        "goal_id": a.goal_id,
                        "organisation": str(a.organisation),
                        "responsible": a.responsible,
                        "due_date": a.due_date.isoformat() if a.due_date else None,
                        "status": a.status,
                    }
                    for a in s.activities.all()
                ],
            }
            for s in scenarios
        },
        "information_agreements": plan.information_agreements,
        "casusregisseur": (casusregisseur.get_full_name() or casusregisseur.username) if casusregisseur else "",
        "first_checkin_on": plan.first_checkin_on.isoformat() if plan.first_checkin_on else None,
        "monitoring_notes": plan.monitoring_notes,
    }


@dataclass(frozen=True)
class Change:
    section: str
    label: str
    kind: str  # "added", "removed" or "changed"
    old: str
    new: str

    @property
    def kind_label(self) -> str:
        return {"added": _("toegevoegd"), "removed": _("verwijderd"), "changed": _("gewijzigd")}[self.kind]


def _date_text(iso: str | None) -> str:
    """A snapshot's ISO date as the tables show it (23-11-2026); snapshots keep ISO."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso


def _activity_text(activity: dict, goals: dict) -> str:
    parts = [activity["what"], f"{activity['organisation']}"]
    if activity.get("responsible"):
        parts[-1] += f" ({activity['responsible']})"
    if activity.get("due_date"):
        parts.append(_("uiterlijk %(d)s") % {"d": _date_text(activity["due_date"])})
    if activity.get("goal_id") in goals:
        parts.append(_("doel: %(g)s") % {"g": goals[activity["goal_id"]]})
    parts.append(str(ActivityStatus(activity["status"]).label))
    return " — ".join(parts)


def flatten(snapshot: dict) -> dict[str, tuple[str, str, str]]:
    """key → (section, label, text): every comparable item of a snapshot.

    A snapshot blanked by retention (`{}`) or from an older format simply has fewer items.
    """
    items: dict[str, tuple[str, str, str]] = {}
    snapshot = snapshot if isinstance(snapshot, dict) else {}
    analysis = _("Analyse")
    analysed = snapshot.get("analysis") or {}
    for key, label in (("facts", _("Feiten")), ("concerns", _("Zorgen")), ("strengths", _("Krachten")),
                       ("explanation", _("Verklaring"))):
        items[f"analysis.{key}"] = (analysis, label, analysed.get(key, ""))
    goals = {g["id"]: g["text"] for g in snapshot.get("goals", [])}
    for goal in snapshot.get("goals", []):
        items[f"goal.{goal['id']}"] = (_("Doelen"), _("Doel"), goal["text"])
    for direction in snapshot.get("solution_directions", []):
        items[f"direction.{direction['id']}"] = (_("Oplossingsrichtingen"), direction["organisation"],
                                                 direction["text"])
    for kind, scenario in sorted(snapshot.get("scenarios", {}).items()):
        section = str(ScenarioKind(kind).label)
        items[f"scenario.{kind}.description"] = (section, _("Omschrijving"), scenario.get("description", ""))
        items[f"scenario.{kind}.trigger"] = (section, _("Wanneer treedt het in werking"), scenario.get("trigger", ""))
        for activity in scenario.get("activities", []):
            items[f"activity.{activity['id']}"] = (section, _("Activiteit"), _activity_text(activity, goals))
    agreements = _("Afspraken")
    items["information_agreements"] = (agreements, _("Elkaar op de hoogte houden"),
                                       snapshot.get("information_agreements", ""))
    items["casusregisseur"] = (agreements, _("Casusregisseur"), snapshot.get("casusregisseur", ""))
    items["first_checkin_on"] = (agreements, _("Eerste monitormoment"), _date_text(snapshot.get("first_checkin_on")))
    items["monitoring_notes"] = (agreements, _("Afspraken over monitoring"), snapshot.get("monitoring_notes", ""))
    return items


def snapshot_diff(old: dict, new: dict) -> list[Change]:
    """What changed from `old` to `new`, in the order of the plan's sections."""
    before, after = flatten(old), flatten(new)
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in after and key in before:
            (section, label, new_text), (_s, _l, old_text) = after[key], before[key]
            if new_text != old_text:
                kind = "added" if not old_text else "removed" if not new_text else "changed"
                changes.append(Change(section, label, kind, old_text, new_text))
        elif key in after:
            section, label, text = after[key]
            if text:
                changes.append(Change(section, label, "added", "", text))
        else:
            section, label, text = before[key]
            if text:
                changes.append(Change(section, label, "removed", text, ""))
    return changes
