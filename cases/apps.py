from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Casussen")

    def ready(self):
        from cases import timeline
        from cases.constants import EventKind
        from cases.permissions import sync_user
        from zvh import hooks

        timeline.register_kinds(EventKind)
        # A change of a user's function, region or active flag re-syncs their team group and cases.
        hooks.register_user_changed(sync_user)
