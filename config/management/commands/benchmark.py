"""Measure the pages a procesregisseur lives in, at realistic size, and the cost of the access log.

Runs in a throw-away test database (never touches your data): creates N cases in one region,
then times the case list, the case page and the home page with Django's test client, with and
without the access-log middleware. Prints medians and 90th percentiles in milliseconds and the
number of queries per page.

    python manage.py benchmark --cases 5000 --repeat 30
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from django.urls import reverse


class Command(BaseCommand):
    help = "Meet de paginatijden bij een grote caseload en de kosten van het toegangslog."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=2000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, cases, repeat, **options):
        # Keep one connection for the whole run (as the test runner does).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self._run(cases, repeat)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

    def _run(self, n, repeat):
        from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
        from zvh.tests.factories import UserFactory

        user = UserFactory(procesregisseur=True)
        self.stdout.write(f"Aanmaken: {n} casussen in één regio …")
        from cases.models import Case

        batch = [CaseFactory.build(region=user.region, intake=True, procesregisseur=user, referred_by=user,
                                   number=i + 1, reference=f"ZVH-{user.region.code}-2026-{i + 1:05d}")
                 for i in range(n)]
        Case.objects.bulk_create(batch, batch_size=1000)
        from cases.permissions import sync_case_permissions

        for case in Case.objects.filter(region=user.region):
            sync_case_permissions(case)
        sample = Case.objects.filter(region=user.region).order_by("-pk").first()
        for i in range(20):
            PersonFactory(case=sample, first_name=f"Kind{i}")
        InvolvementFactory(case=sample)

        client = Client()
        client.force_login(user)
        pages = [
            ("Mijn casussen", reverse("cases:my_cases")),
            ("Mijn casussen, gefilterd", reverse("cases:my_cases") + "?stage=intake&sort=-reference"),
            ("Casuspagina", reverse("cases:case_detail", kwargs={"case_uuid": sample.uuid})),
            ("Start", reverse("home")),
        ]
        without_log = [m for m in settings.MIDDLEWARE if m != "privacy.audit.AccessLogMiddleware"]
        header = f"{'pagina':28} {'met log (ms)':>18} {'zonder log (ms)':>18} {'verschil':>9} {'queries':>8}"
        self.stdout.write(f"\n{header}")
        for label, url in pages:
            queries = self._queries(client, url)
            with_log, no_log = [], []
            for _ in range(repeat):  # interleaved, so drift in machine load hits both alike
                with_log.append(self._once(client, url))
                with override_settings(MIDDLEWARE=without_log):
                    no_log.append(self._once(client, url))
            diff = statistics.median(with_log) - statistics.median(no_log)
            self.stdout.write(f"{label:28} {self._fmt(with_log):>18} {self._fmt(no_log):>18} {diff:>8.1f} "
                              f"{queries:>8}")
        self.stdout.write("\n(mediaan / 90e percentiel; 'verschil' = extra mediaan door het toegangslog)")

    @staticmethod
    def _fmt(samples):
        ordered = sorted(samples)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        return f"{statistics.median(ordered):.1f} / {p90:.1f}"

    @staticmethod
    def _queries(client, url):
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    @staticmethod
    def _once(client, url):
        start = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return (time.perf_counter() - start) * 1000
