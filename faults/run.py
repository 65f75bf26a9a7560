"""The fault suite (`make faults`): real worker, beat and web processes, an SMTP server it controls,
its own redis-server as broker and a TCP proxy in front of the machine's PostgreSQL that it cuts.

Each scenario creates a known number of messages, injects a fault, and counts at the SMTP server
what arrived: delivered (distinct Message-IDs), duplicates, lost, 5xx answers of the web process,
and the seconds from the end of the fault until every message arrived. Results go to
faults/results.json; the suite fails on any loss, any duplicate (the relay can tell here), and any
5xx outside the database outage. The machine's own PostgreSQL and Redis are never stopped.
"""

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "faults" / "work"
BIN = Path(sys.executable).parent
PG = ("127.0.0.1", int(os.environ.get("FAULTS_PG_PORT", "5432")))
PORTS = {"pg_proxy": 16432, "redis": 16379, "smtp": 16025, "web": 16800}
DB_NAME = os.environ.get("FAULTS_DB", "zvh_reliab_faults")
RESULTS = ROOT / "faults" / "results.json"

sys.path.insert(0, str(ROOT))
from faults.servers import Proxy, SMTPServer, wait_for  # noqa: E402


class Suite:
    def __init__(self):
        WORK.mkdir(parents=True, exist_ok=True)
        self.relay_file = WORK / "relay.txt"
        self.relay_file.write_text("")
        self.clock_file = WORK / "clock"
        self.clock_file.write_text("0")
        self.procs: dict[str, subprocess.Popen] = {}
        self.results = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "faults-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "PLAIN_STATIC": "1",
            "WHITENOISE_USE_FINDERS": "1", "TWO_FACTOR_REQUIRED": "0", "CACHE_LOCMEM": "1", "REDIS_URL": "",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORTS['pg_proxy']}/{DB_NAME}",
            "CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{PORTS['smtp']}", "EMAIL_TIMEOUT": "3",
            "OUTBOX_RELAY_LOOKUP": "faults.relay.lookup", "FAULTS_RELAY_FILE": str(self.relay_file),
            "OUTBOX_SENDING_STALE_SECONDS": "15", "OUTBOX_RECORD_RETRY_SECONDS": "60",
            "OUTBOX_CLOCK_FILE": str(self.clock_file), "OUTBOX_DELIVER_EVERY": "2",
            "REMINDER_SWEEP_EVERY": "2", "OUTBOX_RUN_SECONDS": "30",
        }
        os.environ.update({k: v for k, v in self.env.items() if k != "DATABASE_URL"})
        # The suite itself reads and writes the database directly, not through the proxy.
        os.environ["DATABASE_URL"] = f"postgres://postgres@{PG[0]}:{PG[1]}/{DB_NAME}"

    # -- processes ----------------------------------------------------------------------------
    def start(self, name, args):
        log = (WORK / f"{name}.log").open("a")
        self.procs[name] = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,  # noqa: S603
                                            start_new_session=True)
        return self.procs[name]

    def kill(self, name, sig=signal.SIGKILL):
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=30)

    def start_redis(self):
        self.start("redis", ["redis-server", "--port", str(PORTS["redis"]), "--save", "", "--appendonly", "no",
                             "--dir", str(WORK)])
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(PORTS["redis"]), "ping"],  # noqa: S603, S607
                                        capture_output=True).stdout.strip() == b"PONG", 20)

    def start_worker(self, name="worker"):
        self.start(name, [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2",
                          f"--hostname={name}@%h", "--without-gossip", "--without-mingle"])

    def start_beat(self, name="beat"):
        self.start(name, [str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO", "--max-interval=2",
                          f"--schedule={WORK / (name + '-schedule')}"])

    def start_web(self):
        self.start("web", [str(BIN / "gunicorn"), "config.wsgi:application", "--bind",
                           f"127.0.0.1:{PORTS['web']}", "--workers", "2", "--timeout", "30"])
        wait_for(lambda: self.http("/gezondheid/")[0] == 200, 60)

    def http(self, path, data=None, opener=None, with_headers=False):
        url = f"http://127.0.0.1:{PORTS['web']}{path}"
        try:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
            request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
            with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
                answer = response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            answer = error.code, error.read().decode(errors="replace"), dict(error.headers)
        except OSError:
            answer = 0, "", {}
        return answer if with_headers else answer[:2]

    # -- data ---------------------------------------------------------------------------------
    def setup_database(self):
        import psycopg

        with psycopg.connect(host=PG[0], port=PG[1], user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True,  # noqa: S603
                       env={**self.env, "DATABASE_URL": os.environ["DATABASE_URL"]})
        import django

        django.setup()
        from django.core.management import call_command

        call_command("setup_periodic_tasks", "--every", "2", verbosity=0)

    def fresh_messages(self, n):
        """n due check-ins of a fresh case: the sweep turns them into n reminders, each one e-mail."""
        from django.utils import timezone

        from monitoring.models import CheckIn
        from monitoring.tests.factories import monitoring_case

        case = monitoring_case()
        CheckIn.objects.bulk_create([CheckIn(case=case, scheduled_on=timezone.localdate(),
                                             assignee=case.plan.casusregisseur) for _ in range(n)])
        return case

    def quiesce(self):
        from django.utils import timezone

        from monitoring.models import CheckIn
        from notifications.models import OutboxMessage

        wait_for(lambda: not OutboxMessage.objects.exclude(status__in=["sent", "failed"]).exists(), 60)
        CheckIn.objects.filter(done_at__isnull=True).update(done_at=timezone.now())
        OutboxMessage.objects.all().delete()
        self.smtp.reset()

    # -- scenarios ----------------------------------------------------------------------------
    def scenario(self, name, expected, inject, *, allow_5xx=False, timeout=240, fivexx=lambda: 0):
        self.quiesce()
        started = time.monotonic()
        print(f"-- {name}", flush=True)
        extra = inject() or {}
        fault_over = time.monotonic()
        wait_for(lambda: self.smtp.counts()[1] >= expected, timeout)
        time.sleep(3)  # let any late duplicate arrive before counting
        total, unique = self.smtp.counts()
        from notifications.models import OutboxMessage

        result = {"scenario": name, "expected": expected, "delivered": unique, "duplicates": total - unique,
                  "lost": max(expected - unique, 0), "5xx": extra.get("5xx", 0),
                  "seconds_to_recover": round(time.monotonic() - fault_over, 1),
                  "possible_duplicates_counted": OutboxMessage.objects.filter(possible_duplicate=True).count(),
                  "failed_rows": OutboxMessage.objects.filter(status="failed").count(),
                  "total_seconds": round(time.monotonic() - started, 1), **extra,
                  "5xx_allowed": allow_5xx}
        result["ok"] = (result["lost"] == 0 and result["duplicates"] == 0 and result["failed_rows"] == 0
                        and (allow_5xx or result["5xx"] == 0) and result.get("worker_survived", True)
                        and result.get("sweeps_continued_while_mail_hung", True)
                        and not result.get("failed_during_47h_outage"))
        print(json.dumps(result), flush=True)
        self.results.append(result)

    def worker_sigkill_while_sending(self):
        self.fresh_messages(300)
        wait_for(lambda: self.smtp.counts()[0] >= 40, 120)
        self.kill("worker")
        self.start_worker()

    def broker_killed_mid_sweep(self):
        self.fresh_messages(300)
        wait_for(lambda: self.smtp.counts()[0] >= 20, 120)
        worker_pid = self.procs["worker"].pid
        self.kill("redis")
        time.sleep(20)  # the outage
        self.start_redis()
        survived = wait_for(lambda: self.procs["worker"].poll() is not None, 10) is False
        survived = survived and self.procs["worker"].pid == worker_pid
        if not survived:
            # What compose's `restart: always` / systemd's Restart=always would do; the scenario still fails.
            self.start_worker()
        return {"worker_survived": survived}

    def two_beats(self):
        self.start_beat("beat2")
        self.fresh_messages(100)
        wait_for(lambda: self.smtp.counts()[1] >= 100, 120)
        self.kill("beat2", signal.SIGTERM)

    def mail_down_longer_than_31_minutes(self):
        from notifications.models import OutboxMessage

        self.smtp.mode = "refuse"
        self.fresh_messages(50)
        wait_for(lambda: OutboxMessage.objects.count() == 50 and not OutboxMessage.objects.filter(attempts=0).exists())
        for hours in (0.6, 2, 8, 24, 47):  # the clock moves; the relay stays down
            self.clock_file.write_text(str(hours * 3600))
            attempts = sum(OutboxMessage.objects.values_list("attempts", flat=True))
            wait_for(lambda a=attempts: sum(OutboxMessage.objects.values_list("attempts", flat=True)) > a, 60)
        failed_during_outage = OutboxMessage.objects.filter(status="failed").count()
        self.smtp.mode = "up"
        self.clock_file.write_text(str(47.5 * 3600))
        return {"failed_during_47h_outage": failed_during_outage}

    def mail_server_never_answers(self):
        from django.db.models import F  # noqa: F401

        from monitoring.models import SweepHeartbeat
        from monitoring.services import escalation_raise

        self.smtp.mode = "silent"
        case = self.fresh_messages(0)
        escalation_raise(case=case, actor=case.plan.casusregisseur, reason="execution", explanation="Vast",
                         urgency="verhoogd")
        runs = SweepHeartbeat.objects.get(name="reminders").runs
        kept_sweeping = wait_for(lambda: SweepHeartbeat.objects.get(name="reminders").runs >= runs + 3, 60)
        self.smtp.mode = "up"
        return {"sweeps_continued_while_mail_hung": kept_sweeping}

    def web_during_broker_and_mail_outage(self):
        from zvh.tests.factories import UserFactory

        UserFactory(email="vergeten@example.nl")
        self.kill("redis")
        self.smtp.mode = "refuse"
        jar = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        status, page = self.http("/wachtwoord/vergeten/", opener=jar)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        started = time.monotonic()
        post_status, _ = self.http("/wachtwoord/vergeten/", {"csrfmiddlewaretoken": token.group(1) if token else "",
                                                             "email": "vergeten@example.nl"}, opener=jar)
        request_seconds = round(time.monotonic() - started, 2)
        self.start_redis()
        self.smtp.mode = "up"
        survived = self.procs["worker"].poll() is None
        if not survived:
            self.start_worker()  # as the supervisor would; the scenario still fails
        return {"5xx": int(status >= 500) + int(post_status >= 500), "request_status": post_status,
                "request_seconds": request_seconds, "worker_survived": survived}

    def logged_in(self):
        """A cookie jar logged in as a procesregisseur: its pages read the session and the user from the
        database, so during the cut they meet the outage (the login page alone would not)."""
        from zvh.tests.factories import UserFactory

        user = UserFactory(procesregisseur=True)
        jar = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _status, page = self.http("/inloggen/", opener=jar)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.http("/inloggen/", {"csrfmiddlewaretoken": token.group(1) if token else "", "username": user.username,
                                 "password": "geheim-wachtwoord-123"}, opener=jar)
        return jar

    def db_restart_while_sending_with_web_load(self):
        jar = self.logged_in()
        home_before = self.http("/", opener=jar)[0]
        self.fresh_messages(300)
        wait_for(lambda: self.smtp.counts()[0] >= 30, 120)
        self.pg.cut()
        answers = []
        outage_end = time.monotonic() + 15
        while time.monotonic() < outage_end:
            answers.append(self.http("/", opener=jar, with_headers=True))
        self.pg.restore()
        wait_for(lambda: self.http("/", opener=jar)[0] == 200, 60)
        after = [self.http("/", opener=jar)[0] for _ in range(20)]
        statuses = [status for status, _body, _headers in answers]
        unavailable = [(body, headers) for status, body, headers in answers if status == 503]
        dutch_503 = all("tijdelijk niet beschikbaar" in body.lower() and headers.get("Retry-After")
                        for body, headers in unavailable)
        return {"5xx": sum(s >= 500 for s in statuses), "503_during_outage": len(unavailable),
                "other_5xx_during_outage": sum(s >= 500 and s != 503 for s in statuses),
                "503_is_the_dutch_page_with_retry_after": dutch_503, "home_before": home_before,
                "5xx_after_restore": sum(s >= 500 for s in after), "requests_during_outage": len(statuses)}

    def run(self):
        self.smtp = SMTPServer(PORTS["smtp"], self.relay_file)
        self.pg = Proxy(PORTS["pg_proxy"], PG)
        try:
            self.start_redis()
            self.setup_database()
            self.start_worker()
            self.start_beat()
            self.start_web()
            self.scenario("worker SIGKILL while sending", 300, self.worker_sigkill_while_sending)
            self.scenario("broker killed mid-sweep, back empty after 20 s", 300, self.broker_killed_mid_sweep)
            self.scenario("two beats", 100, self.two_beats)
            self.scenario("mail server down 47 h (clock), then up", 50, self.mail_down_longer_than_31_minutes)
            self.scenario("mail server that never answers", 1, self.mail_server_never_answers)
            self.scenario("web request during broker and mail outage", 1, self.web_during_broker_and_mail_outage)
            self.scenario("database cut 15 s while sending, web load", 300,
                          self.db_restart_while_sending_with_web_load, allow_5xx=True)
            # After the database outage the web answers normally again.
            # Every answer during the cut is a page or the Dutch 503 with Retry-After (never a bare 500), the
            # logged-in page did meet the outage, and afterwards the web answers normally again.
            for result in self.results:
                if result["scenario"].startswith("database") and (
                        result.get("5xx_after_restore") or result.get("other_5xx_during_outage")
                        or not result.get("503_during_outage")
                        or not result.get("503_is_the_dutch_page_with_retry_after")
                        or result.get("home_before") != 200):
                    result["ok"] = False
        finally:
            for name in list(self.procs):
                self.kill(name, signal.SIGTERM if name != "redis" else signal.SIGKILL)
            self.smtp.stop()
            RESULTS.write_text(json.dumps(self.results, indent=2) + "\n")
        failed = [r["scenario"] for r in self.results if not r["ok"]]
        print(f"results: {RESULTS}")
        if failed or len(self.results) < 7:
            print("FAILED:", failed)
            return 1
        print("all scenarios passed")
        return 0


if __name__ == "__main__":
    sys.exit(Suite().run())
