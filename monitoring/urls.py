from django.urls import path

import zvh.converters  # noqa: F401 - registers <id:…>
from monitoring import agenda, views

app_name = "monitoring"

urlpatterns = [
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications_read"),
    path("casusregie/", views.casusregie, name="casusregie"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/koppeling/vernieuwen/", agenda.feed_renew, name="agenda_feed_renew"),
    path("agenda/koppeling/intrekken/", agenda.feed_revoke, name="agenda_feed_revoke"),
    path("agenda/feed/<str:token>.ics", agenda.feed, name="agenda_feed"),
    path("casussen/<uuid:case_uuid>/monitoring/nieuw/", views.checkin_add, name="checkin_add"),
    path("casussen/<uuid:case_uuid>/monitoring/afspraken/", views.arrangement, name="arrangement"),
    path("casussen/<uuid:case_uuid>/monitoring/<id:checkin_id>/vastleggen/", views.checkin_record,
         name="checkin_record"),
    path("casussen/<uuid:case_uuid>/opschalen/", views.escalate, name="escalate"),
    path("casussen/<uuid:case_uuid>/opschalingen/<id:escalation_id>/oppakken/", views.escalation_acknowledge,
         name="escalation_acknowledge"),
    path("casussen/<uuid:case_uuid>/opschalingen/<id:escalation_id>/afhandelen/", views.escalation_resolve,
         name="escalation_resolve"),
]
