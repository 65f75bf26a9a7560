import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.forms import DateField, DateInput
from closeout.constants import CLOSE_OUT_CRITERIA, LessonTheme
from closeout.lessons import identifying_details
from closeout.services import closeout_problems
from zvh.models import Organisation


class CloseOutForm(forms.Form):
    """The three criteria of stap 5, each with its explanation, the handover, nazorg and evaluation."""

    care_organised = forms.BooleanField(required=False)
    care_organised_explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    family_self_reliant = forms.BooleanField(required=False)
    family_self_reliant_explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    regie_handed_over = forms.BooleanField(required=False)
    regie_handed_over_explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    handover_to = forms.CharField(label=_("Regie overgedragen aan (naam en functie)"), max_length=200, required=False)
    handover_organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none(),
                                                   required=False)
    handover_what = forms.CharField(label=_("Wat is overgedragen"), widget=forms.Textarea(attrs={"rows": 2}),
                                    required=False)
    nazorg_on = DateField(label=_("Nazorg: nog één keer contact op"), widget=DateInput(), required=False,
                                help_text=_("Optioneel. U krijgt op die dag een herinnering."))
    evaluate = forms.TypedChoiceField(label=_("Evalueren we deze casus?"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Ja, met de betrokkenen")), ("no", _("Nee"))],
                                      widget=forms.RadioSelect, initial="yes")
    no_evaluation_reason = forms.CharField(label=_("Waarom niet?"), widget=forms.Textarea(attrs={"rows": 2}),
                                           required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handover_organisation"].queryset = Organisation.objects.filter(region=case.region)
        for name, label in CLOSE_OUT_CRITERIA:
            self.fields[name].label = label
            # Three of them on the page: each names its criterion for a screen reader (issue 20).
            self.fields[f"{name}_explanation"].label = format_html(
                '{}<span class="visually-hidden">, {}</span>', _("Toelichting"), label)

    def clean(self):

        data = super().clean()
        problems = closeout_problems(criteria=self.criteria(), handover_to=data.get("handover_to", ""),
                                     evaluate=data.get("evaluate", True),
                                     no_evaluation_reason=data.get("no_evaluation_reason", ""),
                                     nazorg_on=data.get("nazorg_on"))
        for field, message in problems.items():
            self.add_error(field, message)
        return data

    def criteria(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {name: (bool(data.get(name)), data.get(f"{name}_explanation", "") or "")
                for name, _label in CLOSE_OUT_CRITERIA}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"criteria": self.criteria(), "handover_to": data["handover_to"],
                "handover_organisation": data["handover_organisation"], "handover_what": data["handover_what"],
                "nazorg_on": data["nazorg_on"], "evaluate": data["evaluate"],
                "no_evaluation_reason": data["no_evaluation_reason"]}


def meaningful(min_words: int, min_letters: int):
    """A validator: at least `min_words` words and `min_letters` letters — "x" or "-" is not an answer."""

    def validate(value):
        words = [w for w in re.split(r"\W+", value or "") if any(c.isalpha() for c in w)]
        letters = sum(c.isalpha() for c in value or "")
        if len(words) < min_words or letters < min_letters:
            raise ValidationError(_("Geef een inhoudelijk antwoord van minstens %(n)d woorden."),
                                  code="too_short", params={"n": min_words})

    return validate


class EvaluationForm(forms.Form):
    participants = forms.CharField(label=_("Wie deden mee?"), widget=forms.Textarea(attrs={"rows": 2}),
                                   validators=[meaningful(2, 8)],
                                   help_text=_("Functies en organisaties; de jeugdige en ouders als zij meededen."))
    went_well = forms.CharField(label=_("Wat is goed gegaan?"), widget=forms.Textarea(attrs={"rows": 3}),
                                validators=[meaningful(4, 15)])
    to_improve = forms.CharField(label=_("Waar zitten nog verbeterpunten?"), widget=forms.Textarea(attrs={"rows": 3}),
                                 validators=[meaningful(4, 15)])
    learned = forms.CharField(label=_("Wat leren we hiervan voor toekomstige zorgvragen?"),
                              widget=forms.Textarea(attrs={"rows": 3}), validators=[meaningful(4, 15)])


class EvaluationSkipForm(forms.Form):
    reason = forms.CharField(label=_("Waarom komt er geen evaluatie?"), widget=forms.Textarea(attrs={"rows": 2}),
                             validators=[meaningful(3, 12)],
                             error_messages={"required": _("Leg vast waarom er geen evaluatie komt.")})


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=150)
    theme = forms.ChoiceField(label=_("Thema"), choices=LessonTheme.choices)
    text = forms.CharField(label=_("De les"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Schrijf het zo dat niemand de jeugdige, het gezin of de casus herkent: geen "
                                       "namen, geboortedata, adressen, scholen of kenmerken."))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self):

        data = super().clean()
        hits = identifying_details(f"{data.get('title', '')}\n{data.get('text', '')}", self.case)
        if hits:
            # One error per hit, each saying what was found and why it identifies someone.
            raise ValidationError([
                ValidationError(_("Haal weg: %(kind)s “%(found)s”. %(why)s"),
                                params={"kind": hit.kind, "found": hit.found, "why": hit.explanation})
                for hit in hits])
        return data


class LessonActionForm(forms.Form):
    """Review (approve / return) or withdraw a lesson in the library."""

    lesson = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("approve", _("Goedkeuren")), ("reject", _("Teruggeven")),
                                        ("withdraw", _("Intrekken"))], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reden"), required=False, max_length=1000,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control"}))
    theme = forms.ChoiceField(label=_("Thema"), choices=[("", _("Alle thema's")), *LessonTheme.choices],
                              required=False, widget=forms.Select(attrs={"class": "form-select"}))
