"""Shared set-up of the practice tests: the shipped scenarios, a trainee and a play in progress."""

from datetime import timedelta

from django.utils import timezone

from cases.constants import TriageDecision
from cases.services import case_triage, involvement_add
from practice import simulation
from practice.demo import load_scenarios
from practice.models import Scenario
from practice.spaces import practice_start
from zvh.models import Organisation
from zvh.tests.factories import RegionFactory, UserFactory


def scenario(slug="schoolverzuim-politie") -> Scenario:
    load_scenarios()
    return Scenario.objects.get(slug=slug)


def trainee(**kwargs):
    return UserFactory(procesregisseur=True, region=kwargs.pop("region", None) or RegionFactory(), **kwargs)


def start(capture, user=None, slug="schoolverzuim-politie"):
    """A play of `slug`, with what fires at its start fired (the on-commit callbacks run)."""
    with capture(execute=True):
        return practice_start(trainee=user or trainee(), scenario=scenario(slug))


def triaged(capture, play):
    """The aanmelding accepted by the practice account, who becomes its procesregisseur (intake)."""
    account = play.space.account
    with capture(execute=True):
        case_triage(case=play.case, actor=account, decision=TriageDecision.ACCEPTED, explanation="Oppakken",
                    procesregisseur=account)
    play.case.refresh_from_db()
    return play


def organisation(play, key) -> Organisation:
    return simulation.organisation(play, key)


def involve(capture, play, key):
    with capture(execute=True):
        return involvement_add(case=play.case, actor=play.space.account, organisation=organisation(play, key),
                               contact_user=simulation.simulated_partner(play, key))


def advance(capture, play, days):
    with capture(execute=True):
        simulation.advance(practice_case=play, days=days, actor=play.space.account)
    play.refresh_from_db()
    play.case.refresh_from_db()


def fired(play) -> list[str]:
    return list(play.fired.order_by("pk").values_list("key", flat=True))


def next_week():
    start_at = timezone.now() + timedelta(days=7)
    return start_at, start_at + timedelta(hours=1)
