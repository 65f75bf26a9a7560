from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateField, DateInput, UserChoiceField, region_organisations
from planning.constants import (
    AGENDA_PARTS,
    SUCCESS_CONDITIONS,
    ActivityStatus,
    Attendance,
    InviteeRole,
    MeetingKind,
    Participation,
    ScenarioKind,
)
from planning.models import Goal, reads_as_treatment
from planning.services import casusregisseur_candidates
from zvh.constants import Function
from zvh.models import User

TREATMENT_WARNING = _(
    "Dit doel klinkt als een behandeling of een aanbod (bijvoorbeeld therapie, training of een traject). "
    "Dat is een oplossing, geen doel. Formuleer het doel als het perspectief van de jeugdige: wat is er "
    "anders als het goed gaat? Het doel is wel opgeslagen."
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PersonChoiceField(UserChoiceField):
    """A user with their organisation, so namesakes of different parties can be told apart."""

    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


def region_people(region):
    """Users of the region who can take part in a case (partner professionals and procesregisseurs)."""
    return (
        User.objects.filter(region=region, is_active=True, function__in=[Function.PARTNER, Function.PROCESREGISSEUR])
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name")
    )


class LockedForm(forms.Form):
    """Carries the lock_version the record had when the form was loaded (optimistic locking)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)


# -- meetings ---------------------------------------------------------------------------------


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
            self.fields["parties"] = forms.ModelMultipleChoiceField(
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
    return f"{involvement.organisation} — {contact}" if contact else str(involvement.organisation)


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


class MeetingRecordForm(forms.Form):
    """The verslag: minutes, agenda a–d discussed, the seven success conditions, attendance."""

    minutes = forms.CharField(label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Schrijf alleen op wat nodig is voor de procesregie."))

    def __init__(self, *args, meeting, **kwargs):
        initial = {"minutes": meeting.minutes}
        for name, _letter, _label in AGENDA_PARTS:
            initial[name] = getattr(meeting, name)
        for name, _label in SUCCESS_CONDITIONS:
            initial[name] = getattr(meeting, name)
        self.invitees = list(meeting.invitees.select_related("organisation", "user"))
        for invitee in self.invitees:
            initial[f"attendance_{invitee.pk}"] = invitee.attendance
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, letter, label in AGENDA_PARTS:
            self.fields[name] = forms.BooleanField(label=f"{letter}. {label}", required=False)
        for name, label in SUCCESS_CONDITIONS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
        for invitee in self.invitees:
            self.fields[f"attendance_{invitee.pk}"] = forms.ChoiceField(
                label=invitee.display_name, choices=Attendance.choices, required=True)

    @property
    def agenda_fields(self):
        return [self[name] for name, _l, _b in AGENDA_PARTS]

    @property
    def condition_fields(self):
        return [self[name] for name, _l in SUCCESS_CONDITIONS]

    @property
    def attendance_fields(self):
        return [self[f"attendance_{i.pk}"] for i in self.invitees]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"minutes": data["minutes"],
                  "attendance": {i.pk: data[f"attendance_{i.pk}"] for i in self.invitees}}
        for name, _letter, _label in AGENDA_PARTS:
            kwargs[name] = data[name]
        for name, _label in SUCCESS_CONDITIONS:
            kwargs[name] = data[name]
        return kwargs


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reden van annuleren"), max_length=300,
                             help_text=_("De genodigden krijgen deze reden bij de annulering."))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 2}))


# -- the plan ---------------------------------------------------------------------------------


class PlanForm(LockedForm):
    scenario_a_description = forms.CharField(
        label=_("Plan A: de aanpak"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scenario_b_description = forms.CharField(
        label=_("Plan B: de aanpak als het anders loopt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scenario_b_trigger = forms.CharField(
        label=_("Wanneer treedt plan B in werking?"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Spreek samen af in welke gevallen plan B het overneemt."))
    information_agreements = forms.CharField(
        label=_("Hoe houden de partijen elkaar op de hoogte?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    first_checkin_on = DateField(label=_("Eerste monitormoment"), required=False, widget=DateInput(),
                                       help_text=_("Wanneer bespreken we de voortgang voor het eerst?"))
    monitoring_notes = forms.CharField(label=_("Afspraken over monitoring"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_for(cls, plan) -> dict:
        scenarios = {s.kind: s for s in plan.scenarios.all()}
        a, b = scenarios.get(ScenarioKind.A), scenarios.get(ScenarioKind.B)
        return {
            "lock_version": plan.lock_version,
            "scenario_a_description": a.description if a else "",
            "scenario_b_description": b.description if b else "",
            "scenario_b_trigger": b.trigger if b else "",
            "information_agreements": plan.information_agreements,
            "first_checkin_on": plan.first_checkin_on,
            "monitoring_notes": plan.monitoring_notes,
        }

    def clean(self):
        data = super().clean()
        if data.get("scenario_b_description") and not data.get("scenario_b_trigger"):
            self.add_error("scenario_b_trigger", _("Zeg wanneer plan B in werking treedt."))
        return data


class AnalysisForm(LockedForm):
    facts = forms.CharField(label=_("Feiten"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Wat weten we zeker, en van wie?"))
    concerns = forms.CharField(label=_("Zorgen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label=_("Krachten"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    explanation = forms.CharField(label=_("Verklaring"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Hoe hangen de feiten, zorgen en krachten samen?"))

    @classmethod
    def initial_for(cls, analysis) -> dict:
        return {"lock_version": analysis.lock_version, "facts": analysis.facts, "concerns": analysis.concerns,
                "strengths": analysis.strengths, "explanation": analysis.explanation}


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Doel, vanuit het perspectief van de jeugdige"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: “Noah gaat elke dag naar school en voelt zich daar veilig.” Geen behandeling "
                    "of therapie: dat zijn oplossingen."),
    )

    @property
    def reads_as_treatment(self) -> bool:
        return self.is_valid() and reads_as_treatment(self.cleaned_data["text"])


class SolutionDirectionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partij"), queryset=None)
    text = forms.CharField(label=_("Oplossingsrichting"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = region_organisations(case.region)


class ActivityForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scenario"), choices=ScenarioKind.choices, initial=ScenarioKind.A)
    what = forms.CharField(label=_("Wat"), widget=forms.Textarea(attrs={"rows": 2}))
    goal = forms.ModelChoiceField(label=_("Voor welk doel"), queryset=None, required=False)
    organisation = forms.ModelChoiceField(label=_("Verantwoordelijke organisatie"), queryset=None)
    responsible_user = PersonChoiceField(label=_("Verantwoordelijke (gebruiker)"), queryset=None, required=False)
    responsible_name = forms.CharField(label=_("Of: naam verantwoordelijke"), max_length=150, required=False)
    due_date = DateField(label=_("Uiterlijk op"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.PLANNED)

    def __init__(self, *args, plan, case, **kwargs):
        """`plan` may be None: the plan is created when the first activity is saved."""
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all() if plan is not None else Goal.objects.none()
        self.fields["organisation"].queryset = region_organisations(case.region)
        self.fields["responsible_user"].queryset = region_people(case.region)

    def clean(self):
        data = super().clean()
        user, organisation = data.get("responsible_user"), data.get("organisation")
        if user and organisation and user.organisation_id != organisation.pk:
            self.add_error("responsible_user", _("Deze persoon werkt niet bij de gekozen organisatie."))
        if not user and not data.get("responsible_name"):
            self.add_error("responsible_name",
                           _("Zeg wie de activiteit oppakt: kies een gebruiker of vul een naam in."))
        return data

    @staticmethod
    def initial_for(activity) -> dict:
        return {"scenario": activity.scenario.kind, "what": activity.what, "goal": activity.goal_id,
                "organisation": activity.organisation_id, "responsible_user": activity.responsible_user_id,
                "responsible_name": activity.responsible_name, "due_date": activity.due_date,
                "status": activity.status, "lock_version": activity.lock_version}

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("scenario", "what", "goal", "organisation", "responsible_user", "responsible_name", "due_date",
                 "status")}


class ActivityEditForm(ActivityForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class CasusregisseurForm(forms.Form):
    casusregisseur = PersonChoiceField(
        label=_("Casusregisseur"), queryset=None,
        help_text=_("Meestal een professional van een partij die de uitvoering coördineert. Hij of zij krijgt "
                    "toegang tot de casus en het plan (alleen lezen) en kan opschalen naar u."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casusregisseur"].queryset = (
            casusregisseur_candidates(case).select_related("organisation")
            .order_by("organisation__name", "first_name", "last_name")
        )


class SwitchToBForm(forms.Form):
    reason = forms.CharField(label=_("Waarom gaat plan B nu in werking?"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Geef de reden om over te stappen op plan B."))
        return reason
