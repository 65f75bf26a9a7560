"""Every task of the product has a time limit, and the broker's visibility timeout outlasts the
longest of them (issue 21): a hanging mail server or database cannot hold a worker for ever, and Redis
never hands a late-acknowledged task that is still running to a second worker."""

from django.conf import settings

from config.celery import app

PROJECT_PACKAGES = ("cases.", "notifications.", "planning.", "monitoring.", "closeout.", "privacy.", "dashboards.",
                    "zvh.", "config.")


def _project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(PROJECT_PACKAGES)}


def test_every_task_has_a_soft_and_a_hard_time_limit():
    tasks = _project_tasks()
    assert {"monitoring.tasks.sweep", "notifications.tasks.deliver_outbox", "privacy.tasks.retention_daily"} <= set(
        tasks)
    for name, task in tasks.items():
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        hard = task.time_limit or app.conf.task_time_limit
        assert soft and hard, f"{name} has no time limit"
        assert soft < hard, f"{name}: the soft limit must come before the hard one"


def test_the_visibility_timeout_outlasts_the_longest_task():
    longest = max(task.time_limit or app.conf.task_time_limit for task in _project_tasks().values())
    assert longest <= settings.LONGEST_TASK_SECONDS < settings.BROKER_VISIBILITY_TIMEOUT
