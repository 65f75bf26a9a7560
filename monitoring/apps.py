from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from cases import hooks, timeline, workflow
        from cases.constants import CaseStage as S
        from monitoring import access_hooks, account_hooks, caseload, reminders, selectors, services
        from monitoring.constants import MonitoringEvent
        from notifications import health
        from planning import checks as planning_checks
        from zvh import hooks as account_change_hooks

        workflow.register_stage_entered(S.MONITORING, services.monitoring_start)
        workflow.register_stage_entered(S.CLOSED, access_hooks.closed_case_nazorg)
        hooks.register_role_changed(access_hooks.follow_role_change)
        hooks.register_handled(access_hooks.reminder_subject_handled)
        hooks.register_case_page_context(selectors.case_context)
        hooks.register_case_list_provider(caseload.PROVIDER)
        account_change_hooks.register_user_changed(account_hooks.notify_function_change)
        health.register_heartbeat("reminders", reminders.last_sweep_finished)
        timeline.register_kinds(MonitoringEvent)
        planning_checks.register_overleg_required_since(selectors.latest_escalation_at)
