from datetime import date, datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.permissions import sync_case_permissions
from cases.tests.factories import CaseFactory
from planning.constants import AGENDA_FIELDS, SUCCESS_CONDITION_FIELDS, InviteeRole, MeetingStatus, PlanStatus
from planning.models import (
    Activity,
    Analysis,
    Decision,
    Goal,
    Meeting,
    MeetingInvitee,
    Plan,
    PlanVersion,
    Scenario,
    SolutionDirection,
)
from planning.versioning import plan_snapshot
from zvh.tests.factories import OrganisationFactory, UserFactory


def _next_week_at(hour: int):
    day = timezone.localdate() + timedelta(days=7)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


class MeetingFactory(DjangoModelFactory):
    """An overleg next week; traits: `covered` (agenda a–d discussed), `held`, `cancelled`, `past`."""

    class Meta:
        model = Meeting

    case = factory.SubFactory(CaseFactory, overleg=True)
    starts_at = factory.LazyFunction(lambda: _next_week_at(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1, minutes=30))
    location = "ZVH, vergaderruimte 2"
    organizer = factory.SelfAttribute("case.procesregisseur")

    class Params:
        covered = factory.Trait(**{name: True for name in AGENDA_FIELDS})
        all_conditions = factory.Trait(**{name: True for name in SUCCESS_CONDITION_FIELDS})
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7)))
        held = factory.Trait(past=True, status=MeetingStatus.HELD, minutes="Goed overleg.")
        cancelled = factory.Trait(status=MeetingStatus.CANCELLED, cancel_reason="Ziekte")


class MeetingInviteeFactory(DjangoModelFactory):
    """A professional invited by user account; traits `youth`, `parent` for the family."""

    class Meta:
        model = MeetingInvitee
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    role = InviteeRole.PROFESSIONAL
    user = factory.SubFactory(UserFactory, region=factory.SelfAttribute("..meeting.case.region"))
    organisation = factory.SelfAttribute("user.organisation")
    name = factory.LazyAttribute(lambda o: o.user.get_full_name() if o.user else "")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")

    class Params:
        youth = factory.Trait(role=InviteeRole.JEUGDIGE, user=None, organisation=None, name="Noah", email="")
        parent = factory.Trait(role=InviteeRole.OUDER, user=None, organisation=None, name="Linda Verbeek",
                               email="linda@example.nl")

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        if create:
            sync_case_permissions(self.meeting.case)


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = "School zoekt een passende plek."


class PlanFactory(DjangoModelFactory):
    """A plan with its analysis and scenarios A and B.

    Traits: `complete` (everything adoption needs: analysis, a goal, an activity in A and in B,
    B's trigger, a casusregisseur, a first check-in) and `adopted` (complete, and version 1 frozen).
    """

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory, plan=True)

    class Params:
        complete = factory.Trait(
            casusregisseur=factory.SubFactory(UserFactory, region=factory.SelfAttribute("..case.region")),
            first_checkin_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14)),
            information_agreements="De casusregisseur belt elke twee weken alle partijen.",
            content__complete=True,
        )
        adopted = factory.Trait(complete=True, content__adopted=True)

    @factory.post_generation
    def content(self, create, extracted, complete=False, adopted=False, **kwargs):
        if not create:
            return
        Analysis.objects.create(plan=self, facts="Noah gaat sinds maart niet naar school." if complete else "")
        a = Scenario.objects.create(plan=self, kind="A", description="Terug naar school met steun.")
        b = Scenario.objects.create(plan=self, kind="B", description="Tijdelijke plek elders.",
                                    trigger="Als Noah na zes weken nog niet naar school gaat." if complete else "")
        if complete:
            goal = Goal.objects.create(plan=self, text="Noah gaat elke dag naar school en voelt zich veilig.",
                                       position=1)
            org = OrganisationFactory(region=self.case.region, name=f"School {self.case.reference}")
            Activity.objects.create(scenario=a, what="Gesprek met school over een passende plek", goal=goal,
                                    organisation=org, responsible_name="Mentor", due_date=date(2026, 12, 1))
            Activity.objects.create(scenario=b, what="Plek zoeken op een andere school", goal=goal,
                                    organisation=org, responsible_name="Zorgcoördinator",
                                    due_date=date(2027, 1, 15))
        if adopted:
            self.status = PlanStatus.ADOPTED
            self.adopted_at = timezone.now()
            self.save(update_fields=["status", "adopted_at"])
            PlanVersion.objects.create(plan=self, number=self.version, snapshot=plan_snapshot(self),
                                       adopted_by=self.case.procesregisseur)
        sync_case_permissions(self.case)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = "Noah heeft een vaste plek op school."


class ActivityFactory(DjangoModelFactory):
    """An activity of plan A (trait `plan_b` for plan B); `responsible_user` grants the partner view."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    class Params:
        plan = factory.SubFactory(PlanFactory)
        plan_b = False

    scenario = factory.LazyAttribute(lambda o: o.plan.scenarios.get(kind="B" if o.plan_b else "A"))
    what = factory.Sequence(lambda n: f"Activiteit {n}")
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..plan.case.region"))
    responsible_name = "J. de Vries"
    due_date = date(2026, 12, 1)

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        if create:
            sync_case_permissions(self.scenario.plan.case)


class SolutionDirectionFactory(DjangoModelFactory):
    class Meta:
        model = SolutionDirection

    plan = factory.SubFactory(PlanFactory)
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..plan.case.region"))
    text = "Onderwijs-zorgarrangement"
