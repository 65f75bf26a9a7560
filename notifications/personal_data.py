"""Personal data in notifications: declared once for inzage, retention and erasure (see cases.personal_data).

Notification texts and outgoing e-mails are copies of what the case pages show: not exported as
such, cleared at retention, and the erased person's names are cut out (an e-mail that names the
person is emptied, as its encoded body cannot be edited in place).
"""

from cases.personal_data import CONTACT, INTERNAL_COPY, declare, declare_none

declare("notifications.Notification", case="case", fields={"title": INTERNAL_COPY, "body": INTERNAL_COPY})
declare_none("notifications.Notification", {"url": "Pad naar een pagina (met de uuid van de casus).",
                                            "email_error": "Technische foutmelding van de mailserver."})
declare("notifications.OutboxMessage", case="case", fields={
    "subject": INTERNAL_COPY, "raw": INTERNAL_COPY, "recipients": CONTACT,
})
declare_none("notifications.OutboxMessage", {
    "message_id": "Technische Message-ID.", "ref": "Technische sleutel, bv. 'invitee:12'.",
    "from_email": "Afzenderadres van de applicatie.", "claim": "Technische id van een bezorgpoging.",
    "last_error": "Technische foutmelding van de mailserver.",
})
