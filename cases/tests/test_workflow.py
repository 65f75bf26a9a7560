"""Each rule of the stappenplan: allowed steps, refused steps and the reason given."""

import pytest

from cases import services, workflow
from cases.constants import CaseStage as S
from cases.constants import TriageDecision
from cases.models import CaseStageChange
from cases.tests.factories import CaseFactory, InvolvementFactory

pytestmark = pytest.mark.django_db


def _refusal(case, to, reason=""):
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.case_transition(case=case, to=to, actor=case.procesregisseur, reason=reason)
    return refused.value.reasons


def test_transition_table_matches_the_stappenplan():
    assert workflow.ALLOWED_TRANSITIONS[S.MONITORING] == {S.AFSCHALEN, S.OVERLEG, S.CLOSED}
    for stage in workflow.STEPS[:-1]:
        assert S.CLOSED in workflow.ALLOWED_TRANSITIONS[stage]
        assert workflow.forward_stage(stage) in workflow.ALLOWED_TRANSITIONS[stage]
    assert workflow.ALLOWED_TRANSITIONS[S.CLOSED] == set()


@pytest.mark.parametrize(
    ("trait", "to"),
    [("intake", S.PLAN), ("intake", S.MONITORING), ("overleg", S.INTAKE), ("plan", S.OVERLEG),
     ("afschalen", S.MONITORING), ("closed", S.INTAKE)],
)
def test_steps_outside_the_table_are_refused_and_say_so(trait, to):
    case = CaseFactory(**{trait: True})
    reasons = _refusal(case, to, reason="toch proberen")
    assert reasons == [f"van {S(case.stage).label} naar {S(to).label} is geen toegestane stap in het stappenplan"]
    assert not CaseStageChange.objects.exists()


def test_aanmelding_to_intake_needs_acceptance_in_triage():
    case = CaseFactory()
    assert _refusal(case, S.INTAKE) == ["de aanmelding is in de triage opgepakt voor procesregie"]
    case.triage_decision = TriageDecision.ACCEPTED
    case.save()
    services.case_transition(case=case, to=S.INTAKE, actor=None)
    case.refresh_from_db()
    assert case.stage == S.INTAKE


def test_intake_to_overleg_names_every_missing_condition():
    case = CaseFactory(stage=S.INTAKE, zorgvraag="")
    assert _refusal(case, S.OVERLEG) == [
        "de zorgvraag is vastgelegd",
        "er is een procesregisseur toegewezen",
        "minstens één partij is aangemerkt om uit te nodigen",
    ]


def test_intake_to_overleg_with_procesregisseur_zorgvraag_and_party_to_invite():
    case = CaseFactory(intake=True)
    InvolvementFactory(case=case, to_invite=False)
    assert _refusal(case, S.OVERLEG) == ["minstens één partij is aangemerkt om uit te nodigen"]
    InvolvementFactory(case=case, to_invite=True)
    change = services.case_transition(case=case, to=S.OVERLEG, actor=case.procesregisseur, reason="klaar")
    assert (change.from_stage, change.to_stage, change.actor, change.reason) == (
        S.INTAKE, S.OVERLEG, case.procesregisseur, "klaar")
    case.refresh_from_db()
    assert case.stage == S.OVERLEG


def test_overleg_to_plan_needs_a_meeting_that_covered_the_agenda():
    case = CaseFactory(overleg=True)
    assert "een overleg heeft de hele agenda (a t/m d) besproken" in _refusal(case, S.PLAN)


def test_plan_to_monitoring_needs_adopted_plan_casusregisseur_and_first_checkin():
    case = CaseFactory(plan=True)
    assert _refusal(case, S.MONITORING) == [
        "het plan van aanpak is vastgesteld",
        "er is een casusregisseur benoemd",
        "het eerste monitormoment is gepland",
    ]


def test_monitoring_back_to_overleg_needs_a_recorded_reason():
    case = CaseFactory(monitoring=True)
    assert _refusal(case, S.OVERLEG, reason="   ") == [
        "de reden om het overleg opnieuw bijeen te roepen is vastgelegd"]
    services.case_transition(case=case, to=S.OVERLEG, actor=case.procesregisseur, reason="Opschaling")
    case.refresh_from_db()
    assert case.stage == S.OVERLEG


def test_monitoring_to_afschalen_needs_the_close_out_or_monitoring_judged_unnecessary():
    from monitoring.models import MonitoringArrangement

    case = CaseFactory(monitoring=True)
    assert _refusal(case, S.AFSCHALEN, reason="klaar") == [
        "de afschaalcriteria zijn vastgelegd, of monitoren is niet nodig bevonden"]
    MonitoringArrangement.objects.create(case=case, not_needed=True, not_needed_reason="Hulp loopt")
    services.case_transition(case=case, to=S.AFSCHALEN, actor=case.procesregisseur)
    case.refresh_from_db()
    assert case.stage == S.AFSCHALEN


def test_afschalen_to_evaluatie_needs_the_close_out_choosing_an_evaluation():
    from closeout.models import CloseOut

    case = CaseFactory(afschalen=True)
    assert _refusal(case, S.EVALUATIE) == [
        "het afschaalbesluit (criteria, overdracht, nazorg) is vastgelegd",
        "in het afschaalbesluit is gekozen voor een evaluatie",
    ]
    close_out = CloseOut.objects.create(case=case, evaluate=False, no_evaluation_reason="Gezin wil niet")
    assert _refusal(case, S.EVALUATIE) == ["in het afschaalbesluit is gekozen voor een evaluatie"]
    close_out.evaluate = True
    close_out.save()
    services.case_transition(case=case, to=S.EVALUATIE, actor=case.procesregisseur)


def test_evaluatie_closes_only_after_the_evaluation_or_its_explicit_skip():
    from closeout.models import Evaluation

    case = CaseFactory(evaluatie=True)
    assert _refusal(case, S.CLOSED, reason="klaar") == ["de evaluatie is vastgelegd, of met reden overgeslagen"]
    Evaluation.objects.create(case=case, skipped=True, skip_reason="Partijen niet beschikbaar")
    services.case_transition(case=case, to=S.CLOSED, actor=case.procesregisseur, reason="Afgerond")


def test_any_open_stage_can_be_closed_with_a_reason():
    for trait in ["intake", "overleg", "plan", "monitoring", "afschalen"]:
        case = CaseFactory(**{trait: True})
        services.case_transition(case=case, to=S.CLOSED, actor=case.procesregisseur, reason="Ingetrokken")
        case.refresh_from_db()
        assert case.stage == S.CLOSED
        assert case.closed_at is not None
        assert case.close_reason == "Ingetrokken"


def test_every_transition_is_recorded_with_from_to_who_when_why():
    case = CaseFactory(monitoring=True)
    services.case_transition(case=case, to=S.OVERLEG, actor=case.procesregisseur, reason="Opschaling")
    change = CaseStageChange.objects.get(case=case)
    assert (change.from_stage, change.to_stage, change.actor_id, change.reason) == (
        S.MONITORING, S.OVERLEG, case.procesregisseur_id, "Opschaling")
    assert change.created_at is not None
