"""Forms of the plan van aanpak; the overleg's forms are in `planning.meeting_forms`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateField, DateInput, region_organisations
from planning.common import PersonChoiceField, region_people
from planning.constants import ActivityStatus, ScenarioKind
from planning.models import Goal, reads_as_treatment
from planning.services import casusregisseur_candidates

TREATMENT_WARNING = _(
    "Dit doel klinkt als een behandeling of een aanbod (bijvoorbeeld therapie, training of een traject). "
    "Dat is een oplossing, geen doel. Formuleer het doel als het perspectief van de jeugdige: wat is er "
    "anders als het goed gaat? Het doel is wel opgeslagen."
)


class LockedForm(forms.Form):
    """Carries the lock_version the record had when the form was loaded (optimistic locking)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)


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
    # CharField strips, so only spaces count as empty too.
    reason = forms.CharField(label=_("Waarom gaat plan B nu in werking?"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Geef de reden om over te stappen op plan B.")})


class ActivityProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    note = forms.CharField(label=_("Wat is er gebeurd?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
