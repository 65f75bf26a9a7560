"""The procesregisseur registers a consent, withdraws it and sees what it affects, then opens the
case's access log and finds their own visit."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _intake_case():
    from cases.models import Case

    return Case.objects.filter(region__code="RR", stage="intake",
                               procesregisseur__username="rr-procesregisseur").order_by("pk").first()


def test_consent_withdrawal_and_access_log(page, live_server, demo_data, login, screenshot):
    case = _intake_case()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/")
    page.get_by_role("link", name="Privacy en toegangslog").click()

    page.get_by_role("link", name="Toestemming vastleggen").click()
    page.get_by_label("Gegeven door").select_option(index=1)
    page.get_by_label("Wijkteam Rotterdam-Noord").check()
    page.get_by_label("Welke informatie").fill("Gegevens over schoolverzuim en de hulp thuis")
    page.get_by_label("Gegeven op").fill("2026-10-01")
    page.get_by_role("button", name="Opslaan").click()
    assert "Toestemming vastgelegd." in page.content()

    # The wijkteam's access now rests on this consent.
    from cases.models import Involvement
    from privacy.models import Consent
    from zvh.models import User

    consent = Consent.objects.get(case=case)
    Involvement.objects.filter(case=case, organisation__name="Wijkteam Rotterdam-Noord").update(
        sharing_basis="toestemming", consent=consent, contact_user=User.objects.get(username="rr-casusregisseur"))

    page.get_by_test_id("consent").get_by_role("link", name="Intrekken").click()
    assert "Wijkteam Rotterdam-Noord" in page.get_by_test_id("withdraw-impact").inner_text()
    page.get_by_role("button", name="Intrekken").click()
    impact = page.get_by_test_id("withdraw-impact").inner_text()
    assert "handel dit af" in impact and "Wijkteam Rotterdam-Noord" in impact
    screenshot(page, "30-toestemming-ingetrokken")
    page.get_by_role("button", name="Delen beëindigen").click()
    assert "Het delen met Wijkteam Rotterdam-Noord is beëindigd." in page.content()

    page.get_by_role("link", name="Toegangslog").click()
    log = page.get_by_test_id("access-log").inner_text()
    assert "rr-procesregisseur" in log and f"/casussen/{case.uuid}/" in log
    screenshot(page, "31-toegangslog")
