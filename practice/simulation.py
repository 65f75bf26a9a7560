"""The simulation of a practice case: scripted events that fire once when their moment comes, and
the simulated clock.

Scripted events are checked after every timeline event of a practice case (once the write has
committed) and after the clock moved. Each fires at most once (`FiredEvent`'s constraint, under a
lock on the practice case) and acts through the real services, as the simulated partner would:
a party declines the invitation, a consent is withdrawn, the casusregisseur escalates.

The clock: moving it N days on shifts every date and time the case holds N days into the past,
so the real screens, reminders and checks see the case as it will be in N days (a person's date
of birth excepted).
"""

import logging
from datetime import timedelta
from functools import partial

from django.db import models, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import timeline
from cases.access import NotAllowed
from cases.constants import CaseStage
from cases.models import CaseStageChange, Involvement
from cases.services import information_item_add
from monitoring.models import CheckIn
from monitoring.services import escalation_raise
from notifications.constants import NotificationKind
from notifications.services import notify
from planning.constants import ActivityStatus, MeetingStatus, RsvpStatus
from planning.meeting_services import invitation_answer
from planning.models import Activity, Meeting, MeetingInvitee, Plan
from planning.services import activity_progress_report
from practice.constants import PracticeEvent
from practice.models import Feedback, FiredEvent, PracticeCase
from privacy.models import Consent
from privacy.services import consent_withdraw
from zvh.models import Organisation, User

logger = logging.getLogger(__name__)

# Fields the clock leaves alone: a birth date is not a moment in the case.
FIXED_FIELDS = frozenset({"date_of_birth"})
MAX_DAYS = 365


def on_recorded(event) -> None:
    """Timeline hook: after a practice case's write commits, fire what has become due."""
    if event.case.is_practice:
        transaction.on_commit(partial(run_due, event.case_id), robust=True)


def party(practice_case: PracticeCase, key: str) -> dict | None:
    return next((p for p in practice_case.scenario_data.get("parties", []) if p.get("key") == key), None)


def organisation(practice_case: PracticeCase, key: str) -> Organisation | None:
    found = party(practice_case, key)
    if found is None:
        return None
    return Organisation.objects.filter(region_id=practice_case.case.region_id, name=found["name"]).first()


def simulated_partner(practice_case: PracticeCase, key: str) -> User | None:
    """The simulated professional of party `key` (see practice.spaces)."""
    found = organisation(practice_case, key)
    return found.users.filter(is_active=True).order_by("pk").first() if found else None


def _organisation_q(prefix: str, org: Organisation) -> Q:
    return Q(**{f"{prefix}organisation": org}) | Q(**{f"{prefix}user__organisation": org})


def moment(practice_case: PracticeCase, when: dict):
    """When `when`'s moment happened in the case (stored time), or None if it has not (yet)."""
    case = practice_case.case
    after = when.get("after")
    if after == "start":
        return practice_case.started_at
    if after == "stage":
        return CaseStageChange.objects.filter(case=case, to_stage=when.get("stage")).aggregate(
            m=Min("created_at"))["m"]
    if after in ("party_involved", "invited"):
        org = organisation(practice_case, when.get("party", ""))
        if org is None:
            return None
        if after == "party_involved":
            return Involvement.objects.filter(case=case, organisation=org).aggregate(m=Min("created_at"))["m"]
        return MeetingInvitee.objects.filter(_organisation_q("", org), meeting__case=case,
                                             invited_at__isnull=False).aggregate(m=Min("invited_at"))["m"]
    if after == "plan_adopted":
        return Plan.objects.filter(case=case).values_list("adopted_at", flat=True).first()
    return None


def due_at(practice_case: PracticeCase, event: dict):
    happened = moment(practice_case, event.get("when", {}))
    if happened is None:
        return None
    return happened + timedelta(days=event.get("when", {}).get("days", 0))


def events_of(practice_case: PracticeCase) -> list[dict]:
    """The scenario's scripted events, and per party with information to be found: that it tells
    what it knows once the trainee involves it."""
    events = list(practice_case.scenario_data.get("events", []))
    for found in practice_case.scenario_data.get("parties", []):
        if found.get("information"):
            events.append({"key": f"informatie-{found['key']}", "when": {"after": "party_involved",
                                                                         "party": found["key"]},
                           "action": "information", "party": found["key"],
                           "text": _("%(name)s vertelt wat zij weten.") % {"name": found["name"]}})
    return events


def run_due(case_id: int, *, now=None) -> list[str]:
    """Fire every scripted event of the practice case whose moment has come; returns their keys."""
    fired_now = []
    with transaction.atomic():
        practice_case = (PracticeCase.objects.select_for_update(of=("self",))
                         .select_related("case", "space__account").filter(case_id=case_id).first())
        if practice_case is None or practice_case.case.stage == CaseStage.CLOSED:
            return []
        now = now or timezone.now()
        fired = set(practice_case.fired.values_list("key", flat=True))
        for event in events_of(practice_case):
            if event.get("key") in fired:
                continue
            due = due_at(practice_case, event)
            if due is None or due > now:
                continue
            outcome = perform(practice_case, event)
            FiredEvent.objects.create(practice_case=practice_case, key=event["key"], outcome=outcome,
                                      simulated_day=practice_case.day_at(now))
            fired_now.append(event["key"])
    return fired_now


def perform(practice_case: PracticeCase, event: dict) -> str:
    """Carry out one scripted event; returns what happened, in Dutch. A real effect that no longer
    fits the case (the meeting is over, nothing to escalate) falls back to the message alone."""
    case, account, text = practice_case.case, practice_case.space.account, event["text"]
    action = event["action"]
    effect = ""
    try:
        with transaction.atomic():
            effect = _effect(practice_case, action, event)
    except NotAllowed as refusal:
        logger.info("Oefenverloop %s zonder effect: %s", event.get("key"), refusal)
        effect = ""
    who = party(practice_case, event.get("party", "")) if event.get("party") else None
    title = _("Oefenverloop: %(text)s") % {"text": text}
    notify(recipient=account, case=case, kind=NotificationKind.GENERAL, email=False, title=title[:200],
           body=text)
    description = f"{who['name']}: {text}" if who and action != "information" else text
    timeline.record(case, PracticeEvent.SCRIPTED, actor=None, description=description, touch_case=False)
    return effect or _("bericht")


def _effect(practice_case: PracticeCase, action: str, event: dict) -> str:
    case = practice_case.case
    if action == "decline_invitation":
        org = organisation(practice_case, event["party"])
        invitee = (MeetingInvitee.objects.filter(_organisation_q("", org), meeting__case=case,
                                                 meeting__status=MeetingStatus.PLANNED,
                                                 meeting__ends_at__gt=timezone.now(), rsvp=RsvpStatus.PENDING)
                   .order_by("meeting__starts_at").first()) if org else None
        if invitee is None:
            return ""
        invitation_answer(invitee=invitee, answer=RsvpStatus.DECLINED, actor=simulated_partner(
            practice_case, event["party"]), note=event["text"])
        return _("uitnodiging afgeslagen")
    if action == "information":
        org = organisation(practice_case, event["party"])
        involvement = Involvement.objects.filter(case=case, organisation=org).first() if org else None
        partner = simulated_partner(practice_case, event["party"])
        if involvement is None:
            return ""
        for item in party(practice_case, event["party"]).get("information", []):
            information_item_add(case=case, actor=partner, source=involvement, content=item["content"],
                                 person=_person(practice_case, item.get("about", "")),
                                 received_on=timezone.localdate(), legal_basis="publieke_taak",
                                 justification=_("Oefenscenario: verzonnen gegevens."))
        return _("informatie gedeeld")
    if action == "withdraw_consent":
        person = _person(practice_case, event["person"])
        consent = Consent.objects.filter(case=case, given_by=person, withdrawn_on__isnull=True).first() \
            if person else None
        if consent is None:
            return ""
        consent_withdraw(consent=consent, actor=practice_case.space.account, withdrawn_on=timezone.localdate())
        return _("toestemming ingetrokken")
    if action == "escalate":
        plan = Plan.objects.filter(case=case).select_related("casusregisseur").first()
        if case.stage != CaseStage.MONITORING or plan is None or plan.casusregisseur is None:
            return ""
        escalation_raise(case=case, actor=plan.casusregisseur, reason="execution", explanation=event["text"],
                         urgency=case.urgency)
        return _("opgeschaald door de casusregisseur")
    if action == "activity_not_delivered":
        org = organisation(practice_case, event["party"])
        activity = (Activity.objects.filter(scenario__plan__case=case, organisation=org)
                    .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED]).order_by("pk").first()
                    if org else None)
        partner = simulated_partner(practice_case, event["party"])
        if activity is None or partner is None:
            return ""
        activity_progress_report(activity=activity, actor=partner, status=activity.status, note=event["text"])
        return _("activiteit niet geleverd")
    return ""


def _person(practice_case: PracticeCase, key: str):
    found = next((p for p in practice_case.scenario_data.get("persons", []) if p.get("key") == key), None)
    if found is None:
        return None
    return practice_case.case.persons.filter(first_name=found["first_name"], last_name=found["last_name"]).first()


# ---------------------------------------------------------------------------------------------
# The clock.


def _rows_of_case(case) -> dict:
    """Every row the case owns: model → primary keys. Walks the relations that point to the case, and
    on from there, when they are owned (CASCADE or PROTECT): a row that only refers to a case row
    (SET_NULL, such as a log or an e-mail) is not the case's."""
    rows: dict = {}
    frontier = [(type(case), {case.pk})]
    while frontier:
        model, pks = frontier.pop()
        new = pks - rows.get(model, set())
        if not new:
            continue
        rows.setdefault(model, set()).update(new)
        for relation in model._meta.related_objects:
            if relation.many_to_many or relation.on_delete not in (models.CASCADE, models.PROTECT):
                continue
            related = relation.related_model
            found = set(related._base_manager.filter(**{f"{relation.field.name}__in": new})
                        .values_list("pk", flat=True))
            if found:
                frontier.append((related, found))
    return rows


def _unique_moving_fields(model, names) -> list[str]:
    """The moving fields that a unique constraint of `model` covers (a reminder once per due date)."""
    groups = [getattr(c, "fields", ()) for c in model._meta.constraints] + list(model._meta.unique_together)
    return [name for name in names if any(name in group for group in groups)]


def _moving_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields
            if isinstance(field, (models.DateField, models.DateTimeField)) and field.name not in FIXED_FIELDS]


def next_moment(practice_case: PracticeCase, now=None) -> tuple[int, str] | None:
    """The next thing to wait for, as (days to move the clock, what it is), or None when nothing is ahead.

    A check-in or deadline (a date) and a scripted event: the clock lands on its day, so it is due. An
    overleg (a time): the clock lands on its day, before it starts, so the trainee can hold it.
    """
    now = now or timezone.now()
    case = practice_case.case
    today = timezone.localdate(now)
    candidates: list[tuple[int, str]] = []
    checkin = CheckIn.objects.filter(case=case, done_at__isnull=True, scheduled_on__gt=today).aggregate(
        m=Min("scheduled_on"))["m"]
    if checkin is not None:
        candidates.append(((checkin - today).days, _("monitormoment op %(d)s") % {"d": f"{checkin:%d-%m-%Y}"}))
    deadline = Activity.objects.filter(scenario__plan__case=case, due_date__gt=today).exclude(
        status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED]).aggregate(m=Min("due_date"))["m"]
    if deadline is not None:
        candidates.append(((deadline - today).days, _("deadline van een activiteit op %(d)s")
                           % {"d": f"{deadline:%d-%m-%Y}"}))
    meeting = Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED, starts_at__gt=now).aggregate(
        m=Min("starts_at"))["m"]
    if meeting is not None and timezone.localdate(meeting) > today:
        local = timezone.localtime(meeting)
        candidates.append(((local.date() - today).days, _("overleg op %(d)s") % {"d": f"{local:%d-%m-%Y %H:%M}"}))
    fired = set(practice_case.fired.values_list("key", flat=True))
    for event in events_of(practice_case):
        if event.get("key") not in fired:
            due = due_at(practice_case, event)
            if due is not None and due > now:
                seconds = (due - now).total_seconds()
                candidates.append((max(1, -(-int(seconds) // 86400)), _("wat er in het scenario gebeurt")))
    return min(candidates, key=lambda c: c[0]) if candidates else None


def days_to_next_moment(practice_case: PracticeCase, now=None) -> int | None:
    upcoming = next_moment(practice_case, now)
    return max(1, upcoming[0]) if upcoming else None


@transaction.atomic
def advance(*, practice_case: PracticeCase, days: int, actor) -> int:
    """Move the practice case's clock `days` days on (1 to MAX_DAYS); returns the days moved."""
    if not 1 <= days <= MAX_DAYS:
        raise NotAllowed(_("Zet de klok 1 tot %(max)s dagen vooruit.") % {"max": MAX_DAYS})
    practice_case = PracticeCase.objects.select_for_update().select_related("case").get(pk=practice_case.pk)
    if practice_case.case.stage == CaseStage.CLOSED:
        raise NotAllowed(_("Deze oefencasus is afgesloten; de klok staat stil."))
    delta = timedelta(days=days)
    for model, pks in _rows_of_case(practice_case.case).items():
        if model is Feedback:
            continue
        names = _moving_fields(model)
        if not names or not pks:
            continue
        unique = _unique_moving_fields(model, names)
        objects = list(model._base_manager.filter(pk__in=pks).only(*names).order_by(*(unique or names[:1]), "pk"))
        for obj in objects:
            for name in names:
                value = getattr(obj, name)
                if value is not None:
                    setattr(obj, name, value - delta)
        # A unique constraint over a date (a reminder per day): one row at a time, earliest first, so
        # no row lands on a date another row still holds.
        batch = 1 if unique else 500
        model._base_manager.bulk_update(objects, names, batch_size=batch)
    PracticeCase.objects.filter(pk=practice_case.pk).update(simulated_days=models.F("simulated_days") + days)
    practice_case.case.refresh_from_db()
    timeline.record(practice_case.case, PracticeEvent.CLOCK, actor=actor, touch_case=False,
                    description=_("%(days)s dagen vooruit (dag %(day)s van de oefening)")
                    % {"days": days, "day": practice_case.simulated_days + days})
    return days
