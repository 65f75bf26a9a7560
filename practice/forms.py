from django import forms
from django.utils.translation import gettext_lazy as _

from practice.scenario_format import MAX_BYTES
from practice.simulation import MAX_DAYS


class ClockForm(forms.Form):
    days = forms.IntegerField(label=_("Aantal dagen vooruit"), min_value=1, max_value=MAX_DAYS,
                              error_messages={"required": _("Vul in hoeveel dagen de klok vooruit moet."),
                                              "invalid": _("Vul een heel aantal dagen in."),
                                              "min_value": _("Zet de klok minstens 1 dag vooruit."),
                                              "max_value": _("Zet de klok hoogstens %(limit_value)s dagen vooruit.")})


class ScenarioImportForm(forms.Form):
    file = forms.FileField(label=_("Scenariobestand (.json)"), required=False)
    text = forms.CharField(label=_("Of plak de tekst van het scenario"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("Het bestand is groter dan 200 kB; een scenario is veel kleiner."))
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Het bestand is geen UTF-8-tekst.")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Kies een bestand of plak de tekst van een scenario."))
        return data


class ScenarioEditForm(forms.Form):
    text = forms.CharField(label=_("Het scenario (JSON)"), widget=forms.Textarea(attrs={"rows": 24,
                                                                                         "spellcheck": "false"}),
                           error_messages={"required": _("Het scenario mag niet leeg zijn.")})
    lessons = forms.ModelMultipleChoiceField(label=_("Lessen uit de bibliotheek bij dit scenario"), required=False,
                                             queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, lessons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lessons"].queryset = lessons


class FeedbackForm(forms.Form):
    text = forms.CharField(label=_("Uw reactie"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Schrijf uw reactie.")})


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Naam van de groep"), max_length=150,
                           error_messages={"required": _("Geef de groep een naam.")})


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam van de deelnemer"), max_length=150,
                               error_messages={"required": _("Vul de gebruikersnaam in.")})
