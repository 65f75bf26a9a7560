"""Admin actions of the functioneel beheerder for login security: send a 2FA activation link, reset
2FA, lift a login lockout.

Mixed into the user admin (zvh/admin.py), so they act only on the users the beheerder may manage:
a regional beheerder acts on case-working accounts of their own region, never on their own account
or on another beheer account (staff, superuser); a superuser on every account but their own. Every
action is written to the user's history (LogEntry) like every other change in the admin.
"""

import logging

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.two_factor import ActivationRefused, activation_issue, two_factor_reset

logger = logging.getLogger("zvh.security")


def login_lockout_lift(*, user, actor) -> int:
    """Remove the failed-login records of `user` (all IP addresses), so they can log in at once.

    Writes a LogEntry on the user and a log line. Returns the number of records removed.
    """
    removed = axes_reset(username=user.get_username())
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[user], action_flag=CHANGE,
        change_message=_("Inlogblokkade opgeheven."), single_object=True,
    )
    logger.warning("login lockout lifted user=%s actor=%s attempts=%s", user.pk, actor.pk, removed)
    return removed


class LoginSecurityAdminMixin:
    """Two columns (2FA set up, locked out) and two actions for the user admin."""

    actions = ["send_activation_link", "reset_two_factor", "lift_login_lockout"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        attempts = AccessAttempt.objects.filter(
            username=OuterRef("username"), failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        )
        return qs.annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            is_locked_out=Exists(attempts),
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "two_factor_column", "locked_out_column"]

    @admin.display(description=gettext_lazy("2FA ingesteld"), boolean=True, ordering="has_two_factor")
    def two_factor_column(self, obj):
        return getattr(obj, "has_two_factor", None)

    @admin.display(description=gettext_lazy("Geblokkeerd"), boolean=True, ordering="is_locked_out")
    def locked_out_column(self, obj):
        return getattr(obj, "is_locked_out", None)

    def _targets(self, request, queryset):
        queryset = queryset.exclude(pk=request.user.pk)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False, is_staff=False)
        return list(queryset)

    @admin.action(description=gettext_lazy("Activatielink sturen (tweestapsverificatie instellen)"),
                  permissions=["change"])
    def send_activation_link(self, request, queryset):
        sent = 0
        for user in self._targets(request, queryset):
            try:
                activation_issue(user=user, actor=request.user)
                sent += 1
            except ActivationRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
        self.message_user(request, _("Activatielink verstuurd aan %(n)s gebruiker(s). De link werkt één keer en "
                                     "is %(hours)s uur geldig.") % {"n": sent,
                                                                   "hours": settings.TWO_FACTOR_ACTIVATION_HOURS},
                          messages.SUCCESS)

    @admin.action(description=gettext_lazy("Tweestapsverificatie resetten (daarna een activatielink sturen)"),
                  permissions=["change"])
    def reset_two_factor(self, request, queryset):
        users = self._targets(request, queryset)
        for user in users:
            two_factor_reset(user=user, actor=request.user)
        self.message_user(request, _("Tweestapsverificatie gereset voor %(n)s gebruiker(s). Stuur hun een "
                                     "activatielink om die opnieuw in te stellen.") % {"n": len(users)},
                          messages.SUCCESS)

    @admin.action(description=gettext_lazy("Inlogblokkade opheffen"), permissions=["change"])
    def lift_login_lockout(self, request, queryset):
        users = self._targets(request, queryset)
        for user in users:
            login_lockout_lift(user=user, actor=request.user)
        self.message_user(request, _("Inlogblokkade opgeheven voor %(n)s gebruiker(s).") % {"n": len(users)},
                          messages.SUCCESS)
