from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZvhConfig(AppConfig):
    name = "zvh"
    verbose_name = _("Regio's, organisaties en gebruikers")

    def ready(self):
        from zvh import lookups

        lookups.register()
