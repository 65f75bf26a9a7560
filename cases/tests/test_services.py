from datetime import date

import pytest
from django.utils import timezone

from cases import services
from cases.constants import CaseStage, PersonRole, TriageDecision, Urgency
from cases.models import Case, CaseEvent
from cases.tests.factories import CaseFactory
from zvh.tests.factories import OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _register(user, **kwargs):
    defaults = {"reason": "Vastgelopen samenwerking", "referrer_goal": "Eén plan", "urgency": Urgency.REGULIER}
    return services.case_register(actor=user, region=user.region, **{**defaults, **kwargs})


def test_references_count_per_region_and_year():
    rr = RegionFactory(code="RR")
    tw = RegionFactory(code="TW")
    a, b = UserFactory(region=rr), UserFactory(region=tw)
    refs = [_register(a).reference, _register(a).reference, _register(b).reference]
    year = timezone.now().year
    assert refs == [f"ZVH-RR-{year}-0001", f"ZVH-RR-{year}-0002", f"ZVH-TW-{year}-0001"]


def test_registration_stores_persons_and_parties_to_invite_and_grants_the_team_triage():
    partner = UserFactory()
    team_member = UserFactory(procesregisseur=True, region=partner.region)
    org = OrganisationFactory(region=partner.region)
    case = _register(
        partner,
        persons=[{"role": PersonRole.JEUGDIGE, "first_name": "Noah", "last_name": "Verbeek",
                  "date_of_birth": date(2011, 3, 14)}],
        parties=[{"organisation": org, "contact_name": "J. de Wit", "contact_email": "j@example.nl"}],
    )
    assert case.stage == CaseStage.AANMELDING
    assert case.persons.get().match_key == "noah|verbeek|2011-03-14"
    assert case.involvements.get().to_invite
    assert list(Case.objects.visible_to(team_member, "triage_case")) == [case]
    assert list(Case.objects.visible_to(partner, "view_referral")) == [case]
    assert not Case.objects.visible_to(partner).exists()
    assert CaseEvent.objects.filter(case=case, kind="registered").exists()


def test_accepting_moves_to_intake_assigns_and_ends_team_triage_access():
    case = CaseFactory()
    pr = UserFactory(procesregisseur=True, region=case.region)
    colleague = UserFactory(procesregisseur=True, region=case.region)
    assert Case.objects.visible_to(colleague, "triage_case").exists()
    case = services.case_triage(case=case, actor=colleague, decision=TriageDecision.ACCEPTED,
                                explanation="Past bij procesregie", procesregisseur=pr)
    assert (case.stage, case.procesregisseur, case.triage_decision) == (CaseStage.INTAKE, pr, "accepted")
    assert case.triaged_by == colleague and case.triaged_at is not None
    assert list(Case.objects.visible_to(pr)) == [case]
    assert not Case.objects.visible_to(colleague, "triage_case").exists()
    assert not Case.objects.visible_to(colleague).exists()


@pytest.mark.parametrize("decision", [TriageDecision.DECLINED, TriageDecision.REFERRED])
def test_declining_or_referring_closes_and_the_referrer_sees_the_outcome(decision):
    case = CaseFactory()
    team = UserFactory(procesregisseur=True, region=case.region)
    case = services.case_triage(case=case, actor=team, decision=decision, explanation="Wijkteam volstaat",
                                referred_to="Veilig Thuis")
    assert case.stage == CaseStage.CLOSED
    assert case.close_reason == "Wijkteam volstaat"
    seen = Case.objects.visible_to(case.referred_by, "view_referral").get()
    assert seen.triage_explanation == "Wijkteam volstaat"
    assert seen.referred_to == ("Veilig Thuis" if decision == TriageDecision.REFERRED else "")


def test_reassignment_grants_the_new_and_revokes_the_old_procesregisseur():
    case = CaseFactory(intake=True)
    old = case.procesregisseur
    new = UserFactory(procesregisseur=True, region=case.region)
    services.case_assign(case=case, procesregisseur=new, actor=new, reason="Werkverdeling")
    assert not Case.objects.visible_to(old).exists()
    assert not Case.objects.visible_to(old, "change_case").exists()
    assert list(Case.objects.visible_to(new, "change_case")) == [case]


def test_cannot_assign_a_procesregisseur_of_another_region_or_a_partner():
    case = CaseFactory(intake=True)
    for user in (UserFactory(procesregisseur=True), UserFactory(region=case.region)):
        with pytest.raises(services.NotAllowed):
            services.case_assign(case=case, procesregisseur=user, actor=case.procesregisseur, reason="Test")


def test_whole_caseload_is_handed_over_at_once_except_closed_cases():
    leaving = UserFactory(procesregisseur=True)
    region = leaving.region
    cases = [CaseFactory(region=region, intake=True, procesregisseur=leaving) for _ in range(3)]
    closed = CaseFactory(region=region, closed=True, procesregisseur=leaving)
    successor = UserFactory(procesregisseur=True, region=region)
    count = services.caseload_reassign(cases=Case.objects.filter(procesregisseur=leaving), to=successor,
                                       actor=successor, reason="Vertrek")
    assert count == 3
    assert set(Case.objects.visible_to(successor)) == set(cases)
    assert list(Case.objects.visible_to(leaving)) == [closed]


def test_nobody_holds_a_model_level_case_permission_managers_included():
    manager = UserFactory(manager=True)
    CaseFactory(region=manager.region, intake=True)
    assert not manager.has_perm("cases.view_case")
    assert not Case.objects.visible_to(manager).exists()


def test_superuser_sees_no_case_through_visible_to():
    admin = UserFactory(is_superuser=True, is_staff=True)
    CaseFactory(intake=True)
    assert not Case.objects.visible_to(admin).exists()


def test_stale_intake_save_is_refused():
    case = CaseFactory(intake=True)
    services.case_update_intake(case=case, actor=case.procesregisseur, expected_version=case.version,
                                zorgvraag="eerste", urgency=Urgency.REGULIER)
    with pytest.raises(services.StaleEdit):
        services.case_update_intake(case=case, actor=case.procesregisseur, expected_version=1,
                                    zorgvraag="tweede", urgency=Urgency.SPOED)
    case.refresh_from_db()
    assert case.zorgvraag == "eerste"
