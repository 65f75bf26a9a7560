from django.contrib import admin

from cases.models import Case, PermissionReconciliation
from zvh.admin_base import SuperuserReadOnlyAdmin


@admin.register(PermissionReconciliation)
class PermissionReconciliationAdmin(SuperuserReadOnlyAdmin):
    """The nightly reconciliation runs: rows added or removed should be 0; anything else is drift to look into."""

    list_display = ["started_at", "finished_at", "cases_checked", "rows_added", "rows_removed"]


@admin.register(Case)
class CaseAdmin(SuperuserReadOnlyAdmin):
    """A read-only list for the national application managers (superusers).

    No object-permission editor (permissions follow from the domain facts, `cases/permissions.py`),
    no field edits, no add or delete: every change of a case goes through the services. A beheerder
    sees no case content at all.
    """

    list_display = ["reference", "region", "stage", "urgency", "procesregisseur", "opened_at"]
    list_filter = ["stage", "urgency", "region"]
    search_fields = ["reference"]
    list_select_related = ["region", "procesregisseur"]
    fields = ["reference", "region", "stage", "urgency", "procesregisseur", "referred_by", "triage_decision",
              "triaged_by", "opened_at", "closed_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_practice=False)
