"""Login security: lockout after repeated failures (django-axes) and two-factor authentication
(django-otp), with reset and unlock by the functioneel beheerder in the admin (issue 9)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from zvh.tests.factories import UserFactory
from zvh.two_factor import activation_issue, two_factor_reset

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


def _activate(client, user, world):
    """The beheerder sends an activation link; the logged-in user opens it."""
    link = activation_issue(user=user, actor=world.user("superuser"))
    response = client.get(link.removeprefix(django_settings.SITE_URL.rstrip("/")))
    assert response.status_code == 302 and response["Location"] == reverse("two_factor_setup")


def _enrol(client, user, world):
    _activate(client, user, world)
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
    _activate(client, user, world)
    html = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in html and 'class="segno"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert b32encode(device.bin_key).decode()[:4] in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")


def test_enrolment_with_a_wrong_code_is_refused(client, required, world):
    user = world.user("partner")
    client.force_login(user)
    _activate(client, user, world)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_enrolment_confirms_the_app_and_shows_ten_backup_codes_once(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    _enrol(client, user, world)
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
    device = _enrol(client, user, world)
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
    _enrol(client, user, world)
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
    _enrol(client, user, world)
    code = StaticToken.objects.filter(device__user=user).first().token
    other = Client()
    other.force_login(user)
    response = other.post(reverse("two_factor_verify") + "?next=https://evil.example/", {"token": code})
    assert response["Location"] == reverse("home")


def test_backup_codes_can_be_renewed_by_a_verified_user_only(client, required, world):
    user = world.user("procesregisseur")
    client.force_login(user)
    _enrol(client, user, world)
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
    _enrol(user_client, user, world)

    # The beheerder passes 2FA first (required), then resets the user's second factor.
    client.force_login(beheerder)
    _enrol(client, beheerder, world)
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
    _enrol(client, beheerder, world)
    assert client.get(reverse("admin:index")).status_code == 200


# ---------------------------------------------------------------------------------------------
# Activation link: no trust on first use (issue 12)


def _password_login(username, ip="10.7.7.7"):
    fresh = Client()
    response = _login(fresh, username, PASSWORD, ip)
    assert response.status_code == 302
    return fresh


def test_a_password_alone_does_not_let_anyone_attach_an_authenticator(required, world):
    user = world.user("procesregisseur")
    user.set_password(PASSWORD)
    user.save()
    attacker = _password_login(user.username)
    page = attacker.get(reverse("two_factor_setup"))
    html = page.content.decode()
    assert 'data-testid="needs-activation"' in html and "<svg" not in html
    assert not TOTPDevice.objects.filter(user=user).exists()  # no secret was even created
    attacker.post(reverse("two_factor_setup"), {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert attacker.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_beheerder_sends_an_activation_link_that_works_once(client, required, world, beheerder, mailoutbox):
    user = world.user("partner")
    user.set_password(PASSWORD)
    user.save()
    client.force_login(beheerder)
    _enrol(client, beheerder, world)
    mailoutbox.clear()
    assert "Activatielink sturen" in client.get(reverse("admin:zvh_user_changelist")).content.decode()
    assert _admin_action(client, "send_activation_link", [user]).status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/tweestapsverificatie/activeren/" in line)
    path = link.strip().removeprefix(django_settings.SITE_URL.rstrip("/"))
    assert LogEntry.objects.filter(object_id=str(user.pk), user=beheerder,
                                   change_message__contains="Activatielink").exists()

    # The link first asks for the password, then opens the enrolment.
    anonymous = Client()
    assert anonymous.get(path)["Location"].startswith(reverse("login"))
    user_client = _password_login(user.username)
    assert user_client.get(path)["Location"] == reverse("two_factor_setup")
    user_client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert user_client.post(reverse("two_factor_setup"), {"token": _code(device)}).status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed

    # Used: after a reset the old link is worthless, also in another session.
    two_factor_reset(user=user, actor=beheerder)
    again = _password_login(user.username, ip="10.7.7.8")
    response = again.get(path)
    assert response.status_code == 404 and "werkt niet" in response.content.decode()
    assert 'data-testid="needs-activation"' in again.get(reverse("two_factor_setup")).content.decode()


def test_an_activation_link_expires_and_belongs_to_one_user(required, world):
    user, other = world.user("partner"), world.user("casusregisseur")
    for person in (user, other):
        person.set_password(PASSWORD)
        person.save()
    link = activation_issue(user=user, actor=world.user("superuser"))
    path = link.removeprefix(django_settings.SITE_URL.rstrip("/"))
    assert _password_login(other.username).get(path).status_code == 404  # someone else's link
    with freeze_time(timezone.now() + timedelta(hours=django_settings.TWO_FACTOR_ACTIVATION_HOURS, minutes=1)):
        assert _password_login(user.username).get(path).status_code == 404
    # A newer link replaces the older one.
    newer = activation_issue(user=user, actor=world.user("superuser"))
    assert _password_login(user.username).get(path).status_code == 404
    assert _password_login(user.username).get(
        newer.removeprefix(django_settings.SITE_URL.rstrip("/"))).status_code == 302


def test_a_beheerder_cannot_send_themselves_or_another_beheerder_a_link(client, world, beheerder, mailoutbox):
    colleague = UserFactory(beheerder=True, region=beheerder.region)
    client.force_login(beheerder)
    _admin_action(client, "send_activation_link", [beheerder, colleague])
    assert mailoutbox == []
    assert not beheerder.two_factor_activations.exists() and not colleague.two_factor_activations.exists()


# ---------------------------------------------------------------------------------------------
# Password reset throttled per address and per IP address


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _reset(client, email, ip="10.3.3.3"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_mails_are_limited_per_address(client, settings, mailoutbox, fresh_cache):
    UserFactory(username="sanne", email="sanne@example.nl", password=PASSWORD)
    limit = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    for n in range(limit):
        assert _reset(Client(), "sanne@example.nl", ip=f"10.3.3.{n}").status_code == 302
    assert len(mailoutbox) == limit
    refused = _reset(Client(), "Sanne@Example.nl", ip="10.3.4.1")
    assert refused.status_code == 429
    assert "te vaak een nieuw wachtwoord aangevraagd" in refused.content.decode()
    assert len(mailoutbox) == limit
    # No account enumeration: an unknown address gets the same answers.
    for n in range(limit):
        assert _reset(Client(), "niemand@example.nl", ip=f"10.5.5.{n}").status_code == 302
    unknown = _reset(Client(), "niemand@example.nl", ip="10.5.6.1")
    assert unknown.status_code == 429
    assert unknown.context["form"].errors == refused.context["form"].errors


def test_password_reset_requests_are_limited_per_ip_address(settings, mailoutbox, fresh_cache):
    for n in range(settings.PASSWORD_RESET_LIMIT_PER_IP):
        assert _reset(Client(), f"iemand{n}@example.nl").status_code == 302
    assert _reset(Client(), "weer-een-ander@example.nl").status_code == 429
    assert _reset(Client(), "weer-een-ander@example.nl", ip="10.3.3.4").status_code == 302


def test_the_password_reset_window_ends(settings, mailoutbox, fresh_cache):
    UserFactory(username="sanne", email="sanne@example.nl", password=PASSWORD)
    with freeze_time("2026-03-02 09:00:00") as frozen:
        for _n in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
            _reset(Client(), "sanne@example.nl")
        assert _reset(Client(), "sanne@example.nl").status_code == 429
        frozen.tick(settings.PASSWORD_RESET_WINDOW + timedelta(minutes=1))
        assert _reset(Client(), "sanne@example.nl").status_code == 302


# ---------------------------------------------------------------------------------------------
# Failed logins limited per IP address across usernames


def test_many_failures_from_one_address_lock_it_for_every_username(settings):
    UserFactory(username="sanne", password=PASSWORD)
    per_user = settings.AXES_FAILURE_LIMIT - 1
    tried = 0
    n = 0
    while tried + per_user <= settings.AXES_IP_FAILURE_LIMIT - 1:
        for _attempt in range(per_user):  # stays under the per-username limit for each name
            assert _login(Client(), f"gok{n}", "fout").status_code == 200
        tried += per_user
        n += 1
    for _attempt in range(settings.AXES_IP_FAILURE_LIMIT - 1 - tried):
        assert _login(Client(), "laatste-gok", "fout").status_code == 200
    assert _login(Client(), "nog-een", "fout").status_code == 429  # the address limit is reached
    locked = _login(Client(), "sanne", PASSWORD)
    assert locked.status_code == 429 and "Inloggen is tijdelijk geblokkeerd" in locked.content.decode()
    assert _login(Client(), "sanne", PASSWORD, ip="10.9.9.9").status_code == 302  # another address


def test_a_successful_login_does_not_wipe_the_address_count(settings):
    UserFactory(username="aanvaller", password=PASSWORD)
    UserFactory(username="sanne", password=PASSWORD)
    for n in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        _login(Client(), f"gok{n}", "fout")
    assert _login(Client(), "aanvaller", PASSWORD).status_code == 302  # own valid account
    assert _login(Client(), "gok-x", "fout").status_code == 429
    assert _login(Client(), "sanne", PASSWORD).status_code == 429


def test_the_first_superuser_gets_an_activation_link_on_the_command_line(mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    root = UserFactory(region=None, organisation=None, is_staff=True, is_superuser=True)
    out = StringIO()
    call_command("two_factor_activation", root.username, stdout=out)
    assert "/tweestapsverificatie/activeren/" in out.getvalue()
    assert mailoutbox[0].to == [root.email] and out.getvalue().strip() in mailoutbox[0].body
