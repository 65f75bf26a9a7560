from django.urls import path

import zvh.converters  # noqa: F401 - registers <id:…>
from planning import meeting_views, views

app_name = "planning"

urlpatterns = [
    path("<uuid:case_uuid>/overleg/nieuw/", meeting_views.meeting_create, name="meeting_create"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/agenda.ics", meeting_views.meeting_ics, name="meeting_ics"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/wijzigen/", meeting_views.meeting_edit, name="meeting_edit"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/annuleren/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/verslag/", meeting_views.meeting_record, name="meeting_record"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/genodigden/nieuw/", meeting_views.invitee_add, name="invitee_add"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/genodigden/<id:invitee_id>/verwijderen/",
         meeting_views.invitee_remove, name="invitee_remove"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/besluiten/nieuw/", meeting_views.decision_add, name="decision_add"),
    path("<uuid:case_uuid>/overleg/<id:meeting_id>/besluiten/<id:decision_id>/activiteit/",
         meeting_views.decision_to_activity, name="decision_to_activity"),
    path("<uuid:case_uuid>/plan/", views.plan_detail, name="plan_detail"),
    path("<uuid:case_uuid>/plan/afdrukken/", views.plan_print, name="plan_print"),
    path("<uuid:case_uuid>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<uuid:case_uuid>/plan/bewerken/", views.plan_edit, name="plan_edit"),
    path("<uuid:case_uuid>/plan/analyse/", views.analysis_edit, name="analysis_edit"),
    path("<uuid:case_uuid>/plan/doelen/nieuw/", views.goal_add, name="goal_add"),
    path("<uuid:case_uuid>/plan/doelen/<id:goal_id>/wijzigen/", views.goal_edit, name="goal_edit"),
    path("<uuid:case_uuid>/plan/doelen/<id:goal_id>/verwijderen/", views.goal_delete, name="goal_delete"),
    path("<uuid:case_uuid>/plan/oplossingsrichtingen/nieuw/", views.direction_add, name="direction_add"),
    path("<uuid:case_uuid>/plan/oplossingsrichtingen/<id:direction_id>/verwijderen/", views.direction_delete,
         name="direction_delete"),
    path("<uuid:case_uuid>/plan/activiteiten/nieuw/", views.activity_add, name="activity_add"),
    path("<uuid:case_uuid>/plan/activiteiten/<id:activity_id>/wijzigen/", views.activity_edit,
         name="activity_edit"),
    path("<uuid:case_uuid>/plan/activiteiten/<id:activity_id>/verwijderen/", views.activity_delete,
         name="activity_delete"),
    path("<uuid:case_uuid>/plan/casusregisseur/", views.casusregisseur, name="casusregisseur"),
    path("<uuid:case_uuid>/plan/vaststellen/", views.plan_adopt, name="plan_adopt"),
    path("<uuid:case_uuid>/plan/plan-b/", views.plan_switch_b, name="plan_switch_b"),
    path("<uuid:case_uuid>/gedeeld/", views.shared, name="shared"),
]
