from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Vakontwikkeling: practice cases on the real screens, scripted simulations and development groups."""

    name = "practice"
    verbose_name = _("Vakontwikkeling")

    def ready(self):
        from cases import timeline
        from practice import simulation
        from practice.constants import PracticeEvent

        timeline.register_kinds(PracticeEvent)
        timeline.register_recorded(simulation.on_recorded)
