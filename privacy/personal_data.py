"""Personal data in privacy: declared once for inzage, retention and erasure (see cases.personal_data)."""

from cases.personal_data import ABOUT_PERSON, AUDIT, CASE_TEXT, declare

declare("privacy.Consent", case="case", person="given_by", title="Toestemmingen", fields={
    "information": ABOUT_PERSON,
})
declare("privacy.Disclosure", case="case", basis="legal_basis", title="Verstrekkingen", fields={"what": CASE_TEXT})
declare("privacy.AccessLog", case=None, fields={
    "case_reference": AUDIT, "username": AUDIT, "user_function": AUDIT, "user_organisation": AUDIT,
    "on_behalf_of": AUDIT, "user_agent": AUDIT, "method": AUDIT, "path": AUDIT, "view": AUDIT,
})
