"""Personal data in planning: declared once for inzage, retention and erasure (see cases.personal_data)."""

from cases.personal_data import ABOUT_PERSON, CASE_TEXT, CONTACT, INTERNAL_COPY, declare, declare_none

declare("planning.Meeting", case="case", title="Overleggen", fields={
    "location": CASE_TEXT, "online_url": CONTACT, "cancel_reason": CASE_TEXT, "minutes": CASE_TEXT,
    "agenda_analysis_notes": CASE_TEXT, "agenda_goals_notes": CASE_TEXT, "agenda_solutions_notes": CASE_TEXT,
    "agenda_plan_notes": CASE_TEXT,
})
declare("planning.MeetingInvitee", case="meeting__case", title="Genodigden", fields={
    "name": CONTACT, "email": CONTACT, "seat_role": CASE_TEXT, "on_behalf_of": CONTACT, "rsvp_note": CASE_TEXT,
})
declare_none("planning.MeetingInvitee", {"rsvp_token_hash": "SHA-256 van een eenmalige antwoordlink; geen gegevens."})
# The youth's or parent's own words: about that person (cleared for them on erasure, scrubbed elsewhere).
declare("planning.YouthVoice", case="meeting__case", person="person", title="Stem van jeugdige en ouders", fields={
    "name": ABOUT_PERSON, "own_words": ABOUT_PERSON, "represented_by": CONTACT, "not_heard_reason": CASE_TEXT,
})
declare("planning.ActivityReport", case="activity__scenario__plan__case", title="Voortgang van activiteiten",
        fields={"note": CASE_TEXT})
declare("planning.Contact", case="case", title="Contacten tussen overleggen", fields={
    "with_whom": CONTACT, "about": CASE_TEXT, "follow_up": CASE_TEXT,
})
declare("planning.EvaluationAnswer", case="case", title="Evaluatievragen", fields={
    "question": CASE_TEXT, "intention": CASE_TEXT, "helps_note": CASE_TEXT,
})
declare("planning.OtherTable", case="case", title="Andere overleggen", fields={
    "name": CASE_TEXT, "contact": CONTACT, "agreed": CASE_TEXT,
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
# Documents: the title and file name may name anyone; the file itself is not a field — it is
# deleted at retention and on erasure of the person it is about (planning.document_services).
declare("planning.Document", case="case", person="person", title="Documenten", fields={
    "title": ABOUT_PERSON, "original_name": ABOUT_PERSON, "purpose": CASE_TEXT,
})
declare_none("planning.Document", {
    "content_type": "Het soort bestand, vastgesteld aan de inhoud (MIME-type).",
    "sha256": "Controlegetal van het bestand.",
    "storage_name": "Willekeurige technische naam van het bestand in de afgeschermde opslag.",
})
