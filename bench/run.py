"""`make bench`: generate the national data set, serve it, load it, report. See README "Benchmark".

    BENCH_CASES=100000 DATABASE_URL=postgres://…/zvh_bench python -m bench.run

1. Refuses anything but PostgreSQL. Migrates, then generates `--cases` cases (`bench.generate`)
   unless `--reuse` finds a bench data set of that size already.
2. Collects the static files (the production configuration serves them from the manifest).
3. Counts the queries of every page in-process, and the access log's cost per request.
4. Serves the app with gunicorn (`--workers` sync workers, the production settings plus the bare
   baseline page) and drives it with Locust: `--users` logged-in users of each function requesting
   the pages back to back for `--duration`, the bare page interleaved. Samples the workers' RSS.
5. Times each Celery scan in a process of its own (`bench.scans`).
6. Writes `results.json` and `results.md` to `--out` (default bench/, both untracked) and prints the table.
"""

import argparse
import csv
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANS = ["reminders", "reminders_steady", "stagnation", "reminders_backlog", "retention"]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    # Plain HTTP on the loopback: no TLS redirect, cookies without the secure flag, no second factor.
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "TWO_FACTOR_REQUIRED": "0",
    "CELERY_BROKER_URL": "memory://",
}


def _args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "100000")))
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", "10")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "3")))
    parser.add_argument("--duration", default=os.environ.get("BENCH_DURATION", "90s"))
    parser.add_argument("--reuse", action="store_true", default=os.environ.get("BENCH_REUSE", "") == "1",
                        help="keep a bench data set of the same size instead of generating it again")
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("BENCH_OUT", ROOT / "bench")))
    parser.add_argument("--generate-only", action="store_true", help="only (re)generate the data set")
    parser.add_argument("--skip-scans", action="store_true", default=os.environ.get("BENCH_SKIP_SCANS", "") == "1")
    return parser.parse_args(argv)


def _environment():
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise SystemExit("make bench vraagt PostgreSQL: zet BENCH_DATABASE_URL (of DATABASE_URL) op een eigen, lege "
                         "PostgreSQL-database, bv. postgres://postgres@127.0.0.1:5432/zvh_bench. "
                         "SQLite wordt niet ondersteund.")
    for key, value in PRODUCTION_ENV.items():
        os.environ[key] = value
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pages(accounts):
    """(name, username, url) of every measured page, with one account each."""
    from django.utils import timezone

    today = timezone.localdate()
    pr = next(a for a in accounts["procesregisseurs"] if a["cases"] and a["plans"])
    beheerder = accounts["beheerders"][0]
    subject = accounts["log_subjects"][beheerder][0]
    pages = [
        ("basis: lege pagina", pr["username"], "/bench/leeg/"),
        ("start procesregisseur", pr["username"], "/"),
        ("mijn casussen", pr["username"], "/casussen/"),
        ("zoeken op kenmerk", pr["username"], f"/casussen/?q={pr['references'][0]}"),
        ("zoeken op naam", pr["username"], f"/casussen/?q={pr['names'][0]}"),
        ("triage", pr["username"], "/casussen/triage/"),
        ("casussen regio", pr["username"], "/casussen/regio/"),
        ("casuspagina", pr["username"], f"/casussen/{pr['plans'][-1]}/"),
        ("planpagina", pr["username"], f"/casussen/{pr['plans'][-1]}/plan/"),
        ("meldingen", pr["username"], "/meldingen/"),
        ("dashboard regio, gecachet", accounts["managers"][0], "/dashboard/"),
        ("dashboard regio, nieuw filter", accounts["managers"][0], f"/dashboard/?van=2024-02-01&tot={today}"),
        ("landelijk, gecachet", accounts["landelijk"][0], "/dashboard/landelijk/"),
        ("landelijk, nieuw filter", accounts["landelijk"][0],
         f"/dashboard/landelijk/?van=2024-03-01&tot={today}"),
        ("toegangslog gebruiker", beheerder, f"/toegangslog/gebruikers/{subject}/"),
    ]
    if accounts["casusregisseurs"]:
        pages.append(("casusregiepagina", accounts["casusregisseurs"][0], "/casusregie/"))
    return pages


def count_queries(accounts) -> dict:
    """Queries per page (the second request, so per-process caches are warm), in-process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zvh.models import User

    result = {}
    for name, username, url in _pages(accounts):
        client = Client()
        client.force_login(User.objects.get(username=username))
        if "gecachet" not in name:
            cache.clear()
        warm = client.get(url)
        if "nieuw filter" in name:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200 or warm.status_code != 200:
            raise SystemExit(f"{name}: {url} antwoordde {response.status_code}")
        result[name] = len(ctx.captured_queries)
    return result


def access_log_cost(accounts, repeat=40) -> dict:
    """Median time of the case page with and without the access-log middleware, interleaved."""
    from django.conf import settings
    from django.test import Client, override_settings

    from zvh.models import User

    pr = next(a for a in accounts["procesregisseurs"] if a["plans"])
    client = Client()
    client.force_login(User.objects.get(username=pr["username"]))
    url = f"/casussen/{pr['plans'][-1]}/"
    without = [m for m in settings.MIDDLEWARE if m != "privacy.audit.AccessLogMiddleware"]
    with_log, no_log = [], []
    client.get(url)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        with_log.append((time.perf_counter() - started) * 1000)
        with override_settings(MIDDLEWARE=without):
            started = time.perf_counter()
            client.get(url)
            no_log.append((time.perf_counter() - started) * 1000)
    return {"with_log_ms": round(statistics.median(with_log), 2), "without_log_ms": round(statistics.median(no_log), 2),
            "overhead_ms": round(statistics.median(with_log) - statistics.median(no_log), 2)}


class _RssSampler(threading.Thread):
    """Peak RSS of the gunicorn workers (children of the master), sampled twice a second."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.done = pid, 0.0, threading.Event()

    def run(self):
        import psutil

        master = psutil.Process(self.pid)
        while not self.done.wait(0.5):
            try:
                for child in master.children():
                    self.peak_mb = max(self.peak_mb, child.memory_info().rss / 2**20)
            except psutil.Error:
                continue


def _serve(workers, port, log_path):
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--chdir", str(ROOT),
               "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
               # Per request: the page's name (a header Locust sends) and the time in the worker (µs).
               "--access-logfile", str(log_path.parent / "access.log"),
               "--access-logformat", "%({x-bench-page}i)s\t%(s)s\t%(D)s"]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())  # noqa: S603
    # Ready when every worker has loaded the app and answered: a few rounds of the login page.
    deadline, answered = time.monotonic() + 300, 0
    while time.monotonic() < deadline and answered < 4 * workers:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopte (zie {log_path})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=60) as response:  # noqa: S310
                answered += response.status == 200
        except OSError:
            time.sleep(0.2)
    if answered < 4 * workers:
        server.terminate()
        raise SystemExit("gunicorn antwoordde niet binnen 300 s")
    return server


def load(args, accounts_path, out) -> tuple[dict, float]:
    port = _free_port()
    server = _serve(args.workers, port, out / "gunicorn.log")
    sampler = _RssSampler(server.pid)
    sampler.start()
    prefix = out / "locust"
    env = {**os.environ, "BENCH_ACCOUNTS": str(accounts_path), "BENCH_USERS": str(args.users)}
    command = [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
               "--headless", "-u", str(args.users), "-r", str(args.users), "-t", args.duration,
               "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
               "--exit-code-on-error", "0", "--stop-timeout", "120"]
    try:
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=3600)  # noqa: S603
    finally:
        sampler.done.set()
        server.terminate()
        server.wait(timeout=60)
    return _read_stats(Path(f"{prefix}_stats.csv"), out / "access.log"), round(sampler.peak_mb, 1)


def _server_times(access_log) -> dict[str, list[float]]:
    """Page name → the milliseconds each request spent in a worker (gunicorn's %(D)s): the page's own
    cost, without the time it waited for a free worker."""
    times: dict[str, list[float]] = {}
    for line in access_log.read_text().splitlines():
        name, _status, micros = (line.split("\t") + ["", "", ""])[:3]
        if name and name != "-" and micros.isdigit():
            times.setdefault(name, []).append(int(micros) / 1000)
    return times


def _percentile(values, p) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def _read_stats(path, access_log) -> dict:
    server = _server_times(access_log) if access_log.exists() else {}
    stats = {}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] in ("Aggregated", "inloggen"):
                continue
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "avg_ms": round(float(row["Average Response Time"]), 1),
                "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
                "rps": round(float(row["Requests/s"]), 2),
            }
            own = server.get(row["Name"])
            if own:
                stats[row["Name"]].update({"server_avg_ms": round(statistics.mean(own), 1),
                                           "server_p50_ms": round(_percentile(own, 0.5), 1),
                                           "server_p95_ms": round(_percentile(own, 0.95), 1)})
    return stats


def scans(out) -> list[dict]:
    results = []
    for name in SCANS:
        done = subprocess.run([sys.executable, "-m", "bench.scans", name], cwd=ROOT, env=os.environ.copy(),  # noqa: S603
                              capture_output=True, text=True, timeout=1800)
        if done.returncode:
            (out / f"scan-{name}.log").write_text(done.stdout + done.stderr)
            results.append({"scan": name, "error": done.stderr.strip().splitlines()[-1:]})
        else:
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def _machine() -> dict:
    import psutil

    return {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def table(results) -> str:
    """The results as a Markdown table (pages, then scans, access log and workers)."""
    pages = results["pages"]
    base = pages.get("basis: lege pagina", {}).get("server_avg_ms")
    lines = ["| pagina | queries | p50 (ms) | p95 (ms) | p99 (ms) | server p50 / p95 (ms) | req/s "
             "| t.o.v. lege pagina | fouten |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    names = list(pages) + [name for name in results["queries"] if name not in pages]
    for name in names:
        s = pages.get(name)
        queries = results["queries"].get(name, "—")
        if s is None:
            lines.append(f"| {name} | {queries} | geen antwoord binnen de run | — | — | — | — | — | — |")
            continue
        own = s.get("server_avg_ms")
        ratio = f"{base / own:.2f}" if base and own else "—"
        server = f"{s['server_p50_ms']:.0f} / {s['server_p95_ms']:.0f}" if own else "—"
        lines.append(f"| {name} | {queries} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | "
                     f"{s['p99_ms']:.0f} | {server} | {s['rps']:.1f} | {ratio} | {s['failures']} |")
    lines += ["", "| scan | tijd (s; in delen: langste run) | piek-RSS (MB) | resultaat |", "|---|---:|---:|---:|"]
    for s in results.get("scans", []):
        if "error" in s:
            lines.append(f"| {s['scan']} | fout: {s['error']} | | |")
        else:
            runs = f" ({s['runs']} runs, {s['total_seconds']:.2f} s samen)" if s.get("runs", 1) > 1 else ""
            lines.append(f"| {s['scan']} | {s['seconds']:.2f}{runs} | {s['peak_rss_mb']:.0f} | {s['result']} |")
    log = results.get("access_log", {})
    m = results["machine"]
    lines += ["", f"Toegangslog: {log.get('overhead_ms', '—')} ms per verzoek (mediaan casuspagina met "
                  f"{log.get('with_log_ms', '—')} / zonder {log.get('without_log_ms', '—')} ms). "
                  f"Piek-RSS van een gunicorn-worker: {results.get('worker_peak_rss_mb', '—')} MB.",
              f"{results['cases']} casussen, {results['users']} gebruikers, {results['workers']} workers, "
              f"{results['duration']}; machine: {m['cores']} cores, {m['memory_gb']} GB, load {m['load_average']}."]
    return "\n".join(lines)


def main(argv=None) -> dict:
    args = _args(argv)
    _environment()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import REGION_PREFIX, generate
    from cases.models import Case

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    accounts_path = out / "accounts.json"
    print(f"Benchmark: {args.cases} casussen, {args.users} gebruikers, {args.workers} workers, {args.duration}")
    call_command("migrate", verbosity=0)
    existing = Case.objects.filter(region__name__startswith=REGION_PREFIX).count()
    generation = None
    if args.reuse and existing == args.cases and accounts_path.exists():
        print(f"Bestaande benchmarkgegevens ({existing} casussen) hergebruikt.")
    else:
        print("Gegevens aanmaken …")
        summary = generate(args.cases, accounts_path=accounts_path)
        generation = {"seconds": round(summary.seconds, 1), "rows": summary.counts}
        print(f"Aangemaakt in {summary.seconds:.0f} s.")
    if args.generate_only:
        return {"generation": generation}
    accounts = json.loads(accounts_path.read_text())
    call_command("collectstatic", interactive=False, verbosity=0)
    print("Queries per pagina tellen …")
    queries = count_queries(accounts)
    log_cost = access_log_cost(accounts)
    connection.close()
    print(f"Belasten met Locust ({args.duration}) …")
    pages, worker_rss = load(args, accounts_path, out)
    results = {"cases": args.cases, "users": args.users, "workers": args.workers, "duration": args.duration,
               "machine": _machine(), "generation": generation, "queries": queries, "access_log": log_cost,
               "pages": dict(sorted(pages.items(), key=lambda item: (item[0] != "basis: lege pagina", item[0]))),
               "worker_peak_rss_mb": worker_rss}
    if not args.skip_scans:
        print("Celery-scans timen …")
        results["scans"] = scans(out)
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    text = table(results)
    (out / "results.md").write_text(text + "\n")
    print("\n" + text)
    print(f"\nResultaten: {out / 'results.json'} en {out / 'results.md'}")
    return results


if __name__ == "__main__":
    main()
