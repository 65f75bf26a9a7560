"""Tell people about a function change of an account (registered on `zvh.hooks` in `MonitoringConfig.ready`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from monitoring import services
from monitoring.constants import NotificationKind
from zvh.constants import Function
from zvh.models import User


def notify_function_change(user, changed_fields: set[str], actor=None) -> None:
    """After a function change: a notification to the user and to the active managers of their region.

    Runs in the transaction of the change. The text names the account and the new function only.
    """
    if "function" not in changed_fields:
        return
    function = Function(user.function).label
    title = _("Functie van %(user)s gewijzigd in %(function)s") % {"user": user.get_username(), "function": function}
    body = _("Gewijzigd door %(actor)s. Vragen? Neem contact op met de functioneel beheerder van uw ZVH.") % {
        "actor": actor or _("het systeem")}
    recipients = {user.pk: user}
    if user.region_id:
        for manager in User.objects.filter(region_id=user.region_id, function=Function.MANAGER, is_active=True):
            recipients.setdefault(manager.pk, manager)
    for recipient in recipients.values():
        services.notify(recipient=recipient, kind=NotificationKind.GENERAL, title=title, body=body,
                        url=reverse("home"))
