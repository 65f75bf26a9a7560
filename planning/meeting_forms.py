"""Forms of the overleg: planning a meeting, its invitees, the verslag, cancelling, decisions."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.forms import DateField, DateInput, ModelMultipleChoiceField, region_organisations
from planning.common import PersonChoiceField, region_people
from planning.constants import (
    AGENDA_FIELDS,
    AGENDA_PARTS,
    SUCCESS_CONDITIONS,
    Attendance,
    InviteeRole,
    MeetingKind,
    Participation,
    VoiceMode,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)



class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort overleg"), choices=MeetingKind.choices, initial=MeetingKind.PLAN)
    day = DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TimeInput())
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False,
                               help_text=_("Adres en ruimte, of leeg bij een online overleg."))
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https",
                                help_text=_("Bijvoorbeeld de link naar de beveiligde videoverbinding."))

    def __init__(self, *args, case, meeting=None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
            kwargs["initial"] = {"kind": meeting.kind, "day": start.date(), "start_time": start.time(),
                                 "end_time": end.time(), "location": meeting.location,
                                 "online_url": meeting.online_url}
        super().__init__(*args, **kwargs)
        self.case = case
        if meeting is None:
            involvements = case.involvements.filter(is_current=True).select_related("organisation", "contact_user")
            self.fields["parties"] = ModelMultipleChoiceField(
                label=_("Partijen uitnodigen"), queryset=involvements, required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("De betrokken partijen van de casus; de contactpersoon krijgt de uitnodiging."),
                initial=[i.pk for i in involvements if i.to_invite],
            )
            self.fields["parties"].label_from_instance = _involvement_label

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("Het overleg eindigt vóór het begint: kies een eindtijd na de begintijd."))
        if not data.get("location") and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("location", _("Vul een locatie of een online link in."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "starts_at": data["starts_at"], "ends_at": data["ends_at"],
                "location": data["location"], "online_url": data["online_url"]}

    def invitees(self) -> list[dict]:
        return [
            {"organisation": i.organisation, "user": i.contact_user, "name": i.contact_name,
             "email": i.contact_email}
            for i in self.cleaned_data.get("parties", [])
        ]


def _involvement_label(involvement):
    contact = (involvement.contact_user.get_full_name() if involvement.contact_user_id else "") or \
        involvement.contact_name
    label = f"{involvement.organisation} — {contact}" if contact else str(involvement.organisation)
    email = involvement.contact_email or (involvement.contact_user.email if involvement.contact_user_id else "")
    if not email:
        label += " " + str(_("(geen e-mailadres: u drukt de uitnodiging af)"))
    return label


class InviteeForm(forms.Form):
    role = forms.ChoiceField(label=_("Wie"), choices=InviteeRole.choices, initial=InviteeRole.PROFESSIONAL)
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=None, required=False)
    user = PersonChoiceField(label=_("Professional (gebruiker)"), queryset=None, required=False,
                             help_text=_("Kies iemand die al een account heeft, of vul hieronder naam en e-mail in."))
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Hierheen gaat de uitnodiging met agenda-bijlage."))
    participation = forms.ChoiceField(
        label=_("Hoe neemt deze persoon deel?"), choices=Participation.choices, initial=Participation.PRESENT,
        help_text=_("Praat met de jeugdige en ouders, niet over hen. Is aanschuiven spannend, dan kan een korte "
                    "video ook."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = region_organisations(case.region)
        self.fields["user"].queryset = region_people(case.region)

    def clean(self):
        data = super().clean()
        role, organisation, user = data.get("role"), data.get("organisation"), data.get("user")
        if role == InviteeRole.PROFESSIONAL:
            if not organisation and not user:
                self.add_error("organisation", _("Kies de organisatie of de professional."))
            if user and organisation and user.organisation_id != organisation.pk:
                self.add_error("user", _("Deze professional werkt niet bij de gekozen organisatie."))
            if not user and not data.get("name"):
                self.add_error("name", _("Vul de naam in (of kies een gebruiker)."))
        elif role:
            if not data.get("name"):
                self.add_error("name", _("Vul de naam in."))
            data["organisation"], data["user"] = None, None
        return data


def _row_label(label, row):
    """A label that names its row for a screen reader; the row itself is visually hidden (shown nearby)."""
    return format_html('{}<span class="visually-hidden">, {}</span>', label, row)


class MeetingRecordForm(forms.Form):
    """The verslag per agenda part a–d (discussed, notes, decisions), the seven success conditions,
    attendance with role and on whose behalf, and the general minutes."""

    minutes = forms.CharField(label=_("Algemeen verslag"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Schrijf alleen op wat nodig is voor de procesregie."))

    def __init__(self, *args, meeting, **kwargs):
        initial = {"minutes": meeting.minutes}
        for name, _letter, _label in AGENDA_PARTS:
            initial[name] = getattr(meeting, name)
            initial[f"{name}_notes"] = getattr(meeting, f"{name}_notes")
        for name, _label in SUCCESS_CONDITIONS:
            initial[name] = getattr(meeting, name)
        self.invitees = list(meeting.invitees.select_related("organisation", "user"))
        for invitee in self.invitees:
            initial[f"attendance_{invitee.pk}"] = invitee.attendance
            initial[f"seat_role_{invitee.pk}"] = invitee.seat_role
            initial[f"on_behalf_of_{invitee.pk}"] = invitee.on_behalf_of
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        # Repeated per agenda part and per invitee: each label names its part or person for a screen reader
        # (issue 20: "Besproken, a. Analyse …"); the fieldset's legend or the row header shows it.
        for name, letter, label in AGENDA_PARTS:
            self.fields[name] = forms.BooleanField(label=_row_label(_("Besproken"), f"{letter}. {label}"),
                                                   required=False)
            self.fields[f"{name}_notes"] = forms.CharField(
                label=_row_label(_("Aantekeningen"), f"{letter}. {label}"), required=False,
                widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[f"{name}_decisions"] = forms.CharField(
                label=_("Nieuwe besluiten bij %(letter)s (één per regel)") % {"letter": letter}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))
        for name, label in SUCCESS_CONDITIONS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
        for invitee in self.invitees:
            who = invitee.display_name
            self.fields[f"attendance_{invitee.pk}"] = forms.ChoiceField(
                label=_row_label(_("Aanwezig"), who), choices=Attendance.choices, required=True)
            self.fields[f"seat_role_{invitee.pk}"] = forms.CharField(
                label=_row_label(_("Rol aan tafel"), who), max_length=100, required=False,
                help_text=_("Bijvoorbeeld: mentor, wijkagent, voorzitter."))
            self.fields[f"on_behalf_of_{invitee.pk}"] = forms.CharField(
                label=_row_label(_("Namens"), who), max_length=150, required=False,
                help_text=_("Bijvoorbeeld: namens de school, of namens de jeugdige."))

    @property
    def agenda_items(self):
        """Per agenda part: (letter, label, discussed, notes, decisions) bound fields."""
        return [(letter, label, self[name], self[f"{name}_notes"], self[f"{name}_decisions"])
                for name, letter, label in AGENDA_PARTS]

    @property
    def condition_fields(self):
        return [self[name] for name, _l in SUCCESS_CONDITIONS]

    @property
    def attendance_rows(self):
        return [(i, self[f"attendance_{i.pk}"], self[f"seat_role_{i.pk}"], self[f"on_behalf_of_{i.pk}"])
                for i in self.invitees]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "minutes": data["minutes"],
            "attendance": {i.pk: data[f"attendance_{i.pk}"] for i in self.invitees},
            "seats": {i.pk: (data[f"seat_role_{i.pk}"], data[f"on_behalf_of_{i.pk}"]) for i in self.invitees},
            "notes": {f"{name}_notes": data[f"{name}_notes"] for name in AGENDA_FIELDS},
            "decisions": {letter: [line for line in data[f"{name}_decisions"].splitlines() if line.strip()]
                          for name, letter, _label in AGENDA_PARTS},
        }
        for name, _letter, _label in AGENDA_PARTS:
            kwargs[name] = data[name]
        for name, _label in SUCCESS_CONDITIONS:
            kwargs[name] = data[name]
        return kwargs


class VoiceForm(forms.Form):
    """The youth's voice: how the youth or a parent took part, and their own words."""

    person = forms.ModelChoiceField(label=_("Wie"), queryset=None, required=False,
                                    help_text=_("De jeugdige of een ouder van de casus."))
    name = forms.CharField(label=_("Of: naam"), max_length=150, required=False)
    mode = forms.ChoiceField(label=_("Hoe nam hij of zij deel?"), choices=VoiceMode.choices,
                             widget=forms.RadioSelect, initial=VoiceMode.PRESENT)
    represented_by = forms.CharField(label=_("Vertegenwoordigd door"), max_length=150, required=False)
    not_heard_reason = forms.CharField(label=_("Waarom niet gehoord?"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    own_words = forms.CharField(
        label=_("In eigen woorden"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat de jeugdige of ouder zelf zei of in de video vertelde, zo letterlijk mogelijk. Dit staat "
                    "naast de doelen in het plan."))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.filter(erased_at__isnull=True).order_by("role", "pk")
        self.fields["person"].label_from_instance = lambda p: f"{p.first_name} ({p.get_role_display()})"

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name", "").strip():
            self.add_error("person", _("Kies de persoon of vul een naam in."))
        if data.get("mode") == VoiceMode.REPRESENTED and not data.get("represented_by", "").strip():
            self.add_error("represented_by", _("Zeg door wie hij of zij werd vertegenwoordigd."))
        if data.get("mode") == VoiceMode.NOT_HEARD and not data.get("not_heard_reason", "").strip():
            self.add_error("not_heard_reason", _("Zeg waarom hij of zij niet is gehoord."))
        return data


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reden van annuleren"), max_length=300,
                             help_text=_("De genodigden krijgen deze reden bij de annulering."))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 2}))
