"""Tell the people concerned when a stand-in period (waarneming) is arranged or ended early."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.constants import NotificationKind
from notifications.services import notify


def notify_stand_in_change(*, record, actor, ended: bool) -> None:
    """The stand-in and the absent procesregisseur hear of it, unless they did it themselves."""
    period = {"from": f"{record.starts_on:%d-%m-%Y}", "to": f"{record.ends_on:%d-%m-%Y}",
              "absent": record.absent.get_full_name(), "stand_in": record.stand_in.get_full_name()}
    if ended:
        stand_in_title = _("Uw waarneming voor %(absent)s is beëindigd") % period
        absent_title = _("De waarneming door %(stand_in)s is beëindigd") % period
    else:
        stand_in_title = _("U neemt waar voor %(absent)s van %(from)s t/m %(to)s") % period
        absent_title = _("%(stand_in)s neemt voor u waar van %(from)s t/m %(to)s") % period
    url = reverse("cases:stand_ins")
    if record.stand_in_id != actor.pk:
        notify(recipient=record.stand_in, kind=NotificationKind.GENERAL, title=stand_in_title, url=url)
    if record.absent_id != actor.pk:
        notify(recipient=record.absent, kind=NotificationKind.GENERAL, title=absent_title, url=url)
