"""Logged-in users of each function opening the pages of issue 16, with the bare page interleaved.

Driven by `bench.run` (`locust --headless`); reads the accounts written by `bench.generate` from
$BENCH_ACCOUNTS. Every user logs in through the login form, then requests pages back to back (no
think time), so the run measures what the server can do. Each request carries the page's name.
"""

import json
import os
import random
from datetime import date, timedelta

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["BENCH_ACCOUNTS"]).read())  # noqa: SIM115, PTH123
USERS = int(os.environ.get("BENCH_USERS", "10"))
BASELINE = "basis: lege pagina"
PICK = random.Random(16)  # noqa: S311


def _share(n: float) -> int:
    return max(1, round(USERS * n))


class _Logged(HttpUser):
    abstract = True
    wait_time = between(0, 0)
    pool: list = []

    def on_start(self):
        self.account = PICK.choice(self.pool)
        username = self.account["username"] if isinstance(self.account, dict) else self.account
        self.client.get("/inloggen/", name="inloggen")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post("/inloggen/", name="inloggen", allow_redirects=False, data={
            "username": username, "password": ACCOUNTS["password"], "csrfmiddlewaretoken": token})
        if response.status_code != 302:
            raise RuntimeError(f"Inloggen als {username} mislukt ({response.status_code})")

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False,
                             headers={"X-Bench-Page": name}) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task(3)
    def baseline(self):
        self.page("/bench/leeg/", BASELINE)


class Procesregisseur(_Logged):
    fixed_count = _share(0.5)
    pool = ACCOUNTS["procesregisseurs"]

    def _case(self, key="cases"):
        items = self.account[key] or self.account["cases"]
        return PICK.choice(items) if items else None

    @task
    def home(self):
        self.page("/", "start procesregisseur")

    @task
    def my_cases(self):
        self.page("/casussen/", "mijn casussen")

    @task
    def search_reference(self):
        refs = self.account["references"]
        if refs:
            self.page(f"/casussen/?q={PICK.choice(refs)}", "zoeken op kenmerk")

    @task
    def search_name(self):
        names = self.account["names"]
        if names:
            self.page(f"/casussen/?q={PICK.choice(names)}", "zoeken op naam")

    @task
    def triage(self):
        self.page("/casussen/triage/", "triage")

    @task
    def region(self):
        self.page("/casussen/regio/", "casussen regio")

    @task
    def case(self):
        uuid = self._case()
        if uuid:
            self.page(f"/casussen/{uuid}/", "casuspagina")

    @task
    def plan(self):
        uuid = self._case("plans")
        if uuid and self.account["plans"]:
            self.page(f"/casussen/{uuid}/plan/", "planpagina")

    @task
    def notifications(self):
        self.page("/meldingen/", "meldingen")


class Casusregisseur(_Logged):
    fixed_count = _share(0.1)
    pool = ACCOUNTS["casusregisseurs"]

    @task(3)
    def casusregie(self):
        self.page("/casusregie/", "casusregiepagina")

    @task
    def notifications(self):
        self.page("/meldingen/", "meldingen")


def _new_filter():
    """A period nobody asked for yet: a cache miss on the figures."""
    end = date.today() - timedelta  # noqa: DTZ011 - a date in the past, any zone(days=PICK.randint(0, 700))
    start = end - timedelta(days=PICK.randint(30, 365))
    return f"?van={start.isoformat()}&tot={end.isoformat()}"


class Manager(_Logged):
    fixed_count = _share(0.2)
    pool = ACCOUNTS["managers"]

    @task(2)
    def dashboard(self):
        self.page("/dashboard/", "dashboard regio, gecachet")

    @task
    def dashboard_new(self):
        self.page("/dashboard/" + _new_filter(), "dashboard regio, nieuw filter")


class Landelijk(_Logged):
    fixed_count = _share(0.1)
    pool = ACCOUNTS["landelijk"]

    @task(2)
    def national(self):
        self.page("/dashboard/landelijk/", "landelijk, gecachet")

    @task
    def national_new(self):
        self.page("/dashboard/landelijk/" + _new_filter(), "landelijk, nieuw filter")


class Beheerder(_Logged):
    fixed_count = _share(0.1)
    pool = ACCOUNTS["beheerders"]

    @task
    def access_log(self):
        users = ACCOUNTS.get("log_subjects", {}).get(self.account) or []
        if users:
            self.page(f"/toegangslog/gebruikers/{PICK.choice(users)}/", "toegangslog gebruiker")
        else:
            self.page("/toegangslog/gebruikers/", "toegangslog gebruiker")
