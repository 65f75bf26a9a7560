"""The person-known check: only the triage team sees it, never how many cases, logged and throttled."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases import known_persons
from cases.tests.factories import CaseFactory, PersonFactory
from privacy.models import AccessLog
from zvh.tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _case_with(region, first="Noah", last="Verbeek", dob=date(2011, 3, 14), **kwargs):
    case = CaseFactory(region=region, **kwargs)
    PersonFactory(case=case, first_name=first, last_name=last, date_of_birth=dob)
    return case


def _page(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:referral_detail", kwargs={"case_uuid": case.uuid})).content.decode()


@pytest.mark.parametrize(("first", "last"), [
    ("Zoë", "Brouwër"), ("zoe", "BROUWER"), ("  Zoe ", "Brou wer"), ("Zoe", "Brou-wer"), ("Brouwer", "Zoe"),
])
def test_matching_ignores_case_diacritics_spacing_hyphens_and_name_order(first, last):
    assert known_persons.match_key(first, last, date(2011, 3, 14)) == known_persons.match_key(
        "Zoe", "Brouwer", date(2011, 3, 14))
    assert known_persons.match_key("Zoe", "Brouwer", date(2011, 3, 15)) != known_persons.match_key(
        "Zoe", "Brouwer", date(2011, 3, 14))
    assert known_persons.match_key("Zoe", "Brouwer", None) == ""


def test_zoe_brouwer_matches_zoe_brouwer_with_diacritics_for_the_triage_team(client):
    region = RegionFactory()
    _case_with(RegionFactory(name="ZVH Twente", contact_phone="053-0000005"), "Zoë", "Brouwër", intake=True)
    new = _case_with(region, "Zoe", "Brouwer")
    html = _page(client, UserFactory(procesregisseur=True, region=region), new)
    assert "is bekend bij ZVH Twente. Contact: 053-0000005" in html


def test_the_referrer_never_sees_a_hit_nor_that_there_is_none(client):
    region = RegionFactory()
    _case_with(region, intake=True)
    new = _case_with(region)
    html = _page(client, new.referred_by, new)
    assert "Al bekend?" not in html and "bekend bij" not in html and "known-check" not in html
    assert not AccessLog.objects.filter(view="cases:known_person_check").exists()


def test_other_region_hit_shows_only_the_zvh_and_contact_never_how_many_cases(client):
    twente = RegionFactory(name="ZVH Twente", contact_phone="053-0000005")
    first = _case_with(twente, intake=True)
    second = _case_with(twente, intake=True)
    region = RegionFactory()
    new = _case_with(region)
    html = _page(client, UserFactory(procesregisseur=True, region=region), new)
    assert html.count("is bekend bij ZVH Twente") == 1
    assert first.reference not in html and second.reference not in html


def test_own_region_hit_names_the_case_only_to_who_may_see_it_and_once_otherwise(client):
    region = RegionFactory()
    existing = _case_with(region, intake=True)
    _case_with(region, intake=True)
    new = _case_with(region)
    html = _page(client, existing.procesregisseur, new)
    assert f"komt ook voor in casus {existing.reference}" in html
    colleague_html = _page(client, UserFactory(procesregisseur=True, region=region), new)
    assert existing.reference not in colleague_html
    assert colleague_html.count(f"is al bekend bij {region.name}") == 1


def test_only_while_in_triage_and_only_for_procesregisseurs_of_the_region():
    region = RegionFactory()
    _case_with(region, intake=True)
    new = _case_with(region)
    assert known_persons.known_person_check(case=new, user=UserFactory(manager=True, region=region)) is None
    assert known_persons.known_person_check(case=new, user=UserFactory(procesregisseur=True)) is None
    accepted = _case_with(region, intake=True)
    assert known_persons.known_person_check(case=accepted, user=accepted.procesregisseur) is None


def test_every_check_is_a_search_in_the_access_log(client):
    region = RegionFactory()
    new = _case_with(region)
    member = UserFactory(procesregisseur=True, region=region)
    _page(client, member, new)
    entry = AccessLog.objects.get(view="cases:known_person_check")
    assert (entry.event, entry.outcome, entry.case_id, entry.user_id) == ("search", "success", new.pk, member.pk)


def test_checks_are_rate_limited_per_user(client, settings):
    settings.KNOWN_PERSON_CHECKS_PER_HOUR = 2
    region = RegionFactory()
    _case_with(RegionFactory(name="ZVH Twente"), intake=True)
    new = _case_with(region)
    member = UserFactory(procesregisseur=True, region=region)
    for _ in range(2):
        assert "is bekend bij ZVH Twente" in _page(client, member, new)
    html = _page(client, member, new)
    assert "te vaak gecontroleerd" in html and "ZVH Twente" not in html
    assert list(AccessLog.objects.filter(view="cases:known_person_check").order_by("pk")
                .values_list("outcome", flat=True)) == ["success", "success", "refused"]
    # Another member of the team has their own allowance.
    assert "is bekend bij ZVH Twente" in _page(client, UserFactory(procesregisseur=True, region=region), new)
