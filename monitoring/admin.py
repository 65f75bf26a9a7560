from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from monitoring.models import SweepHeartbeat


@admin.register(SweepHeartbeat)
class SweepHeartbeatAdmin(admin.ModelAdmin):
    """When the reminder sweep last ran. If `last finished` is more than a few minutes old, reminders
    have stopped: check the Celery worker and beat."""

    list_display = ["name", "last_started_at", "last_finished_at", "last_created", "runs", "healthy"]
    readonly_fields = list_display

    @admin.display(boolean=True, description=_("loopt"))
    def healthy(self, obj):
        from monitoring.reminders import sweep_is_stale

        return not sweep_is_stale()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
