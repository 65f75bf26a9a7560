"""Between the meetings: the contact log ("vinger aan de pols") with its follow-ups, the continuous
evaluation questions, and the other overleg tables a case is on. Every write is on the timeline;
a contact counts as activity on the case (the stagnation clock)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, hooks, timeline
from cases.models import Case
from planning.common import NotAllowed
from planning.constants import Helps, PlanningEvent
from planning.models import Contact, EvaluationAnswer, Meeting, OtherTable
from zvh.models import User

__all__ = ["NotAllowed", "contact_record", "evaluation_answer", "follow_up_done", "other_table_end",
           "other_table_record"]


@transaction.atomic
def contact_record(*, case: Case, actor: User, happened_on: date, mode: str, with_whom: str, about: str,
                   organisation=None, follow_up: str = "", follow_up_on: date | None = None) -> Contact:
    """Log a call or contact between meetings, with an agreed follow-up and its date (reminded)."""
    access.ensure_writable(case)
    if happened_on > timezone.localdate():
        raise NotAllowed(_("Een contact ligt niet in de toekomst; leg een vervolgafspraak vast met een datum."))
    if follow_up_on and not follow_up.strip():
        raise NotAllowed(_("Zeg wat er als vervolg is afgesproken."))
    contact = Contact.objects.create(case=case, happened_on=happened_on, mode=mode, with_whom=with_whom.strip(),
                                     organisation=organisation, about=about.strip(), follow_up=follow_up.strip(),
                                     follow_up_on=follow_up_on, recorded_by=actor)
    timeline.record(case, PlanningEvent.CONTACT_RECORDED, actor=actor,
                    description=f"{contact.get_mode_display()}: {contact.with_whom}")
    return contact


def _stamp_once(obj, field: str, value, kind, *, actor: User, description: str):
    """Set a "done/ended" date once (a second click changes nothing) and record it on the timeline."""
    if getattr(obj, field) is None:
        type(obj).objects.filter(pk=obj.pk, **{f"{field}__isnull": True}).update(**{field: value})
        timeline.record(obj.case, kind, actor=actor, description=description)
        obj.refresh_from_db()
    return obj


@transaction.atomic
def follow_up_done(*, contact: Contact, actor: User) -> Contact:
    contact = _stamp_once(contact, "follow_up_done_at", timezone.now(), PlanningEvent.FOLLOW_UP_DONE, actor=actor,
                          description=contact.with_whom)
    hooks.handled(case=contact.case, subject=f"contact:{contact.pk}")
    return contact


@transaction.atomic
def evaluation_answer(*, case: Case, actor: User, question: str, intention: str, helps: str, helps_note: str = "",
                      meeting: Meeting | None = None, checkin_id: int | None = None,
                      answered_on: date | None = None) -> EvaluationAnswer:
    """Answer the evaluation questions (Wat was de vraag? Wat was de bedoeling? Helpt wat we doen?)
    at an overleg or a check-in; the case page shows the answers as a trend."""
    if helps not in Helps.values:
        raise NotAllowed(_("Zeg of het helpt wat we doen."))
    if meeting is not None and meeting.case_id != case.pk:
        raise NotAllowed(_("Dit overleg hoort niet bij deze casus."))
    answer = EvaluationAnswer.objects.create(
        case=case, meeting=meeting, checkin_id=checkin_id, answered_on=answered_on or timezone.localdate(),
        question=question.strip(), intention=intention.strip(), helps=helps, helps_note=helps_note.strip(),
        answered_by=actor)
    timeline.record(case, PlanningEvent.EVALUATION_ANSWERED, actor=actor, description=answer.get_helps_display())
    return answer


@transaction.atomic
def other_table_record(*, case: Case, actor: User, name: str, contact: str = "", agreed: str = "") -> OtherTable:
    """The case is also discussed at another overleg (which, with whom, what was agreed)."""
    if not name.strip():
        raise NotAllowed(_("Zeg welk overleg het is."))
    table = OtherTable.objects.create(case=case, name=name.strip(), contact=contact.strip(), agreed=agreed.strip(),
                                      recorded_by=actor)
    timeline.record(case, PlanningEvent.OTHER_TABLE_RECORDED, actor=actor, description=table.name)
    return table


@transaction.atomic
def other_table_end(*, table: OtherTable, actor: User) -> OtherTable:
    return _stamp_once(table, "ended_on", timezone.localdate(), PlanningEvent.OTHER_TABLE_ENDED, actor=actor,
                       description=table.name)
