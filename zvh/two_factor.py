"""Two-factor authentication with django-otp: an authenticator app (TOTP) plus backup codes.

Enrolment: the user scans a QR code (rendered on the server as SVG, no external service), types
the first code, and receives ten single-use backup codes. Login: after the password,
TwoFactorRequiredMiddleware sends the user here for a code from the app or a backup code. A
functioneel beheerder resets a user's second factor in the admin (`two_factor_reset`), logged.

No trust on first use: when 2FA is required, a user without an authenticator enrols only after
opening a single-use, expiring activation link that a beheerder sent (`activation_issue`, admin
action "Activatielink sturen"). A password alone never lets anyone attach their own authenticator
to an account — first enrolment and re-enrolment after a reset alike.
"""

import hashlib
import logging
import secrets
from base64 import b32encode
from datetime import timedelta
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
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
from zvh.models import TwoFactorActivation, User

logger = logging.getLogger("zvh.security")

AUTHENTICATOR_NAME = "Authenticator-app"
BACKUP_NAME = "Herstelcodes"
SESSION_NEW_CODES = "_zvh_new_backup_codes"
SESSION_ACTIVATION = "_zvh_two_factor_activation"


class ActivationRefused(Exception):
    """An activation link that may not be issued; the message says why (Dutch)."""


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
def two_factor_confirm(*, user: User, device: TOTPDevice, token: str,
                       activation: TwoFactorActivation | None = None) -> list[str] | None:
    """Confirm an enrolment when `token` is the current code; return new backup codes, or None if wrong.

    With `activation`, the link is used up in the same transaction; an activation that was used or
    expired meanwhile refuses the enrolment (None).
    """
    if activation is not None:
        activation = TwoFactorActivation.objects.select_for_update().filter(
            pk=activation.pk, user=user, used_at__isnull=True, expires_at__gt=timezone.now()).first()
        if activation is None:
            return None
    verified = otp_verify_token(user, device.persistent_id, token)
    if verified is None:
        return None
    if activation is not None:
        activation.used_at = timezone.now()
        activation.save(update_fields=["used_at"])
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def activation_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('two_factor_activate', kwargs={'token': token})}"


@transaction.atomic
def activation_issue(*, user: User, actor: User | None) -> str:
    """Issue a single-use activation link for (re-)enrolling `user`'s second factor and e-mail it.

    Earlier unused links of the user stop working. The link is valid for TWO_FACTOR_ACTIVATION_HOURS;
    only its hash is stored. `actor` is the beheerder (None: an operator on the command line).
    Raises ActivationRefused when the user has no e-mail address or the actor is the user. Writes a
    LogEntry on the user. Returns the link.
    """
    if actor is not None and actor.pk == user.pk:
        raise ActivationRefused(_("U kunt uzelf geen activatielink sturen; vraag dat aan een andere beheerder."))
    if not user.email:
        raise ActivationRefused(_("%(user)s heeft geen e-mailadres.") % {"user": user.get_username()})
    now = timezone.now()
    TwoFactorActivation.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=settings.TWO_FACTOR_ACTIVATION_HOURS)
    TwoFactorActivation.objects.create(user=user, token_hash=_token_hash(token), issued_by=actor, issued_at=now,
                                       expires_at=expires_at)
    link = activation_url(token)
    valid_until = timezone.localtime(expires_at).strftime("%d-%m-%Y %H:%M")
    send_mail(
        subject=_("[ZVH Procesregie] Tweestapsverificatie instellen"),
        message="\n\n".join([
            _("Met deze link stelt u de tweestapsverificatie van uw account %(username)s in ZVH Procesregie in:")
            % {"username": user.get_username()},
            link,
            _("De link werkt één keer en is geldig tot %(until)s. U logt eerst in met uw wachtwoord; daarna "
              "koppelt u uw authenticator-app.") % {"until": valid_until},
            _("Heeft u hier niet om gevraagd? Neem dan contact op met de functioneel beheerder van uw ZVH."),
        ]),
        from_email=None, recipient_list=[user.email],
    )
    if actor is not None:
        LogEntry.objects.log_actions(
            user_id=actor.pk, queryset=[user], action_flag=CHANGE, single_object=True,
            change_message=_("Activatielink voor tweestapsverificatie verstuurd (geldig tot %(until)s).")
            % {"until": valid_until},
        )
    logger.warning("two-factor activation issued user=%s actor=%s", user.pk, getattr(actor, "pk", None))
    return link


def activation_for_token(user: User, token: str) -> TwoFactorActivation | None:
    """The user's unused, unexpired activation for `token`, or None (also for another user's token)."""
    return TwoFactorActivation.objects.filter(user=user, token_hash=_token_hash(token), used_at__isnull=True,
                                              expires_at__gt=timezone.now()).first()


def session_activation(request) -> TwoFactorActivation | None:
    """The valid activation the logged-in user opened in this session, or None."""
    pk = request.session.get(SESSION_ACTIVATION)
    if pk is None:
        return None
    return TwoFactorActivation.objects.filter(pk=pk, user=request.user, used_at__isnull=True,
                                              expires_at__gt=timezone.now()).first()


def may_enrol(request) -> bool:
    """Whether the user may attach an authenticator now: 2FA not required, or an activation link opened."""
    return not settings.TWO_FACTOR_REQUIRED or session_activation(request) is not None


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
    return resolve_url(settings.LOGIN_REDIRECT_URL)  # a URL name in settings; templates need a path


# ---------------------------------------------------------------------------------------------
# Views


def setup(request):
    """Enrolment: scan the QR code, confirm with the first code, receive the backup codes."""
    user = request.user
    if has_authenticator(user):
        return render(request, "two_factor/setup.html", {"enrolled": True, "required": settings.TWO_FACTOR_REQUIRED})
    activation = session_activation(request)
    if settings.TWO_FACTOR_REQUIRED and activation is None:
        # No trust on first use: the password alone does not let anyone attach an authenticator.
        return render(request, "two_factor/setup.html", {"needs_activation": True, "required": True})
    device = _pending_authenticator(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor_confirm(user=user, device=device, token=form.cleaned_data["token"], activation=activation)
        if codes is not None:
            request.session.pop(SESSION_ACTIVATION, None)
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


def activate(request, token):
    """The activation link from the e-mail (after the password): opens enrolment for this session."""
    activation = activation_for_token(request.user, token)
    if activation is None:
        logger.info("two-factor activation refused user=%s", request.user.pk)
        return render(request, "two_factor/activation_invalid.html", status=404)
    if not has_authenticator(request.user):
        # A fresh secret: one shown before the activation (e.g. while 2FA was optional) is not reused.
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    request.session[SESSION_ACTIVATION] = activation.pk
    return redirect("two_factor_setup")


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
