"""One Celery scan, timed, in a process of its own: `python -m bench.scans NAME` prints JSON.

The scans are the functions the Celery tasks call (`monitoring.reminders.sweep_run`, its stagnation
scan, `privacy.retention.apply_retention`). Each run measures wall time and the process's peak RSS
(`VmHWM`, which includes Django itself); `baseline_mb` is the RSS before the scan.
Preparation (a backlog of due check-ins, a nightly batch of cases past their term) is not timed.

The reminder sweep and the retention run as their tasks do: runs of at most
`REMINDER_SWEEP_SECONDS` / `RETENTION_RUN_SECONDS` (checked between units of work), one after
another until one is complete. `seconds` is the longest run (what one task takes), `total_seconds`
all runs together, `runs` how many.
"""

import json
import os
import resource
import sys
import time
from datetime import timedelta

MAX_RUNS = 1000  # a scan that needs more runs than this is broken, not slow


def _rss_mb() -> float:
    """This process's peak RSS. `VmHWM` where Linux has it: `ru_maxrss` keeps, across fork and exec, the
    peak of the process that started this one (`bench.run`, after generating the data: 300 MB)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare_backlog(n=5000):
    """`n` open check-ins due today on open monitoring cases: the sweep owes n reminders at once."""
    from django.utils import timezone

    from cases.constants import CaseStage
    from monitoring.models import CheckIn
    from planning.models import Plan

    today = timezone.localdate()
    plans = list(Plan.objects.filter(case__stage=CaseStage.MONITORING, casusregisseur__isnull=False)
                 .values_list("case_id", "casusregisseur_id")[:n])
    rows = [CheckIn(case_id=plans[i % len(plans)][0], assignee_id=plans[i % len(plans)][1], scheduled_on=today)
            for i in range(n)] if plans else []
    CheckIn.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def prepare_retention(n=1000):
    """`n` closed cases whose term ended last night (a nightly batch)."""
    from django.db.models import Subquery
    from django.utils import timezone

    from cases.constants import CaseStage
    from cases.models import Case

    past = timezone.now() - timedelta(days=31 * 24 + 1)
    batch = Case.objects.filter(stage=CaseStage.CLOSED, anonymised_at__isnull=True).order_by("pk").values("pk")[:n]
    return Case.objects.filter(pk__in=Subquery(batch)).update(closed_at=past)


def _sweep_as_the_task_does() -> dict:
    from django.conf import settings

    from monitoring import reminders

    def part(_state):
        run = reminders.sweep_run(seconds=settings.REMINDER_SWEEP_SECONDS)
        return run.created, None if run.complete else True

    return _in_parts(part, None)


def _retention_as_the_task_does() -> dict:
    from django.conf import settings

    from privacy.retention import apply_retention

    def part(resume_at):
        result = apply_retention(limit=None, seconds=settings.RETENTION_RUN_SECONDS, resume_at=resume_at)
        return result.count, result.resume

    return _in_parts(part, None)


def _in_parts(part, state) -> dict:
    """Run `part(state) -> (done, next state or None)` until it says it is complete; time each run."""
    runs, done = [], 0
    while True:
        started = time.perf_counter()
        count, state = part(state)
        runs.append(time.perf_counter() - started)
        done += count
        if state is None:
            break
        if len(runs) >= MAX_RUNS:
            raise SystemExit(f"na {MAX_RUNS} runs nog niet klaar")
    return {"seconds": round(max(runs), 3), "total_seconds": round(sum(runs), 3), "runs": len(runs),
            "result": done}


def run(name: str) -> dict:
    from django.utils import timezone

    from monitoring import reminders

    prepared = 0
    if name == "reminders_backlog":
        reminders.sweep()  # the steady state first, so only the backlog is left
        prepared = prepare_backlog(int(os.environ.get("BENCH_BACKLOG", "5000")))
    elif name == "retention":
        prepared = prepare_retention(int(os.environ.get("BENCH_RETENTION_BATCH", "1000")))
    baseline = _rss_mb()
    started = time.perf_counter()
    if name in ("reminders", "reminders_backlog", "reminders_steady", "retention"):
        if name == "reminders_steady":
            reminders.sweep()
            baseline = _rss_mb()
        parts = _retention_as_the_task_does() if name == "retention" else _sweep_as_the_task_does()
        return {"scan": name, **parts, "peak_rss_mb": round(_rss_mb(), 1), "baseline_mb": round(baseline, 1),
                "prepared": prepared}
    if name != "stagnation":
        raise SystemExit(f"onbekende scan: {name}")
    result = reminders.scan_stagnation(timezone.now())
    seconds = time.perf_counter() - started
    return {"scan": name, "seconds": round(seconds, 3), "peak_rss_mb": round(_rss_mb(), 1),
            "baseline_mb": round(baseline, 1), "result": result, "prepared": prepared}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(run(sys.argv[1])))
