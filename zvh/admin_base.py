"""Base classes for the admin pages of every app: records that are shown, never edited there."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """No add, change or delete in the admin: the record is written by the application only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Visible to the national application managers (superusers) only, and read-only for them."""

    actions = None

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
