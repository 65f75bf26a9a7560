"""Retired: the benchmark is `make bench` (`python -m bench.run`, README "Benchmark").

The old command put every case in one region of one user, measured with the test client only and
crashed with DEBUG=0 before collectstatic; it hid that the cost grows with the national table
(issue 16). This name stays so that `manage.py benchmark` still leads somewhere: it runs the new
benchmark (in a process of its own: it sets up the production configuration) with the same options.
"""

import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Draait de landelijke benchmark (make bench): PostgreSQL, gunicorn en Locust. Zie README."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=None)
        parser.add_argument("--duration", default=None)
        parser.add_argument("--reuse", action="store_true")

    def handle(self, *args, cases, duration, reuse, **options):
        argv = []
        if cases:
            argv += ["--cases", str(cases)]
        if duration:
            argv += ["--duration", duration]
        if reuse:
            argv.append("--reuse")
        subprocess.run([sys.executable, "-m", "bench.run", *argv], cwd=settings.BASE_DIR, check=True)  # noqa: S603
