"""The access log: one entry per request on a case's personal data, with the right fields; append-only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from privacy.models import AccessLog
from tests.permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

CASE_ENTRIES = [e for e in MATRIX if e.case and e.expected["procesregisseur"] in (200, 302)]


@pytest.mark.parametrize("entry", CASE_ENTRIES, ids=[f"{e.url_name}-{e.method}-{e.case}" for e in CASE_ENTRIES])
def test_every_case_view_writes_exactly_one_entry_with_the_right_fields(client, world, entry):
    user = world.user("procesregisseur")
    case = world.cases[entry.case]
    kwargs = {"case_uuid": case.uuid, **{k: world.object(entry.case, v).pk for k, v in entry.objects.items()}}
    client.force_login(user)
    before = AccessLog.objects.count()
    response = getattr(client, entry.method)(reverse(entry.url_name, kwargs=kwargs), entry.data,
                                             REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Testbrowser/1.0")
    # One entry per request (plus, for the triage team on an aanmelding, the person-known search).
    assert AccessLog.objects.exclude(view="cases:known_person_check").count() == before + 1
    log = AccessLog.objects.exclude(view="cases:known_person_check").order_by("-pk").first()
    assert (log.case_id, log.case_reference, log.user_id, log.username) == (
        case.pk, case.reference, user.pk, user.username)
    assert (log.user_function, log.user_organisation, log.on_behalf_of) == (
        "procesregisseur", str(user.organisation), world.region.name)
    assert (log.ip_address, log.user_agent, log.method) == ("10.1.2.3", "Testbrowser/1.0", entry.method.upper())
    expected_event = {"privacy:person_export_json": "export", "privacy:person_export_pdf": "download",
                      "planning:plan_pdf": "download", "planning:plan_print": "print",
                      "planning:invitation_print": "print", "planning:meeting_ics": "export",
                      "planning:document_download": "download"}
    if entry.method == "get":
        assert log.event == expected_event.get(entry.url_name, "read")
    else:
        assert log.event in ("create", "change", "delete")
    assert log.outcome in ("success", "refused")
    assert log.at.utcoffset().total_seconds() == 0  # stored in UTC
    assert response.status_code < 500


def test_refused_access_is_logged_as_denied_with_the_case(client, world):
    intruder = world.user("other_region")
    case = world.cases["intake"]
    client.force_login(intruder)
    client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}))
    log = AccessLog.objects.get()
    assert (log.outcome, log.case_reference, log.username) == ("denied", case.reference, intruder.username)


def test_searching_the_caseload_is_logged_as_a_search(client, world):
    client.force_login(world.user("procesregisseur"))
    client.get(reverse("cases:my_cases"), {"q": "ZVH"})
    assert AccessLog.objects.get().event == "search"


def test_pages_without_personal_data_write_nothing(client, world):
    client.force_login(world.user("procesregisseur"))
    client.get(reverse("home"))
    client.get(reverse("cases:region_list"))
    assert not AccessLog.objects.exists()


def test_no_code_path_can_change_or_delete_an_entry(client, world):
    client.force_login(world.user("procesregisseur"))
    client.get(reverse("cases:case_detail", kwargs={"case_uuid": world.cases["intake"].uuid}))
    log = AccessLog.objects.get()
    log.event = "delete"
    with pytest.raises(PermissionDenied):
        log.save()
    with pytest.raises(PermissionDenied):
        log.delete()
    with pytest.raises(PermissionDenied):
        AccessLog.objects.filter(pk=log.pk).update(event="delete")
    with pytest.raises(PermissionDenied):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().event == "read"


def test_the_admin_offers_no_change_or_delete(admin_client):
    from django.contrib import admin

    from privacy.models import AccessLog as Model

    model_admin = admin.site._registry[Model]
    request = type("R", (), {"user": type("U", (), {"is_superuser": True, "is_active": True, "is_staff": True})()})()
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)


def test_reading_the_log_is_itself_logged_and_shows_the_own_visit(client, world):
    user = world.user("procesregisseur")
    case = world.cases["intake"]
    client.force_login(user)
    client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}))
    html = client.get(reverse("privacy:case_access_log", kwargs={"case_uuid": case.uuid})).content.decode()
    assert user.username in html and f"/casussen/{case.uuid}/" in html
    assert AccessLog.objects.filter(view="privacy:case_access_log", case_id=case.pk).count() == 1


def test_beheerder_audits_a_user_over_a_period(client, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    client.get(reverse("cases:case_detail", kwargs={"case_uuid": world.cases["intake"].uuid}))
    client.force_login(world.user("beheerder"))
    url = reverse("privacy:user_access_log", kwargs={"subject_user_id": user.pk})
    html = client.get(url, {"start": "2000-01-01"}).content.decode()
    assert world.cases["intake"].reference in html
    assert "Geen toegang vastgelegd" in client.get(url, {"start": "2099-01-01"}).content.decode()
    audit = AccessLog.objects.filter(view="privacy:user_access_log")
    assert audit.count() == 2 and audit.first().subject_user_id == user.pk
    # A beheerder of another region sees nothing of this user.
    from zvh.tests.factories import UserFactory

    client.force_login(UserFactory(beheerder=True))
    assert client.get(url).status_code == 404
