"""Personal data in afschalen, evaluatie and lessons: declared once for inzage, retention and erasure."""

from cases.personal_data import CASE_TEXT, CONTACT, declare

declare("closeout.CloseOut", case="case", title="Afschalen en nazorg", fields={
    "care_organised_explanation": CASE_TEXT, "family_self_reliant_explanation": CASE_TEXT,
    "regie_handed_over_explanation": CASE_TEXT, "handover_to": CONTACT, "handover_what": CASE_TEXT,
    "no_evaluation_reason": CASE_TEXT,
})
declare("closeout.Evaluation", case="case", title="Evaluatie", fields={
    "participants": CASE_TEXT, "went_well": CASE_TEXT, "to_improve": CASE_TEXT, "learned": CASE_TEXT,
    "skip_reason": CASE_TEXT,
})
declare("closeout.Lesson", case="case", title="Gedeelde lessen", fields={
    "title": CASE_TEXT, "text": CASE_TEXT, "withdraw_reason": CASE_TEXT,
})
