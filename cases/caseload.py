"""The rows of the case lists (Mijn casussen, the region list, Mijn casusregie) and their order.

Each row shows the reference, the youth's name (only to who may see the case's personal data), the
stage with its days in it and its term (`STAGE_NORM_DAYS`), the next action with its date (the next
meeting, a due check-in, an overdue activity — added by planning and monitoring through
`hooks.register_case_list_provider`) and an open escalation with its age. The default order is what
needs attention first: an open escalation, then anything overdue, then what is due this week; within
that urgency, then the longest in stage.

Everything is computed in SQL for the page: the list is one query, plus one each for the count, the
youths, and what the user may read — never a query per row.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from cases import hooks
from cases.constants import STAGE_NORM_DAYS, CaseStage, PersonRole

ALERT, ACTION = "alert", "action"


@dataclass(frozen=True)
class RowItem:
    """Something a row shows: an action with its date, or an alert (an open escalation) with its start."""

    kind: str
    label: str
    on: date
    overdue: bool = False
    url: str = ""


@dataclass(frozen=True)
class CaseListProvider:
    annotate: object
    attention: object
    describe: object


def stage_term(stage: str) -> int | None:
    return STAGE_NORM_DAYS.get(stage)


def _own_attention(today) -> list[tuple[int, Q]]:
    now = timezone.now()
    overdue = Q()
    for stage, days in STAGE_NORM_DAYS.items():
        overdue |= Q(stage=stage, stage_entered_at__lte=now - timedelta(days=days))
    return [(1, overdue)]


def with_rows(queryset, *, today=None, details: bool = True):
    """The list's annotations: the providers' subqueries and `attention_rank` (with `details`)."""
    today = today or timezone.localdate()
    queryset = queryset.with_urgency_rank()
    if not details:
        return queryset
    conditions = list(_own_attention(today))
    for provider in hooks.CASE_LIST_PROVIDERS:
        queryset = provider.annotate(queryset, today)
        conditions += provider.attention(today)
    whens = [When(condition, then=Value(rank)) for rank, condition in sorted(conditions, key=lambda c: c[0])
             if condition]
    rank = SqlCase(*whens, default=Value(9), output_field=IntegerField()) if whens else Value(9)
    return queryset.annotate(attention_rank=rank)


def attention_order(queryset, details: bool = True):
    if details:
        return queryset.order_by("attention_rank", "urgency_rank", "stage_entered_at", "pk")
    return queryset.order_by("urgency_rank", "-opened_at", "pk")


def youth_prefetch():
    from cases.models import Person

    return Prefetch("persons", queryset=Person.objects.filter(role=PersonRole.JEUGDIGE, erased_at__isnull=True),
                    to_attr="youths")


def decorate(cases, *, user, today=None, details: bool = True, readable_ids: set[int] | None = None):
    """Fill in each row from columns already loaded: days in stage, term, next action, alerts."""
    from cases.models import Case

    now = timezone.now()
    today = today or timezone.localdate()
    cases = list(cases)
    if readable_ids is None:
        readable_ids = set(Case.objects.visible_to(user, "view_personal_data")
                           .filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True)) if cases else set()
    for case in cases:
        entered = timezone.localdate(case.stage_entered_at)
        case.days_in_stage = (today - entered).days
        norm = stage_term(case.stage)
        case.term_on = entered + timedelta(days=norm) if norm is not None and case.stage != CaseStage.CLOSED else None
        case.signal_overdue = norm is not None and case.stage_entered_at <= now - timedelta(days=norm)
        case.signal_stagnating = case.is_stagnating(now)
        case.may_read_names = case.pk in readable_ids
        if not case.may_read_names:
            case.youths = []
        items = []
        if details and case.stage != CaseStage.CLOSED:
            for provider in hooks.CASE_LIST_PROVIDERS:
                items += provider.describe(case, today)
        case.row_alerts = [item for item in items if item.kind == ALERT]
        actions = sorted((item for item in items if item.kind == ACTION), key=lambda i: (not i.overdue, i.on))
        case.row_next = actions[0] if actions else None
        case.row_more = actions[1:]
    return cases


__all__ = ["ACTION", "ALERT", "CaseListProvider", "RowItem", "attention_order", "decorate", "with_rows",
           "youth_prefetch"]
