"""The two helpers of issue 16: `__in_ids` (a list of ids as one parameter) and `reverse_many`."""

import uuid

import pytest
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cases.models import Case
from cases.tests.factories import CaseFactory
from zvh.routing import reverse_many

pytestmark = pytest.mark.django_db


def test_in_ids_selects_the_same_rows_as_in_with_one_parameter():
    cases = [CaseFactory() for _ in range(4)]
    wanted = {cases[0].pk, cases[2].pk, cases[3].pk, 10**12}  # one id that exists nowhere
    with CaptureQueriesContext(connection) as ctx:
        found = set(Case.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True))
    assert found == set(Case.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == wanted - {10**12}
    if connection.vendor == "postgresql":
        assert "= ANY(" in ctx.captured_queries[0]["sql"]
    # Through a foreign key, negated, and empty (matches nothing, as `__in=[]`; excluding nothing keeps all).
    assert set(Case.objects.filter(region_id__in_ids={cases[1].region_id})) >= {cases[1]}
    assert cases[0] not in set(Case.objects.exclude(pk__in_ids={cases[0].pk}))
    assert not Case.objects.filter(pk__in_ids=set()).exists()
    assert Case.objects.exclude(pk__in_ids=set()).count() == 4
    # Only for integer ids: a UUID or text column has no such lookup (nothing is converted).
    with pytest.raises(FieldError):
        Case.objects.filter(uuid__in_ids=[1]).exists()
    with pytest.raises(FieldError):
        Case.objects.filter(reference__in_ids=["7"]).exists()


def test_permission_rows_are_those_of_visible_to_within_the_queryset():
    from cases.permissions import sync_case_permissions
    from zvh.tests.factories import UserFactory

    pr = UserFactory(procesregisseur=True)
    open_case = CaseFactory(monitoring=True, region=pr.region, procesregisseur=pr)
    closed = CaseFactory(closed=True, region=pr.region, procesregisseur=pr)
    for case in (open_case, closed):
        sync_case_permissions(case)
    perms = ["view_case", "cases.manage_plan"]
    rows = set(Case.objects.permission_rows(pr, perms))
    assert rows == {(pk, codename) for codename in ("view_case", "manage_plan")
                    for pk in Case.objects.visible_to(pr, codename).values_list("pk", flat=True)}
    assert (closed.pk, "view_case") in rows and (closed.pk, "manage_plan") not in rows
    assert {pk for pk, _ in Case.objects.open().permission_rows(pr, perms)} == {open_case.pk}


def test_postgresql_runs_without_jit_and_parallel_workers():
    """JIT compilation cost more than the dashboard queries it was meant to speed up, and parallel workers
    for one query slowed every other request on two cores (docs/performance.md)."""
    if connection.vendor != "postgresql":
        # SQLite would refuse the PostgreSQL connection option.
        assert "options" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_reverse_many_gives_the_same_url_as_reverse():
    case_uuid, other = uuid.uuid4(), uuid.uuid4()
    for _ in range(2):  # the second call comes from the template
        assert reverse_many("cases:case_detail", case_uuid=case_uuid) == reverse(
            "cases:case_detail", kwargs={"case_uuid": case_uuid})
    assert reverse_many("monitoring:checkin_record", case_uuid=other, checkin_id=42) == reverse(
        "monitoring:checkin_record", kwargs={"case_uuid": other, "checkin_id": 42})
    assert reverse_many("monitoring:checkin_record", case_uuid=other, checkin_id=7) == reverse(
        "monitoring:checkin_record", kwargs={"case_uuid": other, "checkin_id": 7})
    # Anything but an id or a UUID goes through reverse() itself.
    assert reverse_many("cases:case_detail", case_uuid=str(case_uuid)) == reverse(
        "cases:case_detail", kwargs={"case_uuid": case_uuid})
    # An id the <id:…> converter refuses is reverse()'s to refuse, as before.
    with pytest.raises(NoReverseMatch):
        reverse_many("monitoring:checkin_record", case_uuid=other, checkin_id=10**19)
