"""Personal data in planning: declared once for inzage, retention and erasure (see cases.personal_data)."""

from cases.personal_data import CASE_TEXT, CONTACT, INTERNAL_COPY, declare, declare_none

declare("planning.Meeting", case="case", title="Overleggen", fields={
    "location": CASE_TEXT, "online_url": CONTACT, "cancel_reason": CASE_TEXT, "minutes": CASE_TEXT,
})
declare("planning.MeetingInvitee", case="meeting__case", title="Genodigden", fields={
    "name": CONTACT, "email": CONTACT,
})
declare("planning.Decision", case="meeting__case", title="Besluiten", fields={"text": CASE_TEXT})
declare("planning.Plan", case="case", title="Plan van aanpak", fields={
    "information_agreements": CASE_TEXT, "monitoring_notes": CASE_TEXT, "switch_reason": CASE_TEXT,
})
declare("planning.Analysis", case="plan__case", title="Gezamenlijke analyse", fields={
    "facts": CASE_TEXT, "concerns": CASE_TEXT, "strengths": CASE_TEXT, "explanation": CASE_TEXT,
})
declare("planning.Goal", case="plan__case", title="Doelen", fields={"text": CASE_TEXT})
declare("planning.SolutionDirection", case="plan__case", title="Oplossingsrichtingen", fields={"text": CASE_TEXT})
declare("planning.Scenario", case="plan__case", title="Plan A en plan B", fields={
    "description": CASE_TEXT, "trigger": CASE_TEXT,
})
declare("planning.Activity", case="scenario__plan__case", title="Activiteiten", fields={
    "what": CASE_TEXT, "responsible_name": CONTACT,
})
# A copy of the plan at adoption; its contents are exported through the fields above.
declare("planning.PlanVersion", case="plan__case", fields={"snapshot": INTERNAL_COPY})
declare_none("planning.Meeting", {"ical_uid": "Technische agenda-id."})
