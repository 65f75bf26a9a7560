from django.urls import path

import zvh.converters  # noqa: F401 - registers <id:…>
from privacy import views

app_name = "privacy"

urlpatterns = [
    path("casussen/<uuid:case_uuid>/privacy/", views.case_privacy, name="case_privacy"),
    path("casussen/<uuid:case_uuid>/privacy/toestemmingen/nieuw/", views.consent_add, name="consent_add"),
    path("casussen/<uuid:case_uuid>/privacy/toestemmingen/<id:consent_id>/intrekken/", views.consent_withdraw,
         name="consent_withdraw"),
    path("casussen/<uuid:case_uuid>/privacy/partijen/<id:involvement_id>/delen-stoppen/",
         views.involvement_stop_sharing, name="involvement_stop_sharing"),
    path("casussen/<uuid:case_uuid>/toegangslog/", views.case_access_log, name="case_access_log"),
    path("casussen/<uuid:case_uuid>/personen/<id:person_id>/inzage.json", views.person_export_json,
         name="person_export_json"),
    path("casussen/<uuid:case_uuid>/personen/<id:person_id>/inzage.pdf", views.person_export_pdf,
         name="person_export_pdf"),
    path("casussen/<uuid:case_uuid>/personen/<id:person_id>/wissen/", views.person_erase, name="person_erase"),
    path("toegangslog/gebruikers/", views.user_log_index, name="user_log_index"),
    path("toegangslog/gebruikers/<id:subject_user_id>/", views.user_access_log, name="user_access_log"),
]
