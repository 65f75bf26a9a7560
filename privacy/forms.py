from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import PersonRole
from cases.forms import DateField, DateInput, ModelMultipleChoiceField
from zvh.models import Organisation


class ConsentForm(forms.Form):
    given_by = forms.ModelChoiceField(label=_("Gegeven door"), queryset=None,
                                      help_text=_("De jeugdige en/of een wettelijk vertegenwoordiger."))
    organisations = ModelMultipleChoiceField(label=_("Met welke organisaties mag gedeeld worden"),
                                                   queryset=Organisation.objects.none(),
                                                   widget=forms.CheckboxSelectMultiple)
    information = forms.CharField(label=_("Welke informatie"), widget=forms.Textarea(attrs={"rows": 2}))
    given_on = DateField(label=_("Gegeven op"), widget=DateInput())
    valid_until = DateField(label=_("Geldig tot"), widget=DateInput(), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = case.persons.filter(
            role__in=[PersonRole.JEUGDIGE, PersonRole.OUDER, PersonRole.VERTEGENWOORDIGER], erased_at__isnull=True)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            pk__in=case.involvements.values("organisation")).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("given_on") and data["given_on"] > timezone.localdate():
            self.add_error("given_on", _("Deze datum ligt in de toekomst."))
        if data.get("given_on") and data.get("valid_until") and data["valid_until"] < data["given_on"]:
            self.add_error("valid_until", _("De einddatum ligt vóór de datum van toestemming."))
        return data


class WithdrawForm(forms.Form):
    withdrawn_on = DateField(label=_("Ingetrokken op"), widget=DateInput(), initial=timezone.localdate)

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value


class EraseForm(forms.Form):
    reason = forms.CharField(label=_("Grond voor het wissen"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Bijvoorbeeld: verzoek van de betrokkene van 1 mei, beoordeeld door …"),
                             error_messages={"required": _("Leg vast op grond waarvan de gegevens gewist worden.")})


class PeriodForm(forms.Form):
    start = DateField(label=_("Van"), widget=DateInput(), required=False)
    end = DateField(label=_("Tot en met"), widget=DateInput(), required=False)
