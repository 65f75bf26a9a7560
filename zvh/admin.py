"""Functioneel beheer: a beheerder manages the users and organisations of their own region.

Superusers (the national application managers) see everything. A regional beheerder sees and edits
only case-working accounts of their region; on their own account they change name, e-mail and
password, never function, region, active flag, rights or groups (those fields are read-only and the
service refuses them too). Function, region, organisation and active flag change only through
`zvh.services.user_update_account`, which logs them, asks a second beheerder to approve the
procesregisseur function (four eyes) and runs the `zvh.hooks.user_changed` hooks.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh import hooks
from zvh.admin_base import ReadOnlyAdminMixin
from zvh.constants import Function
from zvh.forms import AccountChangeForm, AccountCreationForm
from zvh.models import FunctionChangeRequest, FunctionChangeStatus, Organisation, Region, User
from zvh.security_admin import LoginSecurityAdminMixin
from zvh.services import (
    ACCOUNT_FIELDS,
    AccountChangeRefused,
    function_change_approve,
    function_change_reject,
    user_update_account,
)

# Fields of the user's own account that a regional beheerder sees but cannot change.
OWN_ACCOUNT_READONLY = ["region", "organisation", "function", "is_active"]


def is_regional_beheerder(user) -> bool:
    return bool(user.is_active and user.is_staff and user.function == Function.BEHEERDER and user.region_id)


class RegionScopedAdmin(admin.ModelAdmin):
    """Rows of the beheerder's own region (all regions for a superuser); never a practice space's
    (practice accounts, simulated partners and their organisations are no real accounts)."""

    region_field = "region"

    def get_queryset(self, request):
        qs = super().get_queryset(request).exclude(**{f"{self.region_field}__is_practice": True})
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
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ["username", "first_name", "last_name", "function", "organisation", "region", "is_active"]
    list_filter = ["function", "is_active"]
    list_select_related = ["organisation", "region"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Persoon"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (gettext_lazy("Functie"), {"fields": ("region", "organisation", "function", "is_active")}),
        (gettext_lazy("Landelijk beheer"), {"fields": ("is_staff", "is_superuser", "groups"),
                                            "classes": ["collapse"]}),
        (gettext_lazy("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email", "region",
                                                 "organisation", "function", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not request.user.is_superuser:
            fieldsets = [fs for fs in fieldsets if fs[0] != gettext_lazy("Landelijk beheer")]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            readonly += OWN_ACCOUNT_READONLY
        return readonly

    def has_change_permission(self, request, obj=None):
        # Beheer accounts of others (staff, superuser) are the national application managers' business.
        if (obj is not None and not request.user.is_superuser and obj.pk != request.user.pk
                and (obj.is_staff or obj.is_superuser)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and (obj.is_staff or obj.is_superuser
                                                                   or obj.pk == request.user.pk):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        """Save everything except the account fields; those go through the service in `save_related`."""
        wanted = {name: form.cleaned_data[name] for name in ACCOUNT_FIELDS if name in form.cleaned_data}
        if not request.user.is_superuser and not change:
            wanted["region"] = request.user.region
        if change:
            stored = User.objects.get(pk=obj.pk)
            for name in ACCOUNT_FIELDS:
                attname = f"{name}_id" if name in ("region", "organisation") else name
                setattr(obj, attname, getattr(stored, attname))
        else:
            # A new account starts as a plain account without rights in the chosen region; the service
            # then gives the function (or asks the second beheerder for it).
            obj.function, obj.is_staff, obj.is_superuser = Function.PARTNER, False, False
            obj.region = wanted.pop("region", None)
            obj.organisation = wanted.pop("organisation", None)
        form.account_changes = wanted
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Groups first (superusers only), then the account service: its hooks re-sync the team group last."""
        super().save_related(request, form, formsets, change)
        user = form.instance
        # The form checked the same rules (a Dutch form error); the service checks them again under a lock.
        result = user_update_account(user=user, actor=request.user, **getattr(form, "account_changes", {}))
        if "groups" in form.changed_data and not result.changed:
            hooks.user_changed(user, {"groups"}, request.user)
        if result.pending is not None:
            self.message_user(request, _(
                "De functie %(function)s geeft toegang tot casussen en wacht op goedkeuring door een tweede "
                "functioneel beheerder (Beheer › Functiewijzigingen).") % {
                    "function": result.pending.get_function_display()}, messages.WARNING)


@admin.register(FunctionChangeRequest)
class FunctionChangeRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Four eyes: the requests for a case-access function, approved or rejected by a second beheerder."""

    list_display = ["user", "function", "requested_by", "requested_at", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "requested_by", "decided_by"]
    fields = list_display
    readonly_fields = list_display
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__region_id=request.user.region_id) if request.user.region_id else qs.none()

    def _may_decide(self, request) -> bool:
        user = request.user
        return user.is_superuser or (is_regional_beheerder(user) and user.has_perm("zvh.change_user"))

    def has_module_permission(self, request):
        return self._may_decide(request)

    def has_view_permission(self, request, obj=None):
        return self._may_decide(request)

    def has_decide_permission(self, request):
        return self._may_decide(request)


    def _decide(self, request, queryset, decide, done: str):
        count = 0
        for change_request in queryset.filter(status=FunctionChangeStatus.PENDING):
            try:
                decide(change_request=change_request, actor=request.user)
                count += 1
            except AccountChangeRefused as refused:
                self.message_user(request, f"{change_request}: {refused}", messages.ERROR)
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Goedkeuren (tweede beheerder)"), permissions=["decide"])
    def approve(self, request, queryset):
        self._decide(request, queryset, function_change_approve, _("%(n)s aanvraag/aanvragen goedgekeurd."))

    @admin.action(description=gettext_lazy("Afwijzen"), permissions=["decide"])
    def reject(self, request, queryset):
        self._decide(request, queryset, function_change_reject, _("%(n)s aanvraag/aanvragen afgewezen."))


# Groups carry permissions: only the national application managers edit them.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
