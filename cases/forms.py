from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import formset_factory
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases import access, workflow
from cases.constants import OPEN_STAGES, CaseStage, LegalBasis, PersonRole, TriageDecision, Urgency
from cases.models import Case, InformationItem, Involvement, Person
from zvh.constants import Function
from zvh.converters import parse_id
from zvh.models import Organisation, User

FREE_TEXT_HINT = _(
    "Schrijf alleen op wat nodig is voor de procesregie. Noem geen gegevens van derden die er niet toe doen."
)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no database column holds with the form's own message.

    Django answers an out-of-range id in `pk=` with "no such row", but `pk__in=` reaches the database:
    an OverflowError on SQLite, a DataError on PostgreSQL — a 500 instead of a form error.
    """

    def _check_values(self, value):
        for item in value:
            if parse_id(item) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(item)[:20]})
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


class DateField(forms.DateField):
    """A date between 1900 and 2100, with a Dutch message otherwise.

    Python accepts up to 9999-12-31, but a period that ends there cannot be extended by a day
    (an OverflowError, a 500 on the dashboards and the access log before this field).
    """

    widget = DateInput
    default_error_messages = {
        "invalid": _("Vul een geldige datum in, bijvoorbeeld 23-11-2026."),
        "out_of_range": _("Kies een datum tussen 1900 en 2100."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")


def region_organisations(region):
    return Organisation.objects.filter(region=region).order_by("name")


def region_procesregisseurs(region):
    """The eligible procesregisseurs of the region (the one rule lives in cases.access)."""
    return access.eligible_procesregisseurs(region)


REASON_HINT = _("Bijvoorbeeld: verlof, ziekte, werkverdeling. De vorige procesregisseur krijgt bericht.")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CaseRegisterForm(forms.ModelForm):
    """The aanmelding: what a partner (or a ZVH colleague on their behalf) tells the team."""

    class Meta:
        model = Case
        fields = ["reason", "referrer_goal", "urgency", "referrer_organisation", "referrer_name",
                  "referrer_contact"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 4}),
            "referrer_goal": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "reason": _("Aanleiding: waarom vraagt u procesregie aan?"),
            "referrer_goal": _("Wat wilt u met procesregie bereiken?"),
            "referrer_organisation": _("Namens welke organisatie meldt u aan?"),
            "referrer_name": _("Naam aanmelder (als u namens iemand anders aanmeldt)"),
            "referrer_contact": _("Telefoon of e-mail van de aanmelder"),
        }
        help_texts = {"reason": FREE_TEXT_HINT}

    legal_basis = forms.ChoiceField(label=_("Op welke grondslag deelt u deze gegevens?"), choices=LegalBasis.choices,
                                    initial=LegalBasis.PUBLIEKE_TAAK)
    basis_justification = forms.CharField(
        label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld de wettelijke taak (Jeugdwet art. …) of de toestemming van de jeugdige/ouders."),
        error_messages={"required": _("Onderbouw de grondslag: de ZVH verwerkt deze gegevens namens u.")})

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrer_organisation"].queryset = region_organisations(region)
        self.fields["referrer_organisation"].required = True
        self.fields["reason"].required = True
        self.fields["referrer_goal"].required = True


def validate_not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("Deze datum ligt in de toekomst."))


class PersonForm(forms.ModelForm):
    date_of_birth = DateField(label=_("Geboortedatum"), required=False, widget=DateInput(),
                                    validators=[validate_not_future])

    class Meta:
        model = Person
        fields = ["role", "first_name", "last_name", "date_of_birth", "relation", "source_organisation", "purpose",
                  "legal_basis", "basis_justification"]
        widgets = {"basis_justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["source_organisation"].queryset = region_organisations(case.region)
            self.fields["source_organisation"].required = True
            self.fields["basis_justification"].required = True


class RegisterPersonForm(PersonForm):
    """A person in the aanmelding formset: a row left empty is skipped. Provenance comes from the aanmelding."""

    role = forms.ChoiceField(label=_("Rol"), choices=PersonRole.choices, initial=PersonRole.JEUGDIGE)

    class Meta(PersonForm.Meta):
        fields = ["role", "first_name", "last_name", "date_of_birth", "relation"]


class PartyForm(forms.Form):
    """A party the referrer wants at the table, with contact details."""

    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none())
    contact_name = forms.CharField(label=_("Contactpersoon"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Telefoon"), max_length=30, required=False)

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["organisation"].queryset = region_organisations(region)


class _NumberedRows:
    """Repeated rows of a formset (issue 20): each field's label names its row for a screen reader
    ("Voornaam, persoon 2"; the row number is visually hidden, the row's legend shows it), and a row
    that may stay empty shows no asterisks: its fields are required only once the row is used."""

    row_noun = ""
    required_rows = 0  # the first rows whose required fields are marked as such

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.required_when_used = []
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            field.label = format_html('{}<span class="visually-hidden">, {} {}</span>', field.label, self.row_noun,
                                      i + 1)
            if i >= self.required_rows and field.required:
                field.required = False
                form.required_when_used.append(name)
        return form

    def row_is_optional(self, index: int) -> bool:
        return index >= self.required_rows

    def _check_used_rows(self):
        for form in self.forms:
            if not form.has_changed():
                continue
            for name in form.required_when_used:
                if name not in form.errors and form.cleaned_data.get(name) in (None, ""):
                    form.add_error(name, forms.Field.default_error_messages["required"])


class _NoDuplicateOrganisations(_NumberedRows, forms.BaseFormSet):
    row_noun = _("partij")

    def clean(self):
        self._check_used_rows()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            organisation = form.cleaned_data.get("organisation") if form.has_changed() else None
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error("organisation", _("Deze partij staat al in de lijst."))
            seen.add(organisation.pk)


class _PersonsFormSet(_NumberedRows, forms.BaseModelFormSet):
    row_noun = _("persoon")
    required_rows = 1

    def clean(self):
        self._check_used_rows()
        if any(self.errors):
            return
        if not any(form.has_changed() and not self._should_delete_form(form) for form in self.forms):
            raise ValidationError(_("Noem minstens één persoon om wie het gaat (bijvoorbeeld de jeugdige)."))


PersonFormSet = forms.modelformset_factory(
    Person, form=RegisterPersonForm, formset=_PersonsFormSet, extra=3, max_num=10, validate_max=True
)
PartyFormSet = formset_factory(PartyForm, formset=_NoDuplicateOrganisations, extra=3, max_num=10,
                               validate_max=True)


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(c.value, c.label) for c in TriageDecision if c != TriageDecision.PENDING],
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(label=_("Toelichting voor de aanmelder"), widget=forms.Textarea(attrs={"rows": 3}))
    referred_to = forms.CharField(label=_("Doorverwezen naar"), max_length=200, required=False)
    procesregisseur = UserChoiceField(label=_("Procesregisseur"), queryset=User.objects.none(), required=False,
                                      help_text=_("Wie pakt de casus op? Kan ook later."))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procesregisseur"].queryset = region_procesregisseurs(region)

    def clean(self):
        data = super().clean()
        if data.get("decision") == TriageDecision.REFERRED and not data.get("referred_to", "").strip():
            self.add_error("referred_to", _("Vul in naar wie de aanmelding is doorverwezen."))
        return data


class IntakeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["zorgvraag", "urgency"]
        widgets = {"zorgvraag": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"zorgvraag": FREE_TEXT_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zorgvraag"].required = True
        self.fields["zorgvraag"].error_messages["required"] = _("Beschrijf de zorgvraag.")
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class InvolvementForm(forms.ModelForm):
    contact_user = UserChoiceField(label=_("Contactpersoon met een account"), queryset=User.objects.none(),
                                   required=False,
                                   help_text=_("Krijgt toegang tot wat met de eigen organisatie wordt gedeeld."))

    class Meta:
        model = Involvement
        fields = ["organisation", "contact_user", "contact_name", "contact_email", "contact_phone", "is_current",
                  "primary_task", "ask_content", "ask_cooperation", "ask_notes", "to_invite", "sharing_basis",
                  "consent"]
        widgets = {"ask_notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["organisation"].queryset = region_organisations(case.region)
        self.fields["contact_user"].queryset = User.objects.filter(
            region=case.region, function=Function.PARTNER, is_active=True
        ).select_related("organisation").order_by("first_name", "last_name")
        self.fields["consent"].queryset = case.consents.filter(withdrawn_on__isnull=True)

    def clean(self):
        data = super().clean()
        organisation, contact = data.get("organisation"), data.get("contact_user")
        if organisation and Involvement.objects.filter(case=self.case, organisation=organisation).exclude(
            pk=self.instance.pk
        ).exists():
            self.add_error("organisation", _("Deze organisatie is al als partij bij deze casus betrokken."))
        if organisation and contact and contact.organisation_id != organisation.pk:
            self.add_error("contact_user", _("Deze contactpersoon werkt niet bij de gekozen organisatie."))
        _check_consent(self, data)
        return data

    def validate_unique(self):
        # The duplicate check above gives the Dutch message; the case is not a form field.
        pass


class InformationItemForm(forms.ModelForm):
    received_on = DateField(label=_("Ontvangen op"), widget=DateInput(), validators=[validate_not_future])

    class Meta:
        model = InformationItem
        fields = ["source", "person", "content", "received_on", "purpose", "legal_basis", "consent", "justification"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4}), "justification": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"content": FREE_TEXT_HINT}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = case.involvements.select_related("organisation")
        self.fields["source"].empty_label = None if case.involvements.exists() else "---------"
        self.fields["person"].queryset = case.persons.all()
        self.fields["consent"].queryset = case.consents.filter(withdrawn_on__isnull=True)

    def clean(self):
        data = super().clean()
        _check_consent(self, data, field="legal_basis")
        return data


def _check_consent(form, data, field="sharing_basis"):
    """A ground of consent must name the consent; another ground must not."""
    basis, consent = data.get(field), data.get("consent")
    if basis == LegalBasis.TOESTEMMING and consent is None:
        form.add_error("consent", _("Kies de toestemming waarop dit rust (leg die eerst vast onder Privacy)."))
    elif consent is not None and basis != LegalBasis.TOESTEMMING:
        form.add_error("consent", _("Een toestemming hoort alleen bij de grondslag ‘Toestemming’."))


# -- corrections after the intake ---------------------------------------------------------------


class CorrectionForm(forms.Form):
    """Why something recorded is corrected or removed, and whether the person concerned asked for it."""

    reason = forms.CharField(label=_("Reden van de correctie"), max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Bijvoorbeeld: verkeerd overgenomen uit de aanmelding; verzoek van moeder "
                                         "van 3-11-2026."),
                             error_messages={"required": _("Geef de reden van de correctie.")})
    on_request = forms.BooleanField(label=_("Op verzoek van de betrokkene (rectificatie, AVG art. 16)"),
                                    required=False)

    CORRECTION_FIELDS = ("reason", "on_request")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.CORRECTION_FIELDS:  # after the fields being corrected
            self.fields[name] = self.fields.pop(name)

    def correction(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CORRECTION_FIELDS}

    def changes(self) -> dict:
        """The model fields to save (a ModelForm's fields without the correction's own)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class PersonCorrectForm(CorrectionForm, PersonForm):
    pass


class InvolvementCorrectForm(CorrectionForm, InvolvementForm):
    pass


class InformationCorrectForm(CorrectionForm, InformationItemForm):
    pass


class RemoveForm(CorrectionForm):
    reason = forms.CharField(label=_("Reden van het verwijderen"), max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Geef de reden van het verwijderen.")})

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Naar fase"))
    reason = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = workflow.ALLOWED_TRANSITIONS[case.stage]
        self.fields["to_stage"].choices = [(s.value, s.label) for s in workflow.STEPS if s in allowed]
        nxt = workflow.forward_stage(case.stage)
        if nxt in allowed and nxt != CaseStage.CLOSED:
            self.initial.setdefault("to_stage", nxt)


class AssignForm(forms.Form):
    procesregisseur = UserChoiceField(label=_("Procesregisseur"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reden van de toewijzing"), max_length=200, help_text=REASON_HINT)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procesregisseur"].queryset = region_procesregisseurs(region)


class ReassignForm(forms.Form):
    """Hand over a selection of cases, or the whole caseload of one colleague."""

    cases = ModelMultipleChoiceField(queryset=Case.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple, label=_("Geselecteerde casussen"))
    from_user = UserChoiceField(label=_("Of: de hele caseload van"), queryset=User.objects.none(), required=False)
    to_user = UserChoiceField(label=_("Overdragen aan"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reden van de overdracht"), max_length=200, help_text=REASON_HINT)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = Case.objects.in_region(region).open().filter(anonymised_at__isnull=True)
        colleagues = region_procesregisseurs(region)
        self.fields["to_user"].queryset = colleagues
        # Also a former procesregisseur (now another function, or inactive) whose open cases need a new owner.
        # A semi-join on the owners of the region's open cases (index region, stage), not a join of every case.
        owners = Case.objects.in_region(region).filter(stage__in=OPEN_STAGES).values("procesregisseur_id")
        self.fields["from_user"].queryset = User.objects.filter(
            Q(region=region, function=Function.PROCESREGISSEUR) | Q(pk__in=owners)
        ).order_by("first_name", "last_name")

    def clean(self):
        data = super().clean()
        if not data.get("cases") and not data.get("from_user"):
            raise ValidationError(_("Kies casussen of een collega van wie u de caseload overdraagt."))
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            self.add_error("to_user", _("Kies een andere collega dan de huidige procesregisseur."))
        return data


URGENCY_CHOICES = Urgency.choices


class StandInForm(forms.Form):
    """Waarneming: who stands in for whom, from when until when, and why."""

    absent = UserChoiceField(label=_("Afwezige procesregisseur"), queryset=User.objects.none())
    stand_in = UserChoiceField(label=_("Waarnemer"), queryset=User.objects.none())
    starts_on = DateField(label=_("Van"), widget=DateInput())
    ends_on = DateField(label=_("Tot en met"), widget=DateInput())
    reason = forms.CharField(label=_("Reden"), max_length=200, help_text=_("Bijvoorbeeld: vakantie, ziekte."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = region_procesregisseurs(user.region)
        self.fields["stand_in"].queryset = colleagues.exclude(pk=user.pk) if user.is_procesregisseur else colleagues
        if user.is_manager:
            self.fields["absent"].queryset = colleagues
        else:
            # A procesregisseur arranges their own stand-in.
            self.fields["absent"].queryset = colleagues.filter(pk=user.pk)
            self.fields["absent"].initial = user.pk

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("De einddatum ligt vóór de begindatum."))
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < timezone.localdate():
            self.add_error("ends_on", _("Deze periode is al voorbij."))
        if data.get("absent") and data.get("absent") == data.get("stand_in"):
            self.add_error("stand_in", _("Kies een collega als waarnemer."))
        return data
