from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStage, PersonRole, Urgency
from cases.models import Case, Involvement, Person
from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from zvh.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pr_client(client, procesregisseur):
    client.force_login(procesregisseur)
    return client


def _url(name, case):
    return reverse(f"cases:{name}", kwargs={"case_uuid": case.uuid})


# -- registration -----------------------------------------------------------------------------

def _registration_data(org, **overrides):
    data = {
        "reason": "School en wijkteam werken langs elkaar heen",
        "referrer_goal": "Eén gedragen plan",
        "urgency": Urgency.VERHOOGD,
        "referrer_organisation": org.pk,
        "referrer_name": "",
        "referrer_contact": "",
        "legal_basis": "publieke_taak",
        "basis_justification": "Jeugdwet: taak van het wijkteam",
        "persons-TOTAL_FORMS": "3", "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "0", "persons-MAX_NUM_FORMS": "10",
        "persons-0-role": PersonRole.JEUGDIGE, "persons-0-first_name": "Noah",
        "persons-0-last_name": "Verbeek", "persons-0-date_of_birth": "2011-03-14", "persons-0-relation": "",
        "persons-1-role": PersonRole.JEUGDIGE, "persons-2-role": PersonRole.JEUGDIGE,
        "parties-TOTAL_FORMS": "3", "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0", "parties-MAX_NUM_FORMS": "10",
        "parties-0-organisation": org.pk, "parties-0-contact_name": "J. de Wit",
        "parties-0-contact_email": "j.dewit@example.nl", "parties-0-contact_phone": "010-1234567",
    }
    data.update(overrides)
    return data


def test_partner_registers_a_case_and_sees_the_referral(client):
    partner = UserFactory()
    client.force_login(partner)
    response = client.post(reverse("cases:register"), _registration_data(partner.organisation))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("referral_detail", case)
    person = case.persons.get()
    assert (person.first_name, person.source_organisation, person.legal_basis) == (
        "Noah", partner.organisation, "publieke_taak")
    assert person.basis_justification == "Jeugdwet: taak van het wijkteam"
    party = case.involvements.get()
    assert (party.contact_name, party.to_invite) == ("J. de Wit", True)
    page = client.get(response["Location"]).content.decode()
    assert "Nog niet getrieerd" in page
    assert "Al bekend?" not in page and "known-check" not in page  # the referrer never sees the check


def test_registration_with_future_birth_date_keeps_everything_typed(client):
    partner = UserFactory()
    client.force_login(partner)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(reverse("cases:register"), _registration_data(
        partner.organisation, **{"persons-0-date_of_birth": future}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze datum ligt in de toekomst." in html
    assert "School en wijkteam werken langs elkaar heen" in html
    assert 'value="Verbeek"' in html and 'value="j.dewit@example.nl"' in html
    assert not Case.objects.exists()


def test_registration_needs_a_person_and_refuses_a_party_twice(client):
    partner = UserFactory()
    org = partner.organisation
    client.force_login(partner)
    response = client.post(reverse("cases:register"), _registration_data(
        org, **{"persons-0-first_name": "", "persons-0-last_name": "", "persons-0-date_of_birth": "",
                "parties-1-organisation": org.pk}))
    html = response.content.decode()
    assert "Noem minstens één persoon" in html
    assert "Deze partij staat al in de lijst." in html
    assert not Case.objects.exists()


# -- triage -----------------------------------------------------------------------------------

def test_team_triages_and_the_referrer_sees_outcome_and_explanation(client, procesregisseur):
    case = CaseFactory(region=procesregisseur.region)
    client.force_login(procesregisseur)
    response = client.post(_url("triage", case), {
        "decision": "accepted", "explanation": "Procesregie helpt hier", "procesregisseur": procesregisseur.pk})
    assert response["Location"] == _url("case_detail", case)
    client.force_login(case.referred_by)
    html = client.get(_url("referral_detail", case)).content.decode()
    assert "Opgepakt voor procesregie" in html and "Procesregie helpt hier" in html


def test_referring_elsewhere_needs_the_destination(client, procesregisseur):
    case = CaseFactory(region=procesregisseur.region)
    client.force_login(procesregisseur)
    response = client.post(_url("triage", case), {"decision": "referred", "explanation": "Elders beter"})
    assert response.status_code == 200
    assert "Vul in naar wie de aanmelding is doorverwezen." in response.content.decode()
    case.refresh_from_db()
    assert case.stage == CaseStage.AANMELDING


# -- intake -----------------------------------------------------------------------------------

def test_empty_zorgvraag_is_refused_with_a_dutch_message(client):
    case = CaseFactory(intake=True, zorgvraag="oud")
    client.force_login(case.procesregisseur)
    response = client.post(_url("intake_edit", case), {"zorgvraag": "  ", "urgency": "spoed",
                                                       "version": case.version})
    assert response.status_code == 200
    assert "Beschrijf de zorgvraag." in response.content.decode()
    case.refresh_from_db()
    assert case.zorgvraag == "oud"


def test_concurrent_intake_edits_do_not_overwrite_each_other(client):
    case = CaseFactory(intake=True, zorgvraag="oud")
    client.force_login(case.procesregisseur)
    loaded_version = case.version
    first = client.post(_url("intake_edit", case), {"zorgvraag": "van collega", "urgency": "regulier",
                                                    "version": loaded_version})
    assert first.status_code == 302
    second = client.post(_url("intake_edit", case), {"zorgvraag": "mijn tekst", "urgency": "spoed",
                                                     "version": loaded_version})
    html = second.content.decode()
    assert second.status_code == 200
    assert "Iemand anders heeft de zorgvraag intussen gewijzigd" in html
    assert "mijn tekst" in html and "van collega" in html
    case.refresh_from_db()
    assert case.zorgvraag == "van collega"


def test_person_with_future_birth_date_is_refused(client):
    case = CaseFactory(intake=True)
    client.force_login(case.procesregisseur)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(_url("person_add", case), {"role": "jeugdige", "first_name": "Lotte",
                                                      "last_name": "Hendriks", "date_of_birth": future})
    html = response.content.decode()
    assert "Deze datum ligt in de toekomst." in html and 'value="Hendriks"' in html
    assert not Person.objects.exists()


def test_duplicate_party_is_refused_on_the_field(client):
    case = CaseFactory(intake=True)
    party = InvolvementFactory(case=case)
    client.force_login(case.procesregisseur)
    response = client.post(_url("involvement_add", case), {
        "organisation": party.organisation_id, "contact_name": "Nieuwe naam", "is_current": "on"})
    html = response.content.decode()
    assert "Deze organisatie is al als partij bij deze casus betrokken." in html
    assert 'value="Nieuwe naam"' in html
    assert Involvement.objects.count() == 1


def test_contact_user_of_a_party_gets_no_case_page_yet(client):
    case = CaseFactory(intake=True)
    partner = UserFactory(region=case.region)
    client.force_login(case.procesregisseur)
    client.post(_url("involvement_add", case), {
        "organisation": partner.organisation_id, "contact_user": partner.pk, "is_current": "on",
        "to_invite": "on", "ask_content": "on", "sharing_basis": "publieke_taak"})
    assert Case.objects.visible_to(partner, "view_shared").get() == case
    client.force_login(partner)
    assert client.get(_url("case_detail", case)).status_code == 404


def test_information_item_records_source_date_and_legal_basis(client):
    case = CaseFactory(intake=True)
    party = InvolvementFactory(case=case)
    client.force_login(case.procesregisseur)
    response = client.post(_url("information_add", case), {
        "source": party.pk, "content": "Verzuim sinds september", "received_on": "2026-10-01",
        "legal_basis": "publieke_taak", "justification": "Leerplichtwet"})
    assert response.status_code == 302
    item = case.information_items.get()
    assert (item.source, item.received_on, item.legal_basis) == (party, date(2026, 10, 1), "publieke_taak")


# -- the case page and transitions ------------------------------------------------------------

def test_case_page_shows_stepper_guidance_timeline_and_questions(client):
    case = CaseFactory(intake=True)
    client.force_login(case.procesregisseur)
    html = client.get(_url("case_detail", case)).content.decode()
    assert 'aria-current="step"' in html
    assert "Wat was de vraag?" in html and "Helpt wat we doen?" in html
    assert "minstens één partij is aangemerkt om uit te nodigen".capitalize() in html
    assert "Tip bij deze stap" in html


def test_refused_transition_tells_the_missing_condition(client):
    case = CaseFactory(intake=True)
    client.force_login(case.procesregisseur)
    response = client.post(_url("transition", case), {"to_stage": "overleg", "reason": ""})
    html = response.content.decode()
    assert "Deze stap kan nog niet: minstens één partij is aangemerkt om uit te nodigen." in html
    case.refresh_from_db()
    assert case.stage == CaseStage.INTAKE


def test_transition_appears_on_the_timeline(client):
    case = CaseFactory(intake=True)
    InvolvementFactory(case=case)
    client.force_login(case.procesregisseur)
    response = client.post(_url("transition", case), {"to_stage": "overleg", "reason": "Beeld compleet"},
                           follow=True)
    html = response.content.decode()
    assert "Fase: Intake → Overleg" in html and "Beeld compleet" in html


# -- lists ------------------------------------------------------------------------------------

def test_my_cases_filters_searches_sorts_and_paginates(client, procesregisseur, settings):
    settings.CASES_PER_PAGE = 2
    region = procesregisseur.region
    spoed = CaseFactory(region=region, intake=True, procesregisseur=procesregisseur, urgency=Urgency.SPOED)
    CaseFactory(region=region, overleg=True, procesregisseur=procesregisseur)
    CaseFactory(region=region, overleg=True, procesregisseur=procesregisseur)
    stale = CaseFactory(region=region, monitoring=True, procesregisseur=procesregisseur,
                        last_activity_at=timezone.now() - timedelta(days=60))
    CaseFactory(region=region, intake=True)  # a colleague's: not in my list
    client.force_login(procesregisseur)
    url = reverse("cases:my_cases")
    first = client.get(url)
    assert first.context["page"].paginator.count == 4
    assert first.context["page"].object_list[0] == spoed  # most urgent first
    assert [c.stage for c in client.get(url, {"stage": "overleg"}).context["page"].paginator.object_list] == [
        "overleg", "overleg"]
    assert list(client.get(url, {"signal": "stagnating"}).context["page"].object_list) == [stale]
    assert list(client.get(url, {"q": spoed.reference}).context["page"].object_list) == [spoed]
    by_ref = client.get(url, {"sort": "reference"}).context["page"].paginator.object_list
    assert [c.reference for c in by_ref] == sorted(c.reference for c in by_ref)
    page2 = client.get(url, {"page": 2})
    assert page2.context["page"].number == 2
    assert len(page2.context["page"].object_list) == 2
    assert "page=1" in page2.content.decode()


def test_overdue_filter_uses_the_stage_norm(client, procesregisseur):
    region = procesregisseur.region
    late = CaseFactory(region=region, intake=True, procesregisseur=procesregisseur,
                       stage_entered_at=timezone.now() - timedelta(days=30))
    CaseFactory(region=region, intake=True, procesregisseur=procesregisseur)
    client.force_login(procesregisseur)
    response = client.get(reverse("cases:my_cases"), {"signal": "overdue"})
    assert list(response.context["page"].object_list) == [late]
    assert "Termijn verstreken" in response.content.decode()


def test_region_list_shows_no_content_and_hands_over_a_caseload(client, procesregisseur):
    region = procesregisseur.region
    leaving = UserFactory(procesregisseur=True, region=region)
    cases = [CaseFactory(region=region, intake=True, procesregisseur=leaving) for _ in range(2)]
    PersonFactory(case=cases[0], first_name="Geheimenaam")
    client.force_login(procesregisseur)
    html = client.get(reverse("cases:region_list")).content.decode()
    assert cases[0].reference in html and "Geheimenaam" not in html and cases[0].reason not in html
    response = client.post(reverse("cases:reassign"), {"from_user": leaving.pk, "to_user": procesregisseur.pk,
                                                       "reason": "Vertrek"})
    assert response.status_code == 302
    assert set(Case.objects.visible_to(procesregisseur)) == set(cases)
    assert not Case.objects.visible_to(leaving).exists()


def test_a_former_procesregisseur_with_open_cases_is_offered_for_hand_over_and_an_outsider_is_not(client,
                                                                                                   procesregisseur):
    region = procesregisseur.region
    former = UserFactory(procesregisseur=True, region=region)
    case = CaseFactory(region=region, intake=True, procesregisseur=former)
    former.function, former.is_active = "manager", False
    former.save(update_fields=["function", "is_active"])
    outsider = UserFactory(procesregisseur=True)  # another region, no cases here
    client.force_login(procesregisseur)
    offered = set(client.get(reverse("cases:region_list")).context["reassign_form"].fields["from_user"].queryset)
    assert former in offered and procesregisseur in offered and outsider not in offered
    response = client.post(reverse("cases:reassign"), {"from_user": former.pk, "to_user": procesregisseur.pk,
                                                       "reason": "Vertrokken"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.procesregisseur == procesregisseur


def test_reassign_without_selection_is_refused_in_dutch(client, procesregisseur):
    client.force_login(procesregisseur)
    response = client.post(reverse("cases:reassign"), {"to_user": procesregisseur.pk})
    assert "Kies casussen of een collega" in response.content.decode()


# -- query bounds -----------------------------------------------------------------------------

def _caseload(procesregisseur, n):
    region = procesregisseur.region
    org = OrganisationFactory(region=region)
    for i in range(n):
        case = CaseFactory(region=region, intake=True, procesregisseur=procesregisseur,
                           referred_by=procesregisseur, urgency=[Urgency.REGULIER, Urgency.SPOED][i % 2])
        PersonFactory(case=case)
        InvolvementFactory(case=case, organisation=org)
    return case


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize("url_name", ["cases:my_cases", "cases:region_list", "home"])
def test_list_queries_do_not_grow_with_the_caseload(client, procesregisseur, django_assert_max_num_queries,
                                                     size, url_name):
    _caseload(procesregisseur, size)
    client.force_login(procesregisseur)
    with django_assert_max_num_queries(21):  # home: + the follow-ups (issue 15)
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 200])
def test_case_page_queries_do_not_grow(client, procesregisseur, django_assert_max_num_queries, size):
    case = _caseload(procesregisseur, size)
    for i in range(size // 10):
        PersonFactory(case=case, first_name=f"Kind{i}")
    client.force_login(procesregisseur)
    with django_assert_max_num_queries(33):  # + contacts, evaluation trend, other tables (issue 15)
        response = client.get(_url("case_detail", case))
    assert response.status_code == 200


def test_a_closed_case_is_read_only(client):
    """The policy grants no write on a closed case: its write URLs are 404 even for its procesregisseur."""
    case = CaseFactory(closed=True, zorgvraag="oud")
    client.force_login(case.procesregisseur)
    response = client.post(_url("intake_edit", case), {"zorgvraag": "nieuw", "urgency": "spoed",
                                                       "version": case.version})
    assert response.status_code == 404
    response = client.post(_url("person_add", case), {"role": "jeugdige", "first_name": "A", "last_name": "B"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.zorgvraag == "oud" and not case.persons.exists()
    html = client.get(_url("case_detail", case)).content.decode()
    assert "afgesloten en alleen nog te lezen" in html
    assert 'data-testid="transition-form"' not in html and "Zorgvraag bewerken" not in html
