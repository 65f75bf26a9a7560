"""`make bench` itself still works (issue 16): it refuses SQLite with a clear message, and on
PostgreSQL (when DATABASE_URL is PostgreSQL, as in CI) a CI-sized run — 2,000 cases, a few seconds
of load — generates the national data set, serves it with gunicorn, drives it with Locust and
times the scans. No timing assertions: only that every page answered and every scan ran, and that
the generated data is what the application's own code would have written.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def _bench(tmp_path, env, *args, timeout=1100):
    return subprocess.run([sys.executable, "-m", "bench.run", "--out", str(tmp_path), *args], cwd=ROOT,  # noqa: S603
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)


def test_bench_refuses_sqlite_with_a_clear_message(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "BENCH_DATABASE_URL": ""}
    done = _bench(tmp_path, env, "--cases", "10")
    assert done.returncode != 0
    assert "make bench vraagt PostgreSQL" in done.stderr + done.stdout
    assert not (tmp_path / "results.json").exists()


if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):

    @pytest.mark.timeout(1200)
    @pytest.mark.django_db(transaction=True)
    def test_a_ci_sized_bench_run_measures_every_page_and_scan(tmp_path):
        from cases.models import Case, CaseUserObjectPermission
        from cases.permissions import sync_case_permissions
        from privacy.retention import anonymised_cases_with_personal_data, due_for_anonymisation

        db = connection.settings_dict
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
        connection.close()
        done = _bench(tmp_path, {"BENCH_DATABASE_URL": url, "BENCH_BACKLOG": "100", "BENCH_RETENTION_BATCH": "50"},
                      "--cases", "2000", "--users", "4", "--workers", "2", "--duration", "6s")
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        results = json.loads((tmp_path / "results.json").read_text())
        assert results["generation"]["rows"]["cases_case"] == 2000
        assert results["generation"]["rows"]["anonymised"] > 0
        # Every page was counted in-process, and the load test requested the baseline without errors.
        assert set(results["queries"]) >= {"basis: lege pagina", "casuspagina", "planpagina", "casusregiepagina",
                                           "landelijk, nieuw filter", "toegangslog gebruiker"}
        assert results["pages"]["basis: lege pagina"]["requests"] > 0
        assert all(page["failures"] == 0 for page in results["pages"].values()), results["pages"]
        assert [s["scan"] for s in results["scans"] if "error" not in s] == [
            "reminders", "reminders_steady", "stagnation", "reminders_backlog", "retention"]
        assert "| casuspagina |" in (tmp_path / "results.md").read_text()
        # The data is what the application writes: retention left nothing behind, and the guardian rows
        # are exactly what the permission service would store (a sample of cases in every state).
        assert not anonymised_cases_with_personal_data().exists()
        assert not due_for_anonymisation().exists()
        sample = list(Case.objects.order_by("?")[:60])
        rows_before = CaseUserObjectPermission.objects.count()
        assert sum(sync_case_permissions(case).changed for case in sample) == 0
        assert CaseUserObjectPermission.objects.count() == rows_before
