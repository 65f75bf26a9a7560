"""Create (or update) the beat schedule in the database: the reminder sweep every minute and the
nightly retention run.

Idempotent. The schedule can be changed in the admin (Periodieke taken) afterwards; running this
again restores the interval only when --reset is given.
"""

from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

SWEEP_TASK = "monitoring.tasks.sweep"
SWEEP_NAME = "Herinneringen: sweep"
RETENTION_TASK = "privacy.tasks.retention_daily"
RETENTION_NAME = "Bewaartermijn: dagelijks anonimiseren"
# The access policy: (name, task, crontab minute, hour) — see cases/tasks.py and privacy/tasks.py.
ACCESS_TASKS = [
    ("Toegang: waarnemingen starten en beëindigen", "cases.tasks.stand_ins_hourly", "5", "*"),
    ("Toegang: verlopen toestemmingen", "privacy.tasks.consent_expiry_daily", "15", "0"),
    ("Toegang: nachtelijke controle van alle rechten", "cases.tasks.reconcile_permissions_nightly", "45", "3"),
]


class Command(BaseCommand):
    help = "Zet de periodieke taken (herinneringen-sweep) in de database."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="Interval in seconden (standaard 60).")
        parser.add_argument("--reset", action="store_true", help="Zet een gewijzigd interval terug.")

    def handle(self, *args, every=60, reset=False, **options):
        schedule, _ = IntervalSchedule.objects.get_or_create(every=every, period=IntervalSchedule.SECONDS)
        task, created = PeriodicTask.objects.get_or_create(
            name=SWEEP_NAME, defaults={"task": SWEEP_TASK, "interval": schedule, "enabled": True}
        )
        if not created and (reset or task.task != SWEEP_TASK):
            task.task = SWEEP_TASK
            task.interval = schedule
            task.enabled = True
            task.save()
        self.stdout.write(self.style.SUCCESS(f"Periodieke taak '{SWEEP_NAME}' elke {task.interval.every} s."))
        nightly, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="2", day_of_week="*", day_of_month="*",
                                                           month_of_year="*", timezone="Europe/Amsterdam")
        PeriodicTask.objects.get_or_create(name=RETENTION_NAME, defaults={"task": RETENTION_TASK, "crontab": nightly})
        self.stdout.write(self.style.SUCCESS(f"Periodieke taak '{RETENTION_NAME}' dagelijks om 02:30."))
        for name, task_name, minute, hour in ACCESS_TASKS:
            crontab, _ = CrontabSchedule.objects.get_or_create(minute=minute, hour=hour, day_of_week="*",
                                                               day_of_month="*", month_of_year="*",
                                                               timezone="Europe/Amsterdam")
            PeriodicTask.objects.get_or_create(name=name, defaults={"task": task_name, "crontab": crontab})
            self.stdout.write(self.style.SUCCESS(f"Periodieke taak '{name}' ({minute} {hour} * * *)."))
