# Production-like image: gunicorn behind a proxy, static files served by WhiteNoise.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements-prod.lock ./
# Every dependency pinned with its hash (requirements-prod.lock, generated from pyproject.toml).
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements-prod.lock
COPY . .
RUN useradd --system --home /app zvh \
 && SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var/documents && chmod 700 /app/var/documents \
 && chown -R zvh /app
USER zvh
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
