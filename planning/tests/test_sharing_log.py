"""Issue 15: partners see the report and the adopted plan as far as their ground allows; the sharing
log records each document once per party, exactly what that party was shown."""

from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import InvolvementFactory, PersonFactory
from planning import meeting_services, services
from planning.constants import ActivityStatus, MeetingKind, PlanningEvent
from planning.models import ActivityReport
from privacy.models import Consent, Disclosure
from privacy.services import consent_withdraw

pytestmark = pytest.mark.django_db


def _shared(case):
    return reverse("planning:shared", kwargs={"case_uuid": case.uuid})


def _log(case) -> Counter:
    return Counter((d.organisation.name if d.organisation_id else d.recipient, d.key)
                   for d in Disclosure.objects.filter(case=case).select_related("organisation"))


@pytest.fixture
def shared_world(pworld):
    InvolvementFactory(case=pworld.case, organisation=pworld.police, contact_name="Mark")
    services.plan_adopt(plan=pworld.plan, actor=pworld.user("procesregisseur"))
    return pworld


def test_the_partner_page_shows_invitees_report_plan_and_own_activities(client, shared_world):
    w = shared_world
    client.force_login(w.user("partner"))
    page = client.get(_shared(w.case)).content.decode()
    assert 'data-testid="shared-report"' in page and "Geheim verslag XYZ" in page
    assert 'data-testid="shared-plan"' in page and "Noah gaat elke dag naar school" in page
    invitees = page[page.index('data-testid="shared-invitees"'):]
    assert "Politie basisteam" in invitees
    activities = page[page.index('data-testid="shared-activities"'):]
    assert "Politie spreekt de buurt aan" in activities and "School regelt" not in activities


def test_without_a_valid_ground_the_partner_sees_no_report_and_no_plan_and_nothing_is_logged(client, pworld):
    """The partner is invited, but the police is no party with a ground: only meeting details and activities."""
    services.plan_adopt(plan=pworld.plan, actor=pworld.user("procesregisseur"))
    client.force_login(pworld.user("partner"))
    page = client.get(_shared(pworld.case)).content.decode()
    assert 'data-testid="no-ground"' in page
    assert "Geheim verslag XYZ" not in page and 'data-testid="shared-plan"' not in page
    assert "Politie spreekt de buurt aan" in page
    assert not Disclosure.objects.filter(case=pworld.case, organisation=pworld.police).exists()


def test_a_withdrawn_consent_takes_away_report_and_plan(client, shared_world):
    w = shared_world
    involvement = w.case.involvements.get(organisation=w.police)
    consent = Consent.objects.create(case=w.case, given_by=PersonFactory(case=w.case), information="Alles",
                                     given_on=timezone.localdate() - timedelta(days=30))
    consent.organisations.set([w.police])
    involvement.sharing_basis, involvement.consent = "toestemming", consent
    involvement.save()
    consent_withdraw(consent=consent, actor=w.user("procesregisseur"), withdrawn_on=timezone.localdate())
    client.force_login(w.user("partner"))
    assert client.get(_shared(w.case)).status_code == 404  # access itself rests on the ground


def test_the_sharing_log_counts_exactly_what_each_party_was_shown(client, shared_world,
                                                                  django_capture_on_commit_callbacks):
    w = shared_world
    case, actor = w.case, w.user("procesregisseur")
    # The procesregisseur downloads and prints the plan: no disclosure.
    client.force_login(actor)
    assert client.get(reverse("planning:plan_pdf", kwargs={"case_uuid": case.uuid})).status_code == 200
    client.get(_shared(case))
    assert _log(case) == Counter()
    # A new overleg: the police (by e-mail) and the mother (on paper) are invited, twice over.
    start = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.meeting_schedule(
            case=case, actor=actor, kind=MeetingKind.MONITORING, starts_at=start, ends_at=start + timedelta(hours=1),
            location="ZVH", invitees=[{"user": w.user("partner")}, {"role": "ouder", "name": "Linda", "email": ""}])
        meeting_services.meeting_update(meeting=meeting, actor=actor, kind=meeting.kind, location="ZVH zaal 2",
                                        starts_at=start, ends_at=start + timedelta(hours=1))
    mother = meeting.invitees.get(name="Linda")
    meeting_services.invitation_handed_over(invitee=mother, actor=actor)
    meeting_services.invitation_handed_over(invitee=mother, actor=actor)
    # The partner looks at their page three times: the held meeting's report and plan v1, once each.
    client.force_login(w.user("partner"))
    for _ in range(3):
        client.get(_shared(case))
    # Plan v2 is adopted; the partner looks again.
    services.goal_add(plan=w.plan, actor=actor, text="Noah heeft een vriend in de klas.")
    services.plan_adopt(plan=w.plan, actor=actor)
    client.get(_shared(case))
    assert _log(case) == Counter({
        ("Politie basisteam", f"invitation:{meeting.pk}"): 1,
        ("Ouder / wettelijk vertegenwoordiger: Linda", f"invitation:{meeting.pk}"): 1,
        ("Politie basisteam", f"report:{w.meeting.pk}"): 1,
        ("Politie basisteam", "plan:v1"): 1,
        ("Politie basisteam", "plan:v2"): 1,
    })
    police = Disclosure.objects.filter(case=case, organisation=w.police, key="plan:v2").get()
    assert police.legal_basis == "publieke_taak" and police.by == w.user("partner")


def test_a_partner_reports_progress_on_their_own_activity_only(client, shared_world):
    w = shared_world
    client.force_login(w.user("partner"))
    url = reverse("planning:activity_progress", kwargs={"case_uuid": w.case.uuid, "activity_id": w.police_activity.pk})
    response = client.post(url, {"status": ActivityStatus.IN_PROGRESS, "note": "Buurt is bezocht"})
    assert response.status_code == 302
    w.police_activity.refresh_from_db()
    assert w.police_activity.status == ActivityStatus.IN_PROGRESS
    assert "Buurt is bezocht" in client.get(_shared(w.case)).content.decode()
    assert w.case.events.filter(kind=PlanningEvent.ACTIVITY_PROGRESS).count() == 1
    w.plan.refresh_from_db()
    assert w.plan.is_adopted  # execution, not a new version of the plan
    other = reverse("planning:activity_progress", kwargs={"case_uuid": w.case.uuid,
                                                          "activity_id": w.school_activity.pk})
    client.post(other, {"status": ActivityStatus.DONE, "note": "Niet van mij"})
    w.school_activity.refresh_from_db()
    assert w.school_activity.status != ActivityStatus.DONE
    assert ActivityReport.objects.count() == 1
