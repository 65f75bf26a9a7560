"""Forms for the work between meetings: contacts, evaluation questions, other overleg tables."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput, region_organisations
from planning.constants import ContactMode, Helps


class ContactForm(forms.Form):
    happened_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    mode = forms.ChoiceField(label=_("Soort contact"), choices=ContactMode.choices)
    with_whom = forms.CharField(label=_("Met wie"), max_length=150)
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=None, required=False)
    about = forms.CharField(label=_("Waarover"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Afgesproken vervolg"), max_length=300, required=False)
    follow_up_on = forms.DateField(label=_("Vervolg uiterlijk op"), required=False, widget=DateInput(),
                                   help_text=_("U krijgt op die dag een herinnering; het staat op uw startpagina."))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = region_organisations(case.region)

    def clean(self):
        data = super().clean()
        if data.get("happened_on") and data["happened_on"] > timezone.localdate():
            self.add_error("happened_on", _("Een contact ligt niet in de toekomst."))
        if data.get("follow_up_on") and not data.get("follow_up"):
            self.add_error("follow_up", _("Zeg wat er als vervolg is afgesproken."))
        return data


class EvaluationForm(forms.Form):
    question = forms.CharField(label=_("Wat was de vraag?"), widget=forms.Textarea(attrs={"rows": 2}))
    intention = forms.CharField(label=_("Wat was de bedoeling?"), widget=forms.Textarea(attrs={"rows": 2}))
    helps = forms.ChoiceField(label=_("Helpt wat we doen?"), choices=Helps.choices, widget=forms.RadioSelect)
    helps_note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OtherTableForm(forms.Form):
    name = forms.CharField(label=_("Welk overleg"), max_length=150,
                           help_text=_("Bijvoorbeeld: Veiligheidshuis, zorg- en adviesteam van school."))
    contact = forms.CharField(label=_("Contactpersoon"), max_length=150, required=False)
    agreed = forms.CharField(label=_("Wat is afgesproken"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Wie doet wat, zodat er geen dubbel overleg ontstaat."))
