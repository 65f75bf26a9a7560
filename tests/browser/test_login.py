import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_procesregisseur_logs_in_and_sees_home(page, live_server, demo_data, login, screenshot):
    login(page, "rr-procesregisseur")
    assert page.get_by_test_id("current-user").inner_text().startswith("Sanne Visser")
    assert page.get_by_test_id("home-procesregisseur").is_visible()
    assert page.get_by_role("link", name="Mijn casussen").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    screenshot(page, "01-home-procesregisseur")


def test_wrong_password_shows_dutch_error(page, live_server, demo_data, login):
    login(page, "rr-procesregisseur", password="fout-wachtwoord")
    assert "klopt niet" in page.locator("form").inner_text()
    assert page.url.endswith("/inloggen/")
