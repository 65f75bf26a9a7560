"""Personal data in privacy: declared once for inzage, retention and erasure (see cases.personal_data)."""

from cases.personal_data import ABOUT_PERSON, AUDIT, CASE_TEXT, CONTACT, declare, declare_none

declare("privacy.Consent", case="case", person="given_by", title="Toestemmingen", fields={
    "information": ABOUT_PERSON,
})
declare("privacy.Disclosure", case="case", basis="legal_basis", title="Verstrekkingen", fields={
    "what": CASE_TEXT, "recipient": CONTACT, "party": CONTACT,
})
declare_none("privacy.Disclosure", {"key": "Technische sleutel van het gedeelde stuk (bijv. plan:v2)."})
declare("privacy.AccessLog", case=None, fields={
    "case_reference": AUDIT, "username": AUDIT, "user_function": AUDIT, "user_organisation": AUDIT,
    "on_behalf_of": AUDIT, "user_agent": AUDIT, "method": AUDIT, "path": AUDIT, "view": AUDIT,
})
