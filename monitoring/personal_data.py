"""Personal data in monitoring: declared once for inzage, retention and erasure (see cases.personal_data)."""

from django.apps import apps

from cases.personal_data import CASE_TEXT, declare, declare_none

declare("monitoring.MonitoringArrangement", case="case", title="Afspraken over monitoren", fields={
    "not_needed_reason": CASE_TEXT,
})
declare("monitoring.CheckIn", case="case", title="Monitormomenten", fields={"progress": CASE_TEXT})
declare("monitoring.ProgressNote", case="checkin__case", title="Voortgang", fields={"note": CASE_TEXT})
declare("monitoring.Escalation", case="case", title="Opschalingen", fields={
    "explanation": CASE_TEXT, "resolution_note": CASE_TEXT,
})
if "reminder" in apps.get_app_config("monitoring").models:
    declare_none("monitoring.Reminder", {"subject": "Technische sleutel, bv. 'checkin:42'."})
declare_none("monitoring.SweepHeartbeat", {"name": "Naam van een periodieke taak."})
declare_none("monitoring.CalendarFeed", {"token_hash": "Alleen een hash van de geheime agenda-URL."})
