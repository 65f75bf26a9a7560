from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Overleg en plan van aanpak")

    def ready(self):
        from cases import access, hooks, timeline, workflow
        from cases.constants import CaseStage as S
        from planning import caseload, checks, selectors
        from planning.constants import PlanningEvent

        workflow.register_conditions(
            S.OVERLEG, S.PLAN,
            workflow.case_fact(_("een overleg heeft de hele agenda (a t/m d) besproken"), checks.agenda_covered),
            workflow.case_fact(_("na de laatste opschaling is opnieuw overlegd (agenda a t/m d)"),
                               checks.overleg_after_escalation))
        workflow.register_conditions(
            S.PLAN, S.MONITORING,
            workflow.case_fact(_("het plan van aanpak is vastgesteld"), checks.plan_adopted),
            workflow.case_fact(_("er is een casusregisseur benoemd"), checks.casusregisseur_named),
            workflow.case_fact(_("het eerste monitormoment is gepland"), checks.first_checkin_scheduled))
        access.register_relation_source(checks.RELATIONS)
        hooks.register_case_page_context(selectors.planning_context)
        timeline.register_kinds(PlanningEvent)
        hooks.register_case_list_provider(caseload.PROVIDER)
        # Document files are not fields: retention and erasure delete them through these hooks.
        from django.core import checks as system_checks

        from planning import document_services, documents
        from privacy import retention
        from privacy import services as privacy_services

        system_checks.register(documents.check_documents_root, system_checks.Tags.security)
        retention.register_file_cleanup(document_services.remove_files_of_cases)
        privacy_services.register_erasure_cleanup(document_services.remove_files_about_person)
