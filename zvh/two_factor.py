"""Two-factor authentication with django-otp: an authenticator app (TOTP) plus backup codes.

Enrolment: the user scans a QR code (rendered on the server as SVG, no external service), types
the first code, and receives ten single-use backup codes. Login: after the password,
TwoFactorRequiredMiddleware sends the user here for a code from the app or a backup code. A
functioneel beheerder resets a user's second factor in the admin (`two_factor_reset`), logged.
"""

import logging
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.middleware import touch_session
from zvh.models import User

logger = logging.getLogger("zvh.security")

AUTHENTICATOR_NAME = "Authenticator-app"
BACKUP_NAME = "Herstelcodes"
SESSION_NEW_CODES = "_zvh_new_backup_codes"


# ---------------------------------------------------------------------------------------------
# Services


def has_authenticator(user: User) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _pending_authenticator(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes with TWO_FACTOR_BACKUP_CODES new single-use codes; return them."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment when `token` is the current code; return new backup codes, or None if wrong."""
    verified = otp_verify_token(user, device.persistent_id, token)
    if verified is None:
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    logger.info("two-factor enrolled user=%s", user.pk)
    return backup_codes_regenerate(user=user)


@transaction.atomic
def two_factor_reset(*, user: User, actor: User) -> int:
    """Remove all second factors of `user` so they enrol again at their next login.

    Writes an admin LogEntry (visible in the user's history in /beheer/) and a log line.
    Returns the number of devices removed.
    """
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=_("Tweestapsverificatie gereset (%(n)s apparaat/apparaten verwijderd).") % {"n": len(devices)},
        single_object=True,
    )
    logger.warning("two-factor reset user=%s actor=%s devices=%s", user.pk, actor.pk, len(devices))
    return len(devices)


def qr_code_svg(text: str) -> str:
    """An inline SVG QR code for `text`, generated here: the secret never leaves the server."""
    qr = segno.make(text, error="m")
    return qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR-code voor uw authenticator-app"))


def _group(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


# ---------------------------------------------------------------------------------------------
# Forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "off"}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


class EnrolForm(TokenForm):
    token = forms.CharField(
        label=gettext_lazy("Code uit de app (6 cijfers)"), max_length=10, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


# ---------------------------------------------------------------------------------------------
# Views


def setup(request):
    """Enrolment: scan the QR code, confirm with the first code, receive the backup codes."""
    user = request.user
    if has_authenticator(user):
        return render(request, "two_factor/setup.html", {"enrolled": True, "required": settings.TWO_FACTOR_REQUIRED})
    device = _pending_authenticator(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            request.session[SESSION_NEW_CODES] = codes
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return redirect(f"{reverse('two_factor_backup_codes')}?{urlencode({'next': _next_url(request)})}")
        form.add_error("token", _(
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwste code."))
    secret = b32encode(device.bin_key).decode()
    return render(request, "two_factor/setup.html", {
        "form": form, "qr_svg": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 - generated by segno
        "secret": _group(secret), "next": _next_url(request), "required": settings.TWO_FACTOR_REQUIRED,
    })


def verify(request):
    """After the password: the code from the authenticator app, or one of the backup codes."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not has_authenticator(user):
        return render(request, "two_factor/verify.html", {"no_device": True, "next": _next_url(request)})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        kind = TOTPDevice if token.isdigit() else StaticDevice
        device = None
        for candidate in kind.objects.devices_for_user(user, confirmed=True):
            device = otp_verify_token(user, candidate.persistent_id, token)
            if device:
                break
        if device is not None:
            otp_login(request, device)
            touch_session(request, force=True)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device__user=user).count()
                messages.warning(request, _("U heeft een herstelcode gebruikt; u heeft er nog %(n)s.") % {"n": left})
            return redirect(_next_url(request))
        logger.info("two-factor code refused user=%s", user.pk)
        form.add_error("token", _("Deze code klopt niet of is al gebruikt."))
    return render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


def backup_codes(request):
    """Show new backup codes once (after enrolment); POST: replace them with new ones."""
    user = request.user
    if request.method == "POST":
        if not has_authenticator(user):
            return redirect("two_factor_setup")
        if settings.TWO_FACTOR_REQUIRED and not user.is_verified():
            raise Http404  # not reachable through the middleware; belt and braces
        codes = backup_codes_regenerate(user=user)
        logger.info("two-factor backup codes regenerated user=%s", user.pk)
    else:
        codes = request.session.pop(SESSION_NEW_CODES, None)
    remaining = StaticToken.objects.filter(device__user=user).count()
    return render(request, "two_factor/backup_codes.html", {
        "codes": codes, "remaining": remaining, "enrolled": has_authenticator(user), "next": _next_url(request),
    })


@require_POST
def session_keepalive(request):
    """"Ingelogd blijven" in the idle warning: counts as activity; 204 without content."""
    touch_session(request, force=True)
    return HttpResponse(status=204)
