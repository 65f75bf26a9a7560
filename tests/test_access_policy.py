"""The case access policy through the lifecycle (issue 12): closed cases, takeovers, former holders,
stand-ins, sharing grounds, copied facts, reconciliation — and a stateful check that after any sequence
of service calls the stored guardian rows equal what the policy grants."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from cases import access, services
from cases.models import Case, CaseEvent, CaseUserObjectPermission, StandIn
from cases.permissions import (
    apply_stand_in_periods,
    desired_user_permissions,
    reconcile_all,
    stored_user_permissions,
    sync_case_permissions,
)
from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from monitoring.models import CheckIn, Notification
from monitoring.services import MonitoringRefused
from monitoring.tests.factories import CheckInFactory, EscalationFactory, monitoring_case
from planning import meeting_services as planning_meeting_services
from planning import services as planning_services
from planning.models import Plan
from planning.tests.factories import MeetingFactory, MeetingInviteeFactory
from privacy.models import Consent
from privacy.services import consent_withdraw
from zvh import hooks
from zvh.constants import Function
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _perms(user, case):
    return set(CaseUserObjectPermission.objects.filter(user=user, content_object=case)
               .values_list("permission__codename", flat=True))


# -- closed and anonymised cases are read-only --------------------------------------------------


def test_closing_ends_every_write_and_the_casusregisseur_and_partner_access():
    case = monitoring_case()
    casusregisseur = case.plan.casusregisseur
    partner = UserFactory(region=case.region)
    MeetingInviteeFactory(meeting=MeetingFactory(case=case), user=partner)
    assert "record_progress" in _perms(casusregisseur, case) and "view_shared" in _perms(partner, case)

    services.case_transition(case=case, to="closed", actor=case.procesregisseur, reason="Ingetrokken")

    assert _perms(casusregisseur, case) == set() and _perms(partner, case) == set()
    assert _perms(case.procesregisseur, case) == {"view_case", "view_personal_data", "view_referral",
                                                  "record_nazorg", "handle_subject_rights", "share_lesson"}


@pytest.mark.parametrize("write", [
    lambda case, actor: services.person_add(case=case, actor=actor, role="jeugdige", first_name="A", last_name="B"),
    lambda case, actor: services.case_update_intake(case=case, actor=actor, expected_version=case.version,
                                                    zorgvraag="x", urgency="spoed"),
    lambda case, actor: planning_meeting_services.meeting_cancel(meeting=MeetingFactory(case=case), actor=actor,
                                                                 reason="x"),
    lambda case, actor: planning_services.plan_get_or_create(case=case, actor=actor),
    lambda case, actor: __import__("monitoring.services").services.arrangement_set(
        case=case, actor=actor, frequency_days=14, not_needed=False),
    lambda case, actor: __import__("monitoring.services").services.escalation_raise(
        case=case, actor=actor, reason="cooperation", explanation="x", urgency="regulier"),
])
def test_every_write_service_refuses_a_closed_case_and_writes_nothing(write):
    case = CaseFactory(closed=True)
    before = (CaseEvent.objects.count(), Case.objects.get(pk=case.pk).last_activity_at)
    with pytest.raises((access.NotAllowed, MonitoringRefused)):
        write(case, case.procesregisseur)
    assert (CaseEvent.objects.count(), Case.objects.get(pk=case.pk).last_activity_at) == before


def test_anonymised_case_keeps_only_reading_what_is_left():
    case = CaseFactory(closed=True)
    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now())
    sync_case_permissions(case)
    assert _perms(case.procesregisseur, case) == {"view_case", "view_referral", "handle_subject_rights"}
    with pytest.raises(access.CaseReadOnly):
        access.ensure_writable(case)


def test_nazorg_after_closure_is_recorded_by_the_procesregisseur(client):
    case = monitoring_case()
    nazorg = CheckInFactory(case=case, kind="nazorg", scheduled_on=TODAY + timedelta(days=30))
    services.case_transition(case=case, to="closed", actor=case.procesregisseur, reason="Afgerond")
    nazorg.refresh_from_db()
    assert nazorg.assignee == case.procesregisseur  # the casusregisseur has no access any more
    client.force_login(case.procesregisseur)
    url = reverse("monitoring:checkin_record", kwargs={"case_uuid": case.uuid, "checkin_id": nazorg.pk})
    page = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert url in page and "Nazorgcontact vastleggen" in page
    response = client.post(url, {"progress": "Gaat goed", "cooperation": "good", "next_on": ""})
    assert response.status_code == 302
    assert CheckIn.objects.get(pk=nazorg.pk).done_at is not None


def test_closed_case_page_offers_no_edit_and_says_it_is_read_only(client):
    case = CaseFactory(closed=True)
    client.force_login(case.procesregisseur)
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert 'data-testid="read-only"' in html
    for label in ("Zorgvraag bewerken", "Persoon toevoegen", "Partij toevoegen", "Toewijzen"):
        assert label not in html


# -- assignment -------------------------------------------------------------------------------


def test_takeover_of_a_closed_case_is_a_404_and_writes_nothing(client):
    case = CaseFactory(closed=True)
    colleague = UserFactory(procesregisseur=True, region=case.region)
    client.force_login(colleague)
    url = reverse("cases:assign", kwargs={"case_uuid": case.uuid})
    response = client.post(url, {"procesregisseur": colleague.pk, "reason": "Overname"})
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).procesregisseur == case.procesregisseur
    assert _perms(colleague, case) == set()
    with pytest.raises(access.NotAllowed):
        services.case_assign(case=case, procesregisseur=colleague, actor=colleague, reason="Overname")


def test_assignment_needs_a_reason_and_tells_the_previous_procesregisseur(client):
    case = CaseFactory(intake=True)
    previous = case.procesregisseur
    colleague = UserFactory(procesregisseur=True, region=case.region)
    client.force_login(colleague)
    url = reverse("cases:assign", kwargs={"case_uuid": case.uuid})
    response = client.post(url, {"procesregisseur": colleague.pk, "reason": ""})
    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()
    assert Case.objects.get(pk=case.pk).procesregisseur == previous

    response = client.post(url, {"procesregisseur": colleague.pk, "reason": "Ziekte van de collega"})
    assert response.status_code == 302
    event = CaseEvent.objects.filter(case=case, kind="assigned").latest("pk")
    assert "Ziekte van de collega" in event.description and event.actor == colleague
    told = Notification.objects.get(recipient=previous, case=case)
    assert colleague.get_full_name() in told.title and told.url == reverse("cases:my_cases")
    assert _perms(previous, case) == set()
    from privacy.models import AccessLog

    assert AccessLog.objects.filter(case_id=case.pk, user_id=colleague.pk, method="POST").exists()


# -- former holders, sharing grounds and function changes --------------------------------------


def test_reminder_and_open_checkin_move_to_the_new_casusregisseur(client):
    checkin = CheckInFactory(scheduled_on=TODAY)
    case = checkin.case
    old = checkin.assignee
    new = UserFactory(region=case.region)
    from monitoring import reminders

    assert reminders.sweep() == 1
    planning_services.casusregisseur_appoint(plan=case.plan, actor=case.procesregisseur, casusregisseur=new)
    checkin.refresh_from_db()
    assert checkin.assignee == new
    assert not Notification.objects.filter(recipient=old, read_at__isnull=True).exists()
    assert _perms(old, case) == set()
    reminders.sweep()
    note = Notification.objects.get(recipient=new, kind="checkin_due")
    client.force_login(new)
    assert client.get(note.url).status_code == 200
    client.force_login(old)
    assert client.get(note.url).status_code == 404


def test_partner_reminder_links_to_their_shared_page(client):
    from monitoring import reminders
    from planning.models import Scenario
    from planning.tests.factories import ActivityFactory

    case = monitoring_case()
    Scenario.objects.bulk_create([Scenario(plan=case.plan, kind=kind) for kind in ("A", "B")])
    partner = UserFactory(region=case.region)
    ActivityFactory(plan=case.plan, organisation=partner.organisation, responsible_user=partner,
                    due_date=TODAY - timedelta(days=2))
    reminders.sweep()
    note = Notification.objects.get(recipient=partner, kind="activity_overdue")
    assert str(partner.organisation) in note.title
    client.force_login(partner)
    assert client.get(note.url).status_code == 200


def test_involvement_no_longer_current_ends_the_partner_access():
    case = CaseFactory(intake=True)
    partner = UserFactory(region=case.region)
    involvement = InvolvementFactory(case=case, organisation=partner.organisation, contact_user=partner)
    sync_case_permissions(case)
    assert _perms(partner, case) == {"view_shared"}
    services.involvement_update(involvement=involvement, actor=case.procesregisseur, is_current=False)
    assert _perms(partner, case) == set()


def test_withdrawn_and_expired_consent_end_the_partner_access():
    from privacy.access_hooks import sync_expired_consents

    case = CaseFactory(plan=True)
    person = PersonFactory(case=case)
    partners = [UserFactory(region=case.region) for _ in range(2)]
    consents = []
    for partner, valid_until in zip(partners, (None, TODAY + timedelta(days=1)), strict=True):
        consent = Consent.objects.create(case=case, given_by=person, information="x", given_on=TODAY,
                                         valid_until=valid_until)
        consent.organisations.set([partner.organisation])
        InvolvementFactory(case=case, organisation=partner.organisation, sharing_basis="toestemming",
                           consent=consent)
        MeetingInviteeFactory(meeting=MeetingFactory(case=case), user=partner)
        consents.append(consent)
    assert all(_perms(p, case) == {"view_shared"} for p in partners)

    consent_withdraw(consent=consents[0], actor=case.procesregisseur, withdrawn_on=TODAY)
    assert _perms(partners[0], case) == set() and _perms(partners[1], case) == {"view_shared"}

    with freeze_time(timezone.now() + timedelta(days=2)):
        assert sync_expired_consents() == 1
        assert _perms(partners[1], case) == set()


def test_procesregisseur_who_became_manager_loses_case_and_triage_access():
    case = CaseFactory(intake=True)
    triage = CaseFactory(region=case.region)
    user = case.procesregisseur
    assert Case.objects.visible_to(user, "triage_case").filter(pk=triage.pk).exists()
    user.function = Function.MANAGER
    user.save(update_fields=["function"])
    hooks.user_changed(user, {"function"}, actor=None)
    assert _perms(user, case) == set()
    assert not Case.objects.visible_to(user).exists()
    assert not Case.objects.visible_to(user, "triage_case").exists()


def test_deactivated_casusregisseur_loses_access():
    case = monitoring_case()
    casusregisseur = case.plan.casusregisseur
    casusregisseur.is_active = False
    casusregisseur.save(update_fields=["is_active"])
    hooks.user_changed(casusregisseur, {"is_active"}, actor=None)
    assert _perms(casusregisseur, case) == set()


# -- stand-in (waarneming) -----------------------------------------------------------------------


def test_stand_in_has_access_and_reminders_during_the_period_only(client):
    case = monitoring_case()
    absent = case.procesregisseur
    stand_in = UserFactory(procesregisseur=True, region=case.region)
    record = services.stand_in_set(absent=absent, stand_in=stand_in, starts_on=TODAY, ends_on=TODAY + timedelta(days=6),
                                   reason="Vakantie", actor=absent)
    assert _perms(stand_in, case) == _perms(absent, case)
    assert CaseEvent.objects.filter(case=case, kind="stand_in_set").exists()
    client.force_login(absent)
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert 'data-testid="stand-in"' in html and stand_in.get_full_name() in html

    from monitoring.services import escalation_raise

    escalation_raise(case=case, actor=case.plan.casusregisseur, reason="cooperation", explanation="Vast",
                     urgency="spoed")
    assert Notification.objects.filter(recipient=stand_in, kind="escalation_raised").exists()
    EscalationFactory(case=case, raised_at=timezone.now() - timedelta(days=5))
    from monitoring import reminders

    reminders.sweep()
    assert Notification.objects.filter(recipient=stand_in, kind="escalation_unack").exists()

    # The period ends by itself: the hourly task the day after the last day.
    with freeze_time(timezone.now() + timedelta(days=7)):
        assert record.ends_on < timezone.localdate()
        assert apply_stand_in_periods() == 1
        assert apply_stand_in_periods() == 0  # idempotent
    assert _perms(stand_in, case) == set()
    assert _perms(absent, case)


def test_stand_in_for_a_colleague_is_arranged_by_the_manager_not_by_another_procesregisseur():
    absent = UserFactory(procesregisseur=True)
    other = UserFactory(procesregisseur=True, region=absent.region)
    stand_in = UserFactory(procesregisseur=True, region=absent.region)
    manager = UserFactory(manager=True, region=absent.region)
    with pytest.raises(access.NotAllowed):
        services.stand_in_set(absent=absent, stand_in=stand_in, starts_on=TODAY, ends_on=TODAY, reason="x",
                              actor=other)
    services.stand_in_set(absent=absent, stand_in=stand_in, starts_on=TODAY, ends_on=TODAY, reason="Ziek",
                          actor=manager)
    assert StandIn.objects.current().filter(absent=absent, stand_in=stand_in).exists()


def test_the_stand_in_and_the_absent_one_hear_of_a_stand_in_arranged_or_ended_by_someone_else():
    absent = UserFactory(procesregisseur=True)
    stand_in = UserFactory(procesregisseur=True, region=absent.region)
    manager = UserFactory(manager=True, region=absent.region)
    record = services.stand_in_set(absent=absent, stand_in=stand_in, starts_on=TODAY, ends_on=TODAY + timedelta(days=2),
                                   reason="Ziek", actor=manager)
    named = Notification.objects.get(recipient=stand_in)
    assert absent.get_full_name() in named.title and named.url == reverse("cases:stand_ins")
    assert Notification.objects.filter(recipient=absent, title__contains=stand_in.get_full_name()).exists()
    assert not Notification.objects.filter(recipient=manager).exists()

    services.stand_in_end(record=record, actor=stand_in)  # the stand-in ends it: only the absent one hears
    assert Notification.objects.filter(recipient=absent, title__contains="beëindigd").count() == 1
    assert not Notification.objects.filter(recipient=stand_in, title__contains="beëindigd").exists()


def test_stand_in_must_be_an_eligible_colleague_of_the_region():
    absent = UserFactory(procesregisseur=True)
    for candidate in (UserFactory(procesregisseur=True), UserFactory(region=absent.region),
                      UserFactory(manager=True, region=absent.region)):
        with pytest.raises(access.NotAllowed):
            services.stand_in_set(absent=absent, stand_in=candidate, starts_on=TODAY, ends_on=TODAY, reason="x",
                                  actor=absent)


# -- reconciliation --------------------------------------------------------------------------


def test_nightly_reconciliation_repairs_drift_and_reports_it():
    case = CaseFactory(intake=True)
    intruder = UserFactory(procesregisseur=True, region=case.region)
    from guardian.shortcuts import assign_perm

    assign_perm("view_case", intruder, case)  # drift: a row no fact supports
    run = reconcile_all()
    assert (run.rows_removed, run.rows_added) == (1, 0) and run.cases_checked == Case.objects.count()
    assert _perms(intruder, case) == set()
    assert reconcile_all().rows_removed == 0


# -- stateful: stored rows always equal the desired ones ------------------------------------------


class AccessMachine(RuleBasedStateMachine):
    """Any sequence of the services that change facts leaves exactly the permissions the policy grants."""

    @initialize()
    def world(self):
        self.case = CaseFactory(plan=True)
        region = self.case.region
        self.procesregisseurs = [self.case.procesregisseur,
                                 *(UserFactory(procesregisseur=True, region=region) for _ in range(2))]
        self.partners = [UserFactory(region=region) for _ in range(3)]
        self.person = PersonFactory(case=self.case)
        self.meeting = MeetingFactory(case=self.case)
        self.plan = planning_services.plan_get_or_create(case=self.case, actor=self.case.procesregisseur)
        self.consents = []

    def _actor(self):
        return Case.objects.get(pk=self.case.pk).procesregisseur or self.procesregisseurs[0]

    def _refresh(self):
        self.case = Case.objects.get(pk=self.case.pk)

    @rule(i=st.integers(0, 2))
    def assign(self, i):
        self._refresh()
        try:
            services.case_assign(case=self.case, procesregisseur=self.procesregisseurs[i], actor=self._actor(),
                                 reason="Werkverdeling")
        except access.NotAllowed:
            pass

    @rule(i=st.integers(0, 2), ok=st.booleans())
    def appoint(self, i, ok):
        try:
            planning_services.casusregisseur_appoint(plan=Plan.objects.get(pk=self.plan.pk), actor=self._actor(),
                                                     casusregisseur=self.partners[i] if ok else None)
        except access.NotAllowed:
            pass

    @rule(i=st.integers(0, 2))
    def invite(self, i):
        try:
            planning_meeting_services.invitee_add(meeting=self.meeting, actor=self._actor(), user=self.partners[i],
                                                  organisation=self.partners[i].organisation, role="professional")
        except access.NotAllowed:
            pass

    @rule(i=st.integers(0, 2), current=st.booleans(), with_consent=st.booleans())
    def involve(self, i, current, with_consent):
        self._refresh()
        if access.is_writable(self.case) is False:
            return
        organisation = self.partners[i].organisation
        consent = None
        if with_consent:
            consent = Consent.objects.create(case=self.case, given_by=self.person, information="x", given_on=TODAY)
            consent.organisations.set([organisation])
            self.consents.append(consent)
        existing = self.case.involvements.filter(organisation=organisation).first()
        fields = {"is_current": current, "sharing_basis": "toestemming" if consent else "publieke_taak",
                  "consent": consent, "contact_user": self.partners[i]}
        if existing:
            services.involvement_update(involvement=existing, actor=self._actor(), **fields)
        else:
            services.involvement_add(case=self.case, actor=self._actor(), organisation=organisation, **fields)

    @rule()
    def withdraw(self):
        open_consents = [c for c in self.consents if not Consent.objects.get(pk=c.pk).withdrawn_on]
        if open_consents:  # the latest one is the ground an involvement rests on now
            consent_withdraw(consent=open_consents[-1], actor=self._actor(), withdrawn_on=TODAY)

    @rule(i=st.integers(0, 2), function=st.sampled_from([Function.MANAGER, Function.PROCESREGISSEUR]))
    def change_function(self, i, function):
        user = self.procesregisseurs[i]
        user.function = function
        user.save(update_fields=["function"])
        hooks.user_changed(user, {"function"}, actor=None)

    @rule(i=st.integers(1, 2))
    def stand_in(self, i):
        self._refresh()
        absent = self.case.procesregisseur
        try:
            services.stand_in_set(absent=absent, stand_in=self.procesregisseurs[i], starts_on=TODAY, ends_on=TODAY,
                                  reason="Vakantie", actor=absent)
        except access.NotAllowed:
            pass

    @rule()
    def close(self):
        self._refresh()
        if access.is_writable(self.case):
            services.case_transition(case=self.case, to="closed", actor=self._actor(), reason="Ingetrokken")

    @invariant()
    def stored_equals_desired(self):
        if not hasattr(self, "case"):
            return
        case = Case.objects.get(pk=self.case.pk)
        assert stored_user_permissions(case) == {k: v for k, v in desired_user_permissions(case).items() if v}


@pytest.mark.django_db(transaction=False)
def test_stored_permissions_equal_desired_after_any_sequence_of_service_calls():
    run_state_machine_as_test(AccessMachine, settings=settings(
        max_examples=30, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck),
        derandomize=True, database=None))


def test_a_write_racing_the_closure_gets_a_message_not_a_500(client, monkeypatch):
    """The case is closed between the check of the view and the write of the service (a second tab)."""
    case = CaseFactory(intake=True, zorgvraag="oud")
    client.force_login(case.procesregisseur)
    real = services.case_update_intake

    def close_first(**kwargs):
        Case.objects.filter(pk=case.pk).update(stage="closed", closed_at=timezone.now())
        return real(**kwargs)

    monkeypatch.setattr(services, "case_update_intake", close_first)
    response = client.post(reverse("cases:intake_edit", kwargs={"case_uuid": case.uuid}),
                           {"zorgvraag": "nieuw", "urgency": "spoed", "version": case.version}, follow=True)
    assert response.status_code == 200
    assert "afgesloten" in response.content.decode()
    assert Case.objects.get(pk=case.pk).zorgvraag == "oud"


def test_the_policy_table_grants_no_write_after_closure_but_the_nazorg_contact():
    for relation in access.Relation:
        assert access.actions_for(relation, "closed") & access.WRITE_ACTIONS <= {access.RECORD_NAZORG}, relation
        assert not access.actions_for(relation, access.ANONYMISED) & access.WRITE_ACTIONS, relation
    assert access.actions_for(access.Relation.CASUSREGISSEUR, "closed") == frozenset()
    assert access.actions_for(access.Relation.INVITEE, "closed") == frozenset()
