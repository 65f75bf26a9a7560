"""The access log records what actually happened: creates, refusals, per-person reads, dashboards, the log itself."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponseRedirect
from django.test import RequestFactory
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import CaseFactory, PersonFactory
from cases.tests.test_views import _registration_data
from privacy import audit
from privacy.models import AccessLog
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _last():
    return AccessLog.objects.order_by("-pk").first()


def test_registering_an_aanmelding_is_logged_as_a_create_of_that_case(client):
    partner = UserFactory()
    client.force_login(partner)
    client.get(reverse("cases:register"))
    assert not AccessLog.objects.exists()  # the empty form shows no personal data
    client.post(reverse("cases:register"), _registration_data(partner.organisation))
    case = Case.objects.get()
    entry = AccessLog.objects.get(view="cases:register")
    assert (entry.event, entry.outcome, entry.case_id, entry.user_id) == ("create", "success", case.pk, partner.pk)


def test_a_registration_with_errors_is_logged_as_refused(client):
    partner = UserFactory()
    client.force_login(partner)
    client.post(reverse("cases:register"), _registration_data(partner.organisation, reason=""))
    entry = AccessLog.objects.get(view="cases:register")
    assert (entry.event, entry.outcome, entry.case_id) == ("create", "refused", None)


def test_a_wrong_method_is_refused_not_a_successful_read(client):
    case = CaseFactory(intake=True)
    client.force_login(case.procesregisseur)
    involvement_url = reverse("privacy:involvement_stop_sharing", kwargs={"case_uuid": case.uuid, "involvement_id": 1})
    assert client.get(involvement_url).status_code == 405
    assert (_last().outcome, _last().case_id) == ("refused", case.pk)


def test_a_redirect_to_the_login_page_is_not_a_read():
    request = RequestFactory().get("/casussen/")
    response = HttpResponseRedirect(f"{reverse('login')}?next=/casussen/")
    assert audit._outcome(request, response) == "denied"
    assert audit._outcome(request, HttpResponseRedirect("/casussen/elders/")) == "success"


def test_the_per_person_log_includes_reads_of_case_pages_showing_that_person(client):
    case = CaseFactory(intake=True)
    youth = PersonFactory(case=case)
    client.force_login(case.procesregisseur)
    detail = reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})
    client.get(detail)
    client.get(reverse("privacy:case_privacy", kwargs={"case_uuid": case.uuid}))
    html = client.get(reverse("privacy:case_access_log", kwargs={"case_uuid": case.uuid}),
                      {"persoon": youth.pk}).content.decode()
    assert f"<span class=\"small text-body-secondary\">{detail}</span>" in html
    assert _last().person_id == youth.pk  # reading the log about the person is logged about the person


def test_dashboard_views_and_exports_are_logged(client):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    client.get(reverse("dashboards:region"))
    client.get(reverse("dashboards:region_export"))
    assert list(AccessLog.objects.order_by("pk").values_list("view", "event")) == [
        ("dashboards:region", "read"), ("dashboards:region_export", "export")]


def test_reading_the_log_is_logged_in_the_app_and_in_the_admin(client, admin_client):
    beheerder = UserFactory(beheerder=True)
    client.force_login(beheerder)
    client.get(reverse("privacy:user_log_index"))
    assert AccessLog.objects.filter(view="privacy:user_log_index", user_id=beheerder.pk).exists()
    admin_client.get(reverse("admin:privacy_accesslog_changelist"))
    assert AccessLog.objects.filter(view="admin:privacy_accesslog_changelist").exists()
    entry = AccessLog.objects.first()
    admin_client.get(reverse("admin:privacy_accesslog_change", args=[entry.pk]))
    assert AccessLog.objects.filter(view="admin:privacy_accesslog_change").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only (CI)")
@pytest.mark.parametrize("statement", [
    "UPDATE privacy_accesslog SET username = 'x'",
    "DELETE FROM privacy_accesslog",
    "TRUNCATE privacy_accesslog",
])
def test_postgresql_refuses_changing_the_log_through_a_raw_cursor(statement):
    AccessLog.objects.create(event="read", outcome="success", username="paula")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL zvh.allow_truncate = 'off'")
        cursor.execute(statement)
    assert AccessLog.objects.get().username == "paula"
