from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from cases import access, hooks, timeline
        from privacy import access_hooks
        from privacy.constants import PrivacyEvent

        # The personal-data map: every app declares its fields in its personal_data.py.
        autodiscover_modules("personal_data")
        from cases import known_persons
        from privacy import audit

        known_persons.register_check_logger(audit.log_known_person_check)

        access.register_ground_check(access_hooks.consent_ground_check)
        hooks.register_role_changed(access_hooks.log_party_contact_access)
        timeline.register_kinds(PrivacyEvent)
