"""The national-scale benchmark (issue 16): `make bench`.

Not a Django app: `bench.generate` writes a realistic national data set into a PostgreSQL database
with COPY, `bench.run` serves it with gunicorn under the production configuration and drives it with
Locust (`bench/locustfile.py`), and `bench.scans` times the Celery scans. See README "Benchmark".
"""
