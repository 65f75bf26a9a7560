"""The stappenplan as a transition table with the exit conditions of each stage.

`check(case, to)` is the one place that decides whether a case may move; it raises
`TransitionRefused` with every unmet condition, in words a procesregisseur understands.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.constants import CaseStage, TriageDecision
from zvh.hooks import Registry

S = CaseStage

# Forward along the stappenplan; monitoring may go back to overleg (escalation or plan change);
# every open stage may be closed with a reason.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.AANMELDING: {S.INTAKE, S.CLOSED},
    S.INTAKE: {S.OVERLEG, S.CLOSED},
    S.OVERLEG: {S.PLAN, S.CLOSED},
    S.PLAN: {S.MONITORING, S.CLOSED},
    S.MONITORING: {S.AFSCHALEN, S.OVERLEG, S.CLOSED},
    S.AFSCHALEN: {S.EVALUATIE, S.CLOSED},
    S.EVALUATIE: {S.CLOSED},
    S.CLOSED: set(),
}

STEPS = [S.AANMELDING, S.INTAKE, S.OVERLEG, S.PLAN, S.MONITORING, S.AFSCHALEN, S.EVALUATIE, S.CLOSED]


class TransitionRefused(Exception):
    """The transition is not allowed; `reasons` names each missing condition."""

    def __init__(self, reasons: list[str]):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class Condition:
    label: str
    holds: Callable[..., bool]  # holds(case, reason) -> bool


def case_fact(label, fact: Callable) -> Condition:
    """A condition that depends on the case only: `fact(case) -> bool` (one cheap query)."""
    return Condition(label, lambda case, reason: fact(case))


def _has_procesregisseur(case, reason):
    return case.procesregisseur_id is not None


def _has_party_to_invite(case, reason):
    return case.involvements.filter(to_invite=True).exists()


def _is_accepted(case, reason):
    return case.triage_decision == TriageDecision.ACCEPTED


def _has_reason(case, reason):
    return bool(reason and reason.strip())


def _has_zorgvraag(case, reason):
    return bool(case.zorgvraag.strip())


# Exit conditions per (from, to). Closing always needs a reason.
CONDITIONS: dict[tuple[str, str], list[Condition]] = {
    (S.AANMELDING, S.INTAKE): [
        Condition(_("de aanmelding is in de triage opgepakt voor procesregie"), _is_accepted),
    ],
    (S.INTAKE, S.OVERLEG): [
        Condition(_("de zorgvraag is vastgelegd"), _has_zorgvraag),
        Condition(_("er is een procesregisseur toegewezen"), _has_procesregisseur),
        Condition(_("minstens één partij is aangemerkt om uit te nodigen"), _has_party_to_invite),
    ],
    (S.MONITORING, S.OVERLEG): [
        Condition(_("de reden om het overleg opnieuw bijeen te roepen is vastgelegd"), _has_reason),
    ],
}
# Hooks run in the transition's transaction after the case entered a stage: hook(case, actor).
STAGE_ENTERED: dict[str, Registry] = {}


def register_conditions(from_stage: str, to_stage: str, *conditions: Condition) -> None:
    """An app whose facts decide a step (planning: the overleg and the plan; monitoring: afschalen
    and evaluatie) adds its exit conditions in `AppConfig.ready()`."""
    existing = CONDITIONS.setdefault((from_stage, to_stage), [])
    existing.extend(c for c in conditions if c not in existing)


def register_stage_entered(stage: str, hook: Callable) -> None:
    STAGE_ENTERED.setdefault(stage, Registry()).register(hook)


def stage_entered(case, actor) -> None:
    for hook in STAGE_ENTERED.get(case.stage, []):
        hook(case=case, actor=actor)
CLOSE_CONDITION = Condition(_("de reden van sluiten is vastgelegd"), _has_reason)


def conditions_for(from_stage: str, to_stage: str) -> list[Condition]:
    if to_stage == S.CLOSED and (from_stage, to_stage) not in CONDITIONS:
        return [CLOSE_CONDITION]
    return CONDITIONS.get((from_stage, to_stage), [])


def forward_stage(stage: str) -> str | None:
    """The next stage along the stappenplan (not counting closing early)."""
    index = STEPS.index(stage)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def unmet_conditions(case, to_stage: str, reason: str = "") -> list[str]:
    return [str(c.label) for c in conditions_for(case.stage, to_stage) if not c.holds(case, reason)]


def exit_status(case) -> list[tuple[str, bool]]:
    """For the stepper: each condition to move forward, and whether it holds now."""
    nxt = forward_stage(case.stage)
    if nxt is None:
        return []
    return [(str(c.label), c.holds(case, "")) for c in conditions_for(case.stage, nxt) if c.holds is not _has_reason]


def check(case, to_stage: str, reason: str = "") -> None:
    """Raise TransitionRefused unless the case may move from its stage to `to_stage`."""
    if to_stage not in ALLOWED_TRANSITIONS.get(case.stage, set()):
        raise TransitionRefused(
            [
                _("van %(from)s naar %(to)s is geen toegestane stap in het stappenplan")
                % {"from": S(case.stage).label, "to": S(to_stage).label}
            ]
        )
    missing = unmet_conditions(case, to_stage, reason)
    if missing:
        raise TransitionRefused(missing)
