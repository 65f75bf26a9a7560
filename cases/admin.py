from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from cases.models import Case


@admin.register(Case)
class CaseAdmin(GuardedModelAdmin):
    """For national application managers only (superusers): a beheerder sees no case content."""

    list_display = ["reference", "region", "stage", "urgency", "procesregisseur", "opened_at"]
    list_filter = ["stage", "urgency", "region"]
    search_fields = ["reference"]
    list_select_related = ["region", "procesregisseur"]
    readonly_fields = ["reference", "region", "stage", "procesregisseur", "referred_by", "triaged_by"]
    fields = ["reference", "region", "stage", "urgency", "procesregisseur", "referred_by", "triage_decision",
              "triaged_by", "opened_at", "closed_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
