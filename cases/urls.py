from django.urls import path

import zvh.converters  # noqa: F401 - registers <id:…>
from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("regio/", views.region_list, name="region_list"),
    path("regio/overdragen/", views.reassign, name="reassign"),
    path("triage/", views.triage_list, name="triage_list"),
    path("aanmelden/", views.register, name="register"),
    path("mijn-aanmeldingen/", views.my_referrals, name="my_referrals"),
    path("waarneming/", views.stand_ins, name="stand_ins"),
    path("waarneming/<id:stand_in_id>/beeindigen/", views.stand_in_end, name="stand_in_end"),
    path("<uuid:case_uuid>/", views.case_detail, name="case_detail"),
    path("<uuid:case_uuid>/aanmelding/", views.referral_detail, name="referral_detail"),
    path("<uuid:case_uuid>/triage/", views.triage, name="triage"),
    path("<uuid:case_uuid>/intake/", views.intake_edit, name="intake_edit"),
    path("<uuid:case_uuid>/personen/nieuw/", views.person_add, name="person_add"),
    path("<uuid:case_uuid>/partijen/nieuw/", views.involvement_add, name="involvement_add"),
    path("<uuid:case_uuid>/informatie/nieuw/", views.information_add, name="information_add"),
    path("<uuid:case_uuid>/personen/<id:person_id>/corrigeren/", views.person_edit, name="person_edit"),
    path("<uuid:case_uuid>/personen/<id:person_id>/verwijderen/", views.person_remove, name="person_remove"),
    path("<uuid:case_uuid>/partijen/<id:involvement_id>/corrigeren/", views.involvement_edit,
         name="involvement_edit"),
    path("<uuid:case_uuid>/partijen/<id:involvement_id>/verwijderen/", views.involvement_remove,
         name="involvement_remove"),
    path("<uuid:case_uuid>/informatie/<id:item_id>/corrigeren/", views.information_edit, name="information_edit"),
    path("<uuid:case_uuid>/informatie/<id:item_id>/verwijderen/", views.information_remove,
         name="information_remove"),
    path("<uuid:case_uuid>/fase/", views.transition, name="transition"),
    path("<uuid:case_uuid>/toewijzen/", views.assign, name="assign"),
]
