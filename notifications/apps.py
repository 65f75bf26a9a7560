from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Meldingen en e-mail")

    def ready(self):
        from cases import hooks
        from notifications import stand_ins

        hooks.register_stand_in_changed(stand_ins.notify_stand_in_change)
