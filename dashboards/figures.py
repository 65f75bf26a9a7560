"""The dashboard figures: aggregates computed in the database, grouped by region.

Every function takes the regions in scope and the filters and returns ``{region_id: …}`` from ONE
query whose result size depends on the number of regions, stages and months, never on the number of
cases. The regional dashboard asks for one region, the national view for all of them: the same
queries either way, so the number of queries per page is fixed (see ``FIGURES``).

Nothing here returns a case, a person, a reference or a piece of free text: only counts and
durations. Small-cell suppression is applied where the figures are turned into tables
(``dashboards.tables``), so the tests can check the raw numbers.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.constants import OPEN_STAGES, STAGE_NORM_DAYS, CaseStage
from cases.models import Case, CaseStageChange
from closeout.models import CloseOut, Evaluation
from monitoring.models import CheckIn, Escalation
from planning.constants import SUCCESS_CONDITION_FIELDS, MeetingStatus
from planning.models import Meeting, Plan
from zvh.constants import Function
from zvh.models import User

# The stages a case can spend time in (closed is an end, not a stage one leaves).
TIMED_STAGES = OPEN_STAGES
CLOSE_OUT_CRITERIA = ["care_organised", "family_self_reliant", "regie_handed_over"]
ACK = "ack"  # the percentile metric "time from opschaling to oppakken"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filters:
    """What the manager asked for: a period of whole days (both inclusive), urgency, procesregisseur."""

    start: date
    end: date
    urgency: str = ""
    procesregisseur_id: int | None = None

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[date]:
        """First day of every month that the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    def case_q(self, prefix: str = "") -> Q:
        """The urgency and procesregisseur filters on the case (reached through `prefix`)."""
        q = Q()
        if self.urgency:
            q &= Q(**{f"{prefix}urgency": self.urgency})
        if self.procesregisseur_id:
            q &= Q(**{f"{prefix}procesregisseur_id": self.procesregisseur_id})
        return q

    def period_q(self, lookup: str) -> Q:
        return Q(**{f"{lookup}__gte": self.start_at, f"{lookup}__lt": self.end_before})


@dataclass(frozen=True)
class Percentiles:
    """Median and 90th percentile (linear interpolation, as PostgreSQL's percentile_cont) of n samples."""

    n: int
    median: float | None = None
    p90: float | None = None


# -- the figures ---------------------------------------------------------------------------------


def open_cases(region_ids, f: Filters, now) -> dict:
    """Open cases now, per stage; how many of them exceed the stage norm; how many stagnate."""
    overdue = Q()
    for stage, days in STAGE_NORM_DAYS.items():
        overdue |= Q(stage=stage, stage_entered_at__lte=now - timedelta(days=days))
    stagnating = Q(stage=CaseStage.MONITORING,
                   last_activity_at__lte=now - timedelta(days=settings.CASE_STAGNATION_DAYS))
    rows = (
        Case.objects.filter(f.case_q(), region_id__in=region_ids).exclude(stage=CaseStage.CLOSED)
        .values("region_id", "stage")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue), stagnating=Count("pk", filter=stagnating))
        .order_by()
    )
    result = {rid: {"stages": {}, "overdue": {}, "stagnating": 0} for rid in region_ids}
    for row in rows:
        entry = result[row["region_id"]]
        entry["stages"][row["stage"]] = row["n"]
        entry["overdue"][row["stage"]] = row["overdue"]
        entry["stagnating"] += row["stagnating"]
    return result


def _per_month(queryset, field_name: str, region_ids, f: Filters) -> dict:
    rows = (
        queryset.filter(f.case_q(), f.period_q(field_name), region_id__in=region_ids)
        .annotate(month=TruncMonth(field_name)).values("region_id", "month").annotate(n=Count("pk")).order_by()
    )
    result = {rid: {} for rid in region_ids}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        result[row["region_id"]][month.replace(day=1)] = row["n"]
    return result


def new_per_month(region_ids, f: Filters, now) -> dict:
    """Cases registered (aanmelding) per month of the period."""
    return _per_month(Case.objects.all(), "opened_at", region_ids, f)


def closed_per_month(region_ids, f: Filters, now) -> dict:
    """Cases closed per month of the period (also those declined or referred at triage)."""
    return _per_month(Case.objects.all(), "closed_at", region_ids, f)


def closed_from(region_ids, f: Filters, now) -> dict:
    """How cases ended: closures in the period by the stage they were closed from."""
    rows = (
        CaseStageChange.objects.filter(f.case_q("case__"), f.period_q("created_at"), to_stage=CaseStage.CLOSED,
                                       case__region_id__in=region_ids)
        .values("case__region_id", "from_stage").annotate(n=Count("pk")).order_by()
    )
    result = {rid: {} for rid in region_ids}
    for row in rows:
        result[row["case__region_id"]][row["from_stage"]] = row["n"]
    return result


def _seconds_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    # SQLite keeps datetimes as ISO text in UTC; julianday() parses it.
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


def percentiles(region_ids, f: Filters, now) -> dict:
    """Median and 90th percentile of the time in each stage and of the time to acknowledge an opschaling.

    Time in a stage: from entering it (the previous stage change, or the registration for
    aanmelding) to leaving it, for every stage left during the period. Time to acknowledge: for
    opschalingen raised in the period and picked up.

    One query, on PostgreSQL and SQLite alike. A stage change stores when its stage was entered
    (`entered_at`; rows written without the service fall back to the previous change, one index
    lookup), so only the changes of the period are read, never a window over all history.
    PostgreSQL computes both percentiles with `percentile_cont` (one row per region and metric). On
    SQLite window functions number the samples of every (region, metric) group in order, and only the
    at most four rows around the median and the 90th percentile come back; the interpolation is done
    here, the same as `percentile_cont`. Either way the result size does not grow with the cases.
    """
    case_t, change_t, esc_t = (m._meta.db_table for m in (Case, CaseStageChange, Escalation))
    adapt = connection.ops.adapt_datetimefield_value
    start, end = adapt(f.start_at), adapt(f.end_before)
    in_regions = ", ".join(["%s"] * len(region_ids))
    case_filter, case_params = "", []
    if f.urgency:
        case_filter += " AND cs.urgency = %s"
        case_params.append(f.urgency)
    if f.procesregisseur_id:
        case_filter += " AND cs.procesregisseur_id = %s"
        case_params.append(f.procesregisseur_id)
    entered = f"""COALESCE(ch.entered_at,
        (SELECT MAX(p.created_at) FROM {change_t} p WHERE p.case_id = ch.case_id
         AND (p.created_at < ch.created_at OR (p.created_at = ch.created_at AND p.id < ch.id))),
        cs.opened_at)"""  # noqa: S608 - table names only
    sql = f"""
        WITH samples AS (
            SELECT cs.region_id AS region_id, ch.from_stage AS metric,
                   {_seconds_between("ch.created_at", entered)} AS value
            FROM {change_t} ch JOIN {case_t} cs ON cs.id = ch.case_id
            WHERE ch.created_at >= %s AND ch.created_at < %s AND cs.region_id IN ({in_regions}){case_filter}
            UNION ALL
            SELECT cs.region_id, '{ACK}', {_seconds_between("e.acknowledged_at", "e.raised_at")}
            FROM {esc_t} e JOIN {case_t} cs ON cs.id = e.case_id
            WHERE cs.region_id IN ({in_regions}){case_filter} AND e.acknowledged_at IS NOT NULL
              AND e.raised_at >= %s AND e.raised_at < %s
        )
    """  # noqa: S608 - only table names and placeholders are formatted in; values are parameters
    params = [start, end, *region_ids, *case_params, *region_ids, *case_params, start, end]
    if connection.vendor == "postgresql":
        # An ordered-set aggregate sorts each group once, in memory: half the time of the window
        # functions below on a national period (docs/performance.md).
        sql += """
        SELECT region_id, metric, COUNT(*), percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY value)
        FROM samples GROUP BY region_id, metric
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        result = {rid: {} for rid in region_ids}
        for region_id, metric, n, (median, p90) in rows:
            result[region_id][metric] = Percentiles(n=int(n), median=float(median), p90=float(p90))
        return result
    sql += """,
        ranked AS (
            SELECT region_id, metric, value,
                   ROW_NUMBER() OVER (PARTITION BY region_id, metric ORDER BY value) AS rn,
                   COUNT(*) OVER (PARTITION BY region_id, metric) AS n
            FROM samples
        )
        SELECT region_id, metric, n, rn, value FROM ranked
        WHERE rn IN ((n - 1) / 2 + 1, n / 2 + 1, (9 * (n - 1)) / 10 + 1, (9 * (n - 1) + 9) / 10 + 1)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    groups: dict[tuple[int, str], dict] = {}
    for region_id, metric, n, rn, value in rows:
        groups.setdefault((region_id, metric), {"n": int(n), "values": {}})["values"][int(rn)] = float(value)
    result = {rid: {} for rid in region_ids}
    for (region_id, metric), group in groups.items():
        result[region_id][metric] = Percentiles(
            n=group["n"], median=_interpolate(group, 0.5), p90=_interpolate(group, 0.9))
    return result


def _interpolate(group: dict, p: float) -> float:
    """percentile_cont(p) from the rows at floor and ceiling of p·(n−1) (0-based)."""
    position = p * (group["n"] - 1)
    low = int(position)
    values = group["values"]
    lower = values[low + 1]
    upper = values.get(low + 2, lower)
    return lower + (position - low) * (upper - lower)


def _per_region(rows, region_ids, empty: dict) -> dict:
    """Rows of `.values("case__region_id").annotate(...)` as {region id: counts}; regions without a row
    get `empty`. Annotations named `n_<field>` (a name an annotation cannot share with a model field)
    come back as `<field>`."""
    result = {rid: dict(empty) for rid in region_ids}
    for row in rows:
        region_id = row.pop("case__region_id")
        result[region_id] = {key.removeprefix("n_"): n for key, n in row.items()}
    return result


def checkins_overdue(region_ids, f: Filters, now) -> dict:
    """Open cases with a monitoring moment whose date has passed without it being recorded."""
    today = timezone.localdate(now)
    rows = (
        CheckIn.objects.filter(f.case_q("case__"), case__region_id__in=region_ids, done_at__isnull=True,
                               scheduled_on__lt=today)
        .exclude(case__stage=CaseStage.CLOSED)
        .values("case__region_id").annotate(checkins=Count("pk"), cases=Count("case_id", distinct=True)).order_by()
    )
    return _per_region(rows, region_ids, {"checkins": 0, "cases": 0})


def escalations(region_ids, f: Filters, now) -> dict:
    """Opschalingen open now (not resolved), not yet picked up, and raised during the period."""
    rows = (
        Escalation.objects.filter(f.case_q("case__"), case__region_id__in=region_ids)
        .filter(Q(resolved_at__isnull=True) | f.period_q("raised_at"))
        .values("case__region_id")
        .annotate(open=Count("pk", filter=Q(resolved_at__isnull=True)),
                  unacknowledged=Count("pk", filter=Q(resolved_at__isnull=True, acknowledged_at__isnull=True)),
                  raised=Count("pk", filter=f.period_q("raised_at")))
        .order_by()
    )
    return _per_region(rows, region_ids, {"open": 0, "unacknowledged": 0, "raised": 0})


def plan_b(region_ids, f: Filters, now) -> dict:
    """Adopted plans of cases open at some time in the period, and how many of them switched to plan B."""
    rows = (
        Plan.objects.filter(f.case_q("case__"), case__region_id__in=region_ids, adopted_at__lt=f.end_before,
                            case__opened_at__lt=f.end_before)
        .filter(Q(case__closed_at__isnull=True) | Q(case__closed_at__gte=f.start_at))
        .values("case__region_id")
        .annotate(plans=Count("pk"), switched=Count("pk", filter=Q(switched_to_b_at__lt=f.end_before)))
        .order_by()
    )
    return _per_region(rows, region_ids, {"plans": 0, "switched": 0})


def close_outs(region_ids, f: Filters, now) -> dict:
    """Afschaalbesluiten of the period and how often each of the three criteria held."""
    rows = (
        CloseOut.objects.filter(f.case_q("case__"), f.period_q("decided_at"), case__region_id__in=region_ids)
        .values("case__region_id")
        .annotate(decided=Count("pk"),
                  **{f"n_{name}": Count("pk", filter=Q(**{name: True})) for name in CLOSE_OUT_CRITERIA},
                  all_three=Count("pk", filter=Q(**{name: True for name in CLOSE_OUT_CRITERIA})))
        .order_by()
    )
    return _per_region(rows, region_ids, {"decided": 0, "all_three": 0, **{name: 0 for name in CLOSE_OUT_CRITERIA}})


def evaluations(region_ids, f: Filters, now) -> dict:
    """Evaluations recorded in the period: done, or explicitly skipped."""
    rows = (
        Evaluation.objects.filter(f.case_q("case__"), f.period_q("recorded_at"), case__region_id__in=region_ids)
        .values("case__region_id")
        .annotate(done=Count("pk", filter=Q(skipped=False)), skipped=Count("pk", filter=Q(skipped=True)))
        .order_by()
    )
    return _per_region(rows, region_ids, {"done": 0, "skipped": 0})


def success_conditions(region_ids, f: Filters, now) -> dict:
    """Meetings held in the period, and for each of the seven success conditions how often it was unmet."""
    rows = (
        Meeting.objects.filter(f.case_q("case__"), f.period_q("starts_at"), case__region_id__in=region_ids,
                               status=MeetingStatus.HELD)
        .values("case__region_id")
        .annotate(meetings=Count("pk"),
                  **{f"n_{name}": Count("pk", filter=Q(**{name: False})) for name in SUCCESS_CONDITION_FIELDS})
        .order_by()
    )
    return _per_region(rows, region_ids, {"meetings": 0, **{name: 0 for name in SUCCESS_CONDITION_FIELDS}})


def caseload(region_ids, f: Filters, now) -> dict:
    """Open cases per active procesregisseur of the region (zeros included), highest first. No names:
    only the numbers leave this function."""
    open_cases_q = Q(cases_as_procesregisseur__stage__in=OPEN_STAGES)
    if f.urgency:
        open_cases_q &= Q(cases_as_procesregisseur__urgency=f.urgency)
    users = User.objects.filter(region_id__in=region_ids, function=Function.PROCESREGISSEUR, is_active=True)
    if f.procesregisseur_id:
        users = users.filter(pk=f.procesregisseur_id)
    rows = users.annotate(n=Count("cases_as_procesregisseur", filter=open_cases_q)).values_list(
        "region_id", "n").order_by()
    result = {rid: [] for rid in region_ids}
    for region_id, n in rows:
        result[region_id].append(n)
    for loads in result.values():
        loads.sort(reverse=True)
    return result


# Name → function. The page computes all of them: len(FIGURES) queries, whatever the data.
FIGURES = {
    "open": open_cases,
    "new": new_per_month,
    "closed": closed_per_month,
    "closed_from": closed_from,
    "percentiles": percentiles,
    "checkins": checkins_overdue,
    "escalations": escalations,
    "plan_b": plan_b,
    "close_outs": close_outs,
    "evaluations": evaluations,
    "success": success_conditions,
    "caseload": caseload,
}


@dataclass
class Figures:
    """The computed figures for some regions, and when they were computed."""

    data: dict[str, dict] = field(default_factory=dict)
    computed_at: datetime | None = None
    stamps: tuple = ()  # (figure, when computed) of every figure: identifies this set of figures

    def __getitem__(self, name):
        return self.data[name]


def compute(region_ids: list[int], filters: Filters, names=None, now=None) -> Figures:
    """Compute the named figures (default: all) for the regions: one query per figure."""
    now = now or timezone.now()
    region_ids = sorted(region_ids)
    names = list(names or FIGURES)
    if not region_ids:
        return Figures({name: {} for name in names}, now)
    return Figures({name: FIGURES[name](region_ids, filters, now) for name in names}, now)


# Figures that depend on the urgency and procesregisseur filters but not on the period: a new period
# reuses them from the cache (the national view with a new filter recomputes only what changes).
PERIOD_FREE = frozenset({"open", "checkins", "caseload"})


def _cache_key(region_ids, filters: Filters, name: str) -> str:
    part = (filters.urgency, filters.procesregisseur_id) if name in PERIOD_FREE else filters
    raw = repr((region_ids, part, name, timezone.localdate().isoformat()))
    return "dashboards:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_compute(region_ids: list[int], filters: Filters, names=None) -> Figures:
    """`compute`, each figure kept in the cache for DASHBOARD_CACHE_SECONDS (default 300; 0 switches
    it off), under the regions, the filters it depends on and the day.

    The figures are aggregates without any personal data, so a region's figures may be shared by
    everyone allowed to see that region. The page says when they were computed (the oldest figure).
    """
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)
    if not seconds:
        return compute(region_ids, filters, names)
    region_ids, names = sorted(region_ids), sorted(names or FIGURES)
    keys = {name: _cache_key(region_ids, filters, name) for name in names}
    try:
        stored = cache.get_many(list(keys.values()))
    except Exception as error:  # noqa: BLE001 - Redis down: compute without the cache
        logger.warning("Dashboardcache onbereikbaar, cijfers zonder cache berekend: %s", error)
        return compute(region_ids, filters, names)
    data, stamps = {}, {}
    for name in names:
        if keys[name] in stored:
            data[name], stamps[name] = stored[keys[name]]
    missing = [name for name in names if name not in data]
    if missing:
        fresh = compute(region_ids, filters, missing)
        for name in missing:
            data[name], stamps[name] = fresh.data[name], fresh.computed_at
        try:
            cache.set_many({keys[name]: (data[name], stamps[name]) for name in missing}, seconds)
        except Exception as error:  # noqa: BLE001 - the figures are shown anyway
            logger.warning("Dashboardcache onbereikbaar: %s", error)
    return Figures({name: data[name] for name in names}, min(stamps.values()) if stamps else timezone.now(),
                   tuple(sorted((name, stamp.isoformat()) for name, stamp in stamps.items())))
