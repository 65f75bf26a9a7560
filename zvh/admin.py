"""Functioneel beheer: a beheerder manages the users and organisations of their own region.

Superusers (the national application managers) see everything; a beheerder sees and edits only
their region and can never grant staff or superuser rights.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from cases.permissions import sync_team_membership
from zvh.models import Organisation, Region, User
from zvh.security_admin import LoginSecurityAdminMixin


class RegionScopedAdmin(admin.ModelAdmin):
    region_field = "region"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if not request.user.region_id:
            return qs.none()
        return qs.filter(**{self.region_field: request.user.region_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "region":
                kwargs["queryset"] = Region.objects.filter(pk=request.user.region_id)
            elif db_field.name == "organisation":
                kwargs["queryset"] = Organisation.objects.filter(region_id=request.user.region_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "contact_email", "contact_phone"]
    search_fields = ["name", "code"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(RegionScopedAdmin):
    list_display = ["name", "type", "region"]
    list_filter = ["type"]
    search_fields = ["name"]
    list_select_related = ["region"]


@admin.register(User)
class UserAdmin(LoginSecurityAdminMixin, RegionScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "function", "organisation", "region", "is_active"]
    list_filter = ["function", "is_active"]
    list_select_related = ["organisation", "region"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Functie"), {"fields": ("region", "organisation", "function", "is_active")}),
        (_("Landelijk beheer"), {"fields": ("is_staff", "is_superuser", "groups"), "classes": ["collapse"]}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email", "region",
                                                 "organisation", "function", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not request.user.is_superuser:
            fieldsets = [fs for fs in fieldsets if fs[0] != _("Landelijk beheer")]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.region_id = request.user.region_id
        super().save_model(request, obj, form, change)
        sync_team_membership(obj)
