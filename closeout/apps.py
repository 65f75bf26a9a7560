from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CloseoutConfig(AppConfig):
    """Afschalen (stap 5), evalueren (stap 6) and the national lessons library."""

    name = "closeout"
    verbose_name = _("Afschalen, evaluatie en lessen")

    def ready(self):
        from cases import hooks, timeline, workflow
        from cases.constants import CaseStage as S
        from closeout import checks, selectors
        from closeout.constants import CloseOutEvent, LessonEvent

        workflow.register_conditions(
            S.MONITORING, S.AFSCHALEN,
            workflow.case_fact(_("de afschaalcriteria zijn vastgelegd, of monitoren is niet nodig bevonden"),
                               checks.closeout_recorded_or_monitoring_not_needed))
        workflow.register_conditions(
            S.AFSCHALEN, S.EVALUATIE,
            workflow.case_fact(_("het afschaalbesluit (criteria, overdracht, nazorg) is vastgelegd"),
                               checks.closeout_recorded),
            workflow.case_fact(_("in het afschaalbesluit is gekozen voor een evaluatie"), checks.evaluation_chosen))
        workflow.register_conditions(
            S.EVALUATIE, S.CLOSED,
            workflow.case_fact(_("de evaluatie is vastgelegd, of met reden overgeslagen"),
                               checks.evaluation_done_or_skipped))
        hooks.register_case_page_context(selectors.case_context)
        timeline.register_kinds(CloseOutEvent)
        timeline.register_kinds(LessonEvent)
