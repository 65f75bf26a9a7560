from django.contrib import admin

from privacy.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only (no add, change or delete here either)."""

    list_display = ["at", "username", "user_function", "event", "outcome", "case_reference", "person_id", "ip_address"]
    list_filter = ["event", "outcome"]
    search_fields = ["username", "case_reference"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
