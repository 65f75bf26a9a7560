"""Login security: lockout after repeated failures (django-axes) and two-factor authentication
(django-otp), with reset and unlock by the functioneel beheerder in the admin (issue 9)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from zvh.tests.factories import UserFactory
from zvh.two_factor import two_factor_reset

pytestmark = pytest.mark.django_db

PASSWORD = "juist-wachtwoord-2026"


def _login(client, username, password, ip="10.1.2.3"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times, ip="10.1.2.3"):
    """`times` wrong passwords; the one that reaches AXES_FAILURE_LIMIT already gets the lockout page."""
    from django.conf import settings

    for attempt in range(1, times + 1):
        response = _login(client, username, "fout-wachtwoord", ip)
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
            assert "klopt niet" in response.content.decode()
        else:
            assert response.status_code == 429


# ---------------------------------------------------------------------------------------------
# Lockout (django-axes)


def test_five_failures_lock_the_username_from_that_address(client, settings):
    UserFactory(username="sanne", password=PASSWORD)
    _fail(client, "sanne", settings.AXES_FAILURE_LIMIT - 1)
    locked = _login(client, "sanne", "fout-wachtwoord")
    assert locked.status_code == 429  # the fifth failure locks
    # Even the right password is refused now, with a Dutch explanation.
    response = _login(client, "sanne", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen is tijdelijk geblokkeerd" in html
    assert "Probeer het over 15 minuten opnieuw" in html
    assert "functioneel beheerder" in html
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, settings):
    UserFactory(username="sanne", password=PASSWORD)
    UserFactory(username="piet", password=PASSWORD)
    _fail(client, "sanne", settings.AXES_FAILURE_LIMIT)
    assert _login(client, "sanne", PASSWORD).status_code == 429
    assert _login(Client(), "sanne", PASSWORD, ip="10.9.9.9").status_code == 302  # another address
    assert _login(Client(), "piet", PASSWORD).status_code == 302  # another user, same address


def test_lockout_does_not_tell_whether_the_username_exists(client, settings):
    UserFactory(username="sanne", password=PASSWORD)
    _fail(client, "sanne", settings.AXES_FAILURE_LIMIT)
    _fail(client, "bestaat-niet", settings.AXES_FAILURE_LIMIT)
    existing = _login(client, "sanne", PASSWORD)
    unknown = _login(client, "bestaat-niet", PASSWORD)
    assert existing.status_code == unknown.status_code == 429
    assert existing.content == unknown.content
    assert b"sanne" not in existing.content


def test_lockout_ends_after_the_cool_off_period(client, settings):
    UserFactory(username="sanne", password=PASSWORD)
    with freeze_time("2026-03-02 09:00:00") as frozen:
        _fail(client, "sanne", settings.AXES_FAILURE_LIMIT)
        assert _login(client, "sanne", PASSWORD).status_code == 429
        frozen.tick(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        assert _login(client, "sanne", PASSWORD).status_code == 302


def test_successful_login_resets_the_failure_count(client, settings):
    UserFactory(username="sanne", password=PASSWORD)
    _fail(client, "sanne", settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, "sanne", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    _fail(Client(), "sanne", settings.AXES_FAILURE_LIMIT - 1)
    assert _login(Client(), "sanne", PASSWORD).status_code == 302


def _admin_action(client, action, users):
    return client.post(reverse("admin:zvh_user_changelist"), {
        "action": action, "_selected_action": [u.pk for u in users], "index": 0,
    })


@pytest.fixture
def beheerder(world):
    from django.contrib.auth.models import Permission

    user = world.user("beheerder")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="zvh",
                                                         codename__in=["view_user", "change_user"]))
    return user


def test_beheerder_lifts_a_lockout_in_the_admin_and_it_is_logged(client, world, beheerder, settings):
    locked = world.user("partner")
    locked.set_password(PASSWORD)
    locked.save()
    _fail(Client(), locked.username, settings.AXES_FAILURE_LIMIT)
    assert _login(Client(), locked.username, PASSWORD).status_code == 429

    client.force_login(beheerder)
    changelist = client.get(reverse("admin:zvh_user_changelist")).content.decode()
    assert "Inlogblokkade opheffen" in changelist
    response = _admin_action(client, "lift_login_lockout", [locked])
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=locked.username).exists()
    assert LogEntry.objects.filter(object_id=str(locked.pk), user=beheerder,
                                   change_message__contains="Inlogblokkade opgeheven").exists()
    assert _login(Client(), locked.username, PASSWORD).status_code == 302


def test_beheerder_cannot_unlock_or_reset_users_of_another_region(client, world, beheerder, settings):
    stranger = world.user("other_region")
    _fail(Client(), stranger.username, settings.AXES_FAILURE_LIMIT)
    TOTPDevice.objects.create(user=stranger, name="app", confirmed=True)
    client.force_login(beheerder)
    _admin_action(client, "lift_login_lockout", [stranger])
    _admin_action(client, "reset_two_factor", [stranger])
    assert AccessAttempt.objects.filter(username=stranger.username).exists()
    assert TOTPDevice.objects.filter(user=stranger).exists()


# ---------------------------------------------------------------------------------------------
# Two-factor authentication (django-otp)


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return settings


def _enrol(client, user):
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"token": _code(device), "next": "/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return device


def test_without_two_factor_every_page_leads_to_enrolment(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    case_url = reverse("cases:case_detail", kwargs={"case_uuid": world.cases["intake"].uuid})
    for url in [reverse("home"), case_url, reverse("admin:index"), reverse("cases:my_cases")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup") + "?next="), url
    assert client.post(case_url.replace("/", "/", 1)).status_code == 302
    assert client.post(reverse("logout")).status_code == 302  # logging out is always possible


def test_enrolment_shows_a_server_side_qr_code_and_the_secret(client, required, world):
    user = world.user("partner")
    client.force_login(user)
    html = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in html and 'class="segno"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert b32encode(device.bin_key).decode()[:4] in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")


def test_enrolment_with_a_wrong_code_is_refused(client, required, world):
    user = world.user("partner")
    client.force_login(user)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_enrolment_confirms_the_app_and_shows_ten_backup_codes_once(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    _enrol(client, user)
    assert TOTPDevice.objects.get(user=user).confirmed
    page = client.get(reverse("two_factor_backup_codes") + "?next=/")
    codes = page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code in page.content.decode()
    again = client.get(reverse("two_factor_backup_codes"))
    assert again.context["codes"] is None  # shown once
    assert client.get(reverse("home")).status_code == 200


def test_next_login_asks_for_the_code(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    device = _enrol(client, user)
    device.refresh_from_db()
    device.last_t = -1  # let the same 30-second code be used again in this test
    device.save()

    other = Client()
    other.force_login(user)
    response = other.get(reverse("cases:my_cases"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    wrong = other.post(reverse("two_factor_verify"), {"token": "123456"})
    assert "klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = other.post(reverse("two_factor_verify") + "?next=" + reverse("cases:my_cases"),
                          {"token": _code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("cases:my_cases")
    assert other.get(reverse("cases:my_cases")).status_code == 200


def test_a_backup_code_works_once(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    _enrol(client, user)
    code = StaticToken.objects.filter(device__user=user).first().token
    first, second = Client(), Client()
    first.force_login(user)
    assert first.post(reverse("two_factor_verify"), {"token": code.upper()}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    second.force_login(user)
    assert second.post(reverse("two_factor_verify"), {"token": code}).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_verify_does_not_redirect_elsewhere(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    _enrol(client, user)
    code = StaticToken.objects.filter(device__user=user).first().token
    other = Client()
    other.force_login(user)
    response = other.post(reverse("two_factor_verify") + "?next=https://evil.example/", {"token": code})
    assert response["Location"] == reverse("home")


def test_backup_codes_can_be_renewed_by_a_verified_user_only(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    _enrol(client, user)
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    response = client.post(reverse("two_factor_backup_codes"))
    assert response.status_code == 200
    new = set(response.context["codes"])
    assert len(new) == 10 and not (new & old)
    unverified = Client()
    unverified.force_login(user)
    assert unverified.post(reverse("two_factor_backup_codes")).status_code in (302, 404)


def test_beheerder_resets_two_factor_in_the_admin_and_it_is_logged(client, required, world, beheerder):
    user = world.user("partner")
    user_client = Client()
    user_client.force_login(user)
    _enrol(user_client, user)

    # The beheerder passes 2FA first (required), then resets the user's second factor.
    client.force_login(beheerder)
    _enrol(client, beheerder)
    changelist = client.get(reverse("admin:zvh_user_changelist")).content.decode()
    assert "Tweestapsverificatie resetten" in changelist
    response = _admin_action(client, "reset_two_factor", [user])
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    entry = LogEntry.objects.get(object_id=str(user.pk), user=beheerder)
    assert "Tweestapsverificatie gereset" in entry.get_change_message()

    fresh = Client()
    fresh.force_login(user)
    assert fresh.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_reset_service_counts_devices_and_logs(world):
    user, actor = world.user("partner"), world.user("beheerder")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert two_factor_reset(user=user, actor=actor) == 1
    assert LogEntry.objects.filter(object_id=str(user.pk), user=actor).count() == 1


def test_not_required_means_no_second_step(client, settings, world):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(world.user("procesregisseur"))
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("two_factor_setup")).status_code == 200  # enrolment is still possible


def test_the_admin_needs_the_second_factor_too(client, required, world, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("two_factor_setup"))
    _enrol(client, beheerder)
    assert client.get(reverse("admin:index")).status_code == 200
