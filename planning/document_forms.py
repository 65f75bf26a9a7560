"""The upload form of a document (the file is checked by content in document_services)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import LegalBasis
from cases.forms import DateField, DateInput
from cases.models import Involvement, Person


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Bestand"), error_messages={
        "required": _("Kies een bestand."), "empty": _("Het bestand is leeg."),
        "invalid": _("Er is geen bestand ontvangen; kies het opnieuw.")})
    title = forms.CharField(label=_("Titel"), max_length=200,
                            help_text=_("Bijvoorbeeld: Verslag schoolmaatschappelijk werk, brief van de GGZ."))
    document_date = DateField(label=_("Datum van het document"), widget=DateInput(), initial=timezone.localdate)
    source = forms.ModelChoiceField(label=_("Bron (partij)"), queryset=Involvement.objects.none(),
                                    help_text=_("Van welke partij komt het document?"))
    person = forms.ModelChoiceField(label=_("Over wie (optioneel)"), queryset=Person.objects.none(), required=False,
                                    help_text=_("Wordt de persoon op verzoek gewist, dan gaat dit document mee."))
    legal_basis = forms.ChoiceField(label=_("Grondslag"), choices=LegalBasis.choices)
    purpose = forms.CharField(label=_("Doel"), max_length=200, initial=_("Procesregie rond de zorgvraag"))

    def __init__(self, *args, case, partner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Office-document of afbeelding, hoogstens %(max)s. Het soort bestand "
                                          "wordt aan de inhoud vastgesteld.") % {
            "max": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.jpg,.jpeg,.png,.gif,.webp")
        if partner:
            # A partner uploads on behalf of their own organisation and sees no persons of the case.
            del self.fields["source"], self.fields["person"]
        else:
            self.fields["source"].queryset = case.involvements.select_related("organisation")
            self.fields["person"].queryset = case.persons.all()
