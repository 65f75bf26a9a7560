"""What monitoring adds to the case lifecycle (registered in `MonitoringConfig.ready()`).

Copied facts follow the change of a role: a check-in carries the user who does it and a
notification its recipient, so when the casusregisseur or procesregisseur of a case changes, the
open check-ins, the unacknowledged escalations and the unread notifications move with it; a closed
case's nazorg contact goes to the procesregisseur (partners and the casusregisseur lose access).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.constants import CheckInKind, NotificationKind
from monitoring.models import CheckIn, Escalation, Notification
from monitoring.services import notifications_mark_handled, notify


def _retire_notifications(case, user) -> None:
    """A former holder's unread notifications about the case link to pages they can no longer open."""
    Notification.objects.filter(case=case, recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def follow_role_change(*, case, role, old, new, actor, subject=None) -> None:
    if role not in ("casusregisseur", "procesregisseur"):
        return
    if old is not None:
        open_checkins = CheckIn.objects.filter(case=case, assignee=old, done_at__isnull=True)
        open_checkins.update(assignee=new or case.procesregisseur)
        _retire_notifications(case, old)
    if role != "procesregisseur":
        return
    if old is not None and old != actor:
        notify(recipient=old, case=case, kind=NotificationKind.GENERAL, url=reverse("cases:my_cases"),
               title=_("%(ref)s is overgedragen aan %(name)s") % {"ref": case.reference,
                                                                 "name": new.get_full_name() if new else "—"})
    if new is not None and new != actor:
        notify(recipient=new, case=case, kind=NotificationKind.GENERAL,
               title=_("%(ref)s is aan u toegewezen") % {"ref": case.reference})
    if new is not None:
        for escalation in Escalation.objects.filter(case=case, acknowledged_at__isnull=True):
            notify(recipient=new, case=case, kind=NotificationKind.ESCALATION_RAISED,
                   title=_("Opschaling in %(ref)s wacht op u: %(reason)s") % {
                       "ref": case.reference, "reason": escalation.get_reason_display()})


def closed_case_nazorg(*, case, actor) -> None:
    """On closure the open nazorg contact is the procesregisseur's (nobody else keeps access)."""
    if case.procesregisseur_id:
        CheckIn.objects.filter(case=case, kind=CheckInKind.NAZORG, done_at__isnull=True).exclude(
            assignee_id=case.procesregisseur_id).update(assignee_id=case.procesregisseur_id)
    Notification.objects.filter(case=case, read_at__isnull=True).exclude(
        recipient_id=case.procesregisseur_id).update(read_at=timezone.now())



def reminder_subject_handled(*, case, subject: str) -> None:
    """What the reminders about `subject` announced was handled (planning: an activity settled, a follow-up
    done): their notifications stop being new for every recipient."""
    notifications_mark_handled(case=case, kinds=(NotificationKind.ACTIVITY_OVERDUE, NotificationKind.GENERAL),
                               subject=subject)
