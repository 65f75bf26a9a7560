from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_docker_compose_has_the_production_like_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert services["web"]["environment"]["DEBUG"] == "0"
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_commands = [line.strip() for line in readme.splitlines() if line.strip().startswith("make ")][:2]
    assert first_commands == ["make run", "make test"]


def test_procfile_runs_web_worker_and_beat():
    procfile = (ROOT / "Procfile").read_text()
    assert {line.split(":")[0] for line in procfile.splitlines() if line} == {"web", "worker", "beat"}


def _manage(*args, tmp_path, **extra):
    """manage.py as on a fresh clone: no SECRET_KEY, no DEBUG (unless given), a database of its own."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env.update(extra)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=Path(__file__).resolve().parents[1],  # noqa: S603
                          env=env, capture_output=True, text=True, timeout=120)


def test_makemigrations_check_works_without_configuration_and_finds_no_missing_migration(tmp_path):
    done = _manage("makemigrations", "--check", "--dry-run", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No changes detected" in done.stdout


def test_a_command_that_serves_still_refuses_the_default_secret_key(tmp_path):
    done = _manage("check", tmp_path=tmp_path, DEBUG="0")  # DEBUG off as in production (a local .env may say 1)
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
