"""The procesregisseur's caseload: rows with the youth, days in stage, next action and escalation; what needs
attention first; search by name (diacritics ignored) within the user's own cases only; a fixed number of
queries whatever the caseload."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from monitoring.tests.factories import CheckInFactory, EscalationFactory, monitoring_case
from planning.tests.factories import MeetingFactory
from privacy.models import AccessLog
from zvh.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows(response):
    return list(response.context["page"].object_list)


def test_rows_show_youth_days_in_stage_next_action_term_and_escalation_age(client):
    case = monitoring_case(stage_entered_at=timezone.now() - timedelta(days=12))
    pr = case.procesregisseur
    PersonFactory(case=case, role="jeugdige", first_name="Lotte", last_name="de Vries")
    CheckInFactory(case=case, scheduled_on=timezone.localdate() - timedelta(days=2))
    EscalationFactory(case=case, raised_at=timezone.now() - timedelta(days=3))
    calm = CaseFactory(region=case.region, overleg=True, procesregisseur=pr)
    MeetingFactory(case=calm, starts_at=timezone.now() + timedelta(days=2),
                   ends_at=timezone.now() + timedelta(days=2, hours=1))
    client.force_login(pr)
    response = client.get(reverse("cases:my_cases"))
    rows = _rows(response)
    assert rows[0] == case  # an open escalation first
    html = response.content.decode()
    assert "Lotte de Vries" in html
    assert "12 dagen in fase" in html
    assert "Opschaling open, 3 dagen" in html
    first = rows[0]
    assert first.row_next.label == "Monitormoment" and first.row_next.overdue
    assert rows[1].row_next.label == "Overleg"
    assert rows[1].term_on == timezone.localdate(calm.stage_entered_at) + timedelta(days=28)


def test_search_finds_zoe_for_zoe_with_diaeresis_only_in_the_users_cases(client):
    pr = UserFactory(procesregisseur=True)
    mine = CaseFactory(region=pr.region, intake=True, procesregisseur=pr)
    PersonFactory(case=mine, role="jeugdige", first_name="Zoë", last_name="Brouwer")
    colleague_case = CaseFactory(region=pr.region, intake=True)  # same region, not mine
    PersonFactory(case=colleague_case, first_name="Zoe", last_name="Jansen")
    elsewhere = CaseFactory(intake=True)  # another region
    PersonFactory(case=elsewhere, first_name="Zoe", last_name="Smit")
    client.force_login(pr)
    for query in ("Zoe", "zoë", "ZOE BR", "brouw"):
        response = client.get(reverse("cases:my_cases"), {"q": query})
        assert _rows(response) == [mine], query
        html = response.content.decode()
        assert "Gevonden op naam: Zoë Brouwer (jeugdige)" in html
        # Full names: the logged-in user's random name may contain "Smit" (Isis Smits).
        assert "Zoe Jansen" not in html and "Zoe Smit" not in html
        assert colleague_case.reference not in html and elsewhere.reference not in html


def test_search_by_organisation_and_reference_says_why(client):
    pr = UserFactory(procesregisseur=True)
    case = CaseFactory(region=pr.region, intake=True, procesregisseur=pr)
    InvolvementFactory(case=case, organisation=OrganisationFactory(region=pr.region, name="Wijkteam Noord"))
    client.force_login(pr)
    html = client.get(reverse("cases:my_cases"), {"q": "wijkteam"}).content.decode()
    assert "Gevonden op organisatie: Wijkteam Noord" in html
    html = client.get(reverse("cases:my_cases"), {"q": case.reference[-6:]}).content.decode()
    assert f"Gevonden op kenmerk: {case.reference}" in html


def test_region_list_never_finds_by_name(client):
    pr = UserFactory(procesregisseur=True)
    other = CaseFactory(region=pr.region, intake=True)
    PersonFactory(case=other, first_name="Geheimenaam", last_name="Verborgen")
    client.force_login(pr)
    response = client.get(reverse("cases:region_list"), {"q": "Geheimenaam"})
    assert _rows(response) == []
    assert "Verborgen" not in response.content.decode() and other.reference not in response.content.decode()


def test_a_name_search_is_in_the_access_log_as_a_search_without_the_term(client):
    pr = UserFactory(procesregisseur=True)
    client.force_login(pr)
    client.get(reverse("cases:my_cases"), {"q": "Lotte"})
    entry = AccessLog.objects.filter(user_id=pr.pk).latest("pk")
    assert entry.event == "search"
    assert "Lotte" not in entry.path


def test_sort_options_are_dutch(client):
    pr = UserFactory(procesregisseur=True)
    client.force_login(pr)
    html = client.get(reverse("cases:my_cases")).content.decode()
    for label in ("Wat aandacht vraagt eerst", "Nieuwste aanmelding eerst", "Langst in de fase eerst",
                  "Urgentste eerst"):
        assert label in html
    for english in ("Opened", "In stage", "descending"):
        assert english not in html


def _caseload(pr, n):
    for i in range(n):
        case = monitoring_case(procesregisseur=pr, region=pr.region)
        PersonFactory(case=case, role="jeugdige")
        CheckInFactory(case=case)
        if i % 2:
            EscalationFactory(case=case)
        MeetingFactory(case=case, starts_at=timezone.now() + timedelta(days=1),
                       ends_at=timezone.now() + timedelta(days=1, hours=1))


@pytest.mark.parametrize("url_name", ["cases:my_cases", "home", "monitoring:agenda"])
def test_caseload_queries_do_not_grow_with_the_cases(client, django_assert_max_num_queries, url_name):
    pr = UserFactory(procesregisseur=True)
    client.force_login(pr)
    client.get(reverse("home"))  # the first request of a session records the activity
    counts = []
    for n in (2, 12):
        _caseload(pr, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name), {"q": "a"} if url_name == "cases:my_cases" else {}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(30):
        client.get(reverse(url_name))


def test_a_name_is_found_only_while_the_user_may_read_it_never_by_a_party_contact_or_after_closing(client):
    from cases import services
    from cases.models import Case
    from cases.permissions import sync_case_permissions

    case = monitoring_case()
    PersonFactory(case=case, role="jeugdige", first_name="Zoë", last_name="Kramer")
    casusregisseur = case.plan.casusregisseur
    partner = UserFactory(region=case.region)
    services.involvement_add(case=case, actor=case.procesregisseur, organisation=partner.organisation,
                             contact_user=partner)
    assert partner.has_perm("cases.view_shared", case)
    client.force_login(partner)
    for query in ("Zoe", "Kramer"):
        response = client.get(reverse("cases:my_cases"), {"q": query})
        assert _rows(response) == [] and "Gevonden op naam" not in response.content.decode(), query
    client.force_login(casusregisseur)
    assert _rows(client.get(reverse("cases:my_cases"), {"q": "zoe"})) == [case]
    Case.objects.filter(pk=case.pk).update(stage="closed", closed_at=timezone.now())
    sync_case_permissions(Case.objects.get(pk=case.pk))
    response = client.get(reverse("cases:my_cases"), {"q": "zoe"})
    assert _rows(response) == [] and case.reference not in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_on_postgresql_a_partial_name_search_uses_the_trigram_index():
    from cases.models import Person
    from cases.search import normalise

    pr = UserFactory(procesregisseur=True)
    PersonFactory(case=CaseFactory(region=pr.region, intake=True, procesregisseur=pr), first_name="Zoë")
    people = Person.objects.filter(search_name__contains=normalise("Zoë"))
    with connection.cursor() as cursor:
        # The test table is tiny, so the planner would read it whole (or walk the primary key): ask whether
        # the trigram index can serve the search at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = people.explain()
    assert "cases_person_search_name_trgm" in plan
    assert [p.first_name for p in people] == ["Zoë"]
