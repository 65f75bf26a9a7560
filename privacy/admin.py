from django.contrib import admin

from privacy.models import AccessLog
from zvh.admin_base import SuperuserReadOnlyAdmin


@admin.register(AccessLog)
class AccessLogAdmin(SuperuserReadOnlyAdmin):
    """Read-only: the access log is append-only (no add, change or delete here either)."""

    list_display = ["at", "username", "user_function", "event", "outcome", "case_reference", "person_id", "ip_address"]
    list_filter = ["event", "outcome"]
    search_fields = ["username", "case_reference"]
