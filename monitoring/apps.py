from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from monitoring import reminders
        from notifications import health

        health.register_heartbeat("reminders", reminders.last_sweep_finished)
