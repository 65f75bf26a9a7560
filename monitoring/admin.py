from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from monitoring.models import SweepHeartbeat
from monitoring.reminders import sweep_is_stale
from zvh.admin_base import ReadOnlyAdminMixin


@admin.register(SweepHeartbeat)
class SweepHeartbeatAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """When the reminder sweep last ran. If `last finished` is more than a few minutes old, reminders
    have stopped: check the Celery worker and beat."""

    list_display = ["name", "last_started_at", "last_finished_at", "last_created", "runs", "healthy"]
    readonly_fields = list_display

    @admin.display(boolean=True, description=_("loopt"))
    def healthy(self, obj):
        return not sweep_is_stale()
