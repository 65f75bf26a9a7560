from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import Urgency
from cases.forms import DateField, DateInput, UserChoiceField
from monitoring.constants import (
    CheckInKind,
    Cooperation,
    EscalationOutcome,
    EscalationReason,
    ProgressStatus,
)
from planning.constants import Helps
from zvh.models import User


class CheckInScheduleForm(forms.Form):
    scheduled_on = DateField(label=_("Datum"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Soort"), choices=CheckInKind.choices)
    assignee = UserChoiceField(label=_("Wie doet het"), queryset=User.objects.none(), required=False,
                               help_text=_("Leeg: de casusregisseur."))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = candidates


class ArrangementForm(forms.Form):
    frequency_days = forms.IntegerField(label=_("Monitormoment om de hoeveel dagen"), min_value=1, max_value=180,
                                        required=False)
    not_needed = forms.BooleanField(label=_("Monitoren is voor deze casus niet nodig"), required=False)
    not_needed_reason = forms.CharField(label=_("Waarom niet?"), widget=forms.Textarea(attrs={"rows": 2}),
                                        required=False)

    def clean(self):
        data = super().clean()
        if data.get("not_needed") and not data.get("not_needed_reason", "").strip():
            self.add_error("not_needed_reason", _("Leg vast waarom monitoren niet nodig is."))
        if not data.get("not_needed") and not data.get("frequency_days"):
            self.add_error("frequency_days", _("Kies een ritme, of geef aan dat monitoren niet nodig is."))
        return data


class CheckInRecordForm(forms.Form):
    """The check-in itself; progress per goal and activity comes as extra fields."""

    cooperation = forms.ChoiceField(label=_("Hoe loopt de samenwerking?"), choices=Cooperation.choices,
                                    widget=forms.RadioSelect)
    progress = forms.CharField(label=_("Voortgang in het kort"), widget=forms.Textarea(attrs={"rows": 3}))
    next_on = DateField(label=_("Volgend monitormoment"), widget=DateInput(), required=False,
                              help_text=_("Leeg: volgens het afgesproken ritme."))
    # The continuous evaluation questions (stappenplan): asked at every check-in, stored as an
    # EvaluationAnswer of the planning app and shown as a trend on the case page.
    eval_question = forms.CharField(label=_("Wat was de vraag?"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    eval_intention = forms.CharField(label=_("Wat was de bedoeling?"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    eval_helps = forms.ChoiceField(label=_("Helpt wat we doen?"), required=False,
                                   choices=[("", _("— niet besproken —")), *Helps.choices])
    eval_helps_note = forms.CharField(label=_("Toelichting bij de evaluatie"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    EVALUATION_FIELDS = ("eval_question", "eval_intention", "eval_helps", "eval_helps_note")

    def __init__(self, *args, goals=(), activities=(), evaluation=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not evaluation:  # the nazorg contact after closure: the case takes no new answers
            for name in self.EVALUATION_FIELDS:
                del self.fields[name]
        self.progress_fields = []
        choices = [("", _("— niet besproken —")), *ProgressStatus.choices]
        for prefix, items in (("goal", goals), ("activity", activities)):
            for item in items:
                name = f"{prefix}_{item.pk}"
                self.fields[name] = forms.ChoiceField(label=str(item), choices=choices, required=False)
                self.fields[f"{name}_note"] = forms.CharField(label=_("Toelichting"), max_length=500, required=False)
                self.progress_fields.append((prefix, item, name))

    def clean_next_on(self):
        value = self.cleaned_data.get("next_on")
        if value and value < timezone.localdate():
            raise ValidationError(_("Het volgende monitormoment kan niet in het verleden liggen."))
        return value

    def clean(self):
        data = super().clean()
        if "eval_helps" in self.fields and any((data.get(name) or "").strip() for name in self.EVALUATION_FIELDS):
            # Started on the evaluation questions: all three need an answer (the note stays optional).
            for name, message in (("eval_question", _("Vul in wat de vraag was.")),
                                  ("eval_intention", _("Vul in wat de bedoeling was.")),
                                  ("eval_helps", _("Zeg of het helpt wat we doen."))):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, message)
        return data

    def evaluation(self) -> dict | None:
        """The answers to the evaluation questions, or None when they were not discussed."""
        if not (self.cleaned_data.get("eval_helps") or ""):
            return None
        return {"question": self.cleaned_data["eval_question"], "intention": self.cleaned_data["eval_intention"],
                "helps": self.cleaned_data["eval_helps"], "helps_note": self.cleaned_data.get("eval_helps_note", "")}

    def progress_notes(self) -> list[dict]:
        notes = []
        for prefix, item, name in self.progress_fields:
            status = self.cleaned_data.get(name)
            if status:
                notes.append({prefix: item, "status": status, "note": self.cleaned_data.get(f"{name}_note", "")})
        return notes


class EscalationForm(forms.Form):
    reason = forms.ChoiceField(label=_("Wat loopt er vast?"), choices=EscalationReason.choices,
                               widget=forms.RadioSelect)
    explanation = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": _("Geef aan wat er vastloopt.")})
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.VERHOOGD)


class EscalationResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Afhandeling"), choices=EscalationOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Leg vast hoe de opschaling is afgehandeld.")})
