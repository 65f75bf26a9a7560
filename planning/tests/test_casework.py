"""Issue 15: contacts between meetings with follow-ups, the evaluation questions as a trend, other tables."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from monitoring.models import Reminder
from monitoring.reminders import sweep
from planning import casework_services
from planning.constants import ContactMode, Helps
from planning.models import Contact

pytestmark = pytest.mark.django_db


def _case_page(client, case):
    return client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()


def test_a_contact_counts_as_activity_and_its_follow_up_is_reminded_and_on_the_start_page(client, pworld):
    case, casusregisseur = pworld.case, pworld.user("casusregisseur")
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    client.force_login(casusregisseur)
    response = client.post(reverse("planning:contact_add", kwargs={"case_uuid": case.uuid}), {
        "happened_on": timezone.localdate().isoformat(), "mode": ContactMode.PHONE, "with_whom": "Mentor",
        "about": "Rooster besproken", "follow_up": "Mentor belt terug",
        "follow_up_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.last_activity_at > timezone.now() - timedelta(minutes=1)
    assert "Mentor belt terug" in client.get(reverse("home")).content.decode()
    sweep()
    sweep()
    contact = Contact.objects.get(case=case)
    assert Reminder.objects.filter(subject=f"contact:{contact.pk}", recipient=casusregisseur).count() == 1
    client.post(reverse("planning:follow_up_done", kwargs={"case_uuid": case.uuid, "contact_id": contact.pk}))
    assert "Mentor belt terug" not in client.get(reverse("home")).content.decode()


def test_a_contact_in_the_future_is_refused_on_the_form(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(reverse("planning:contact_add", kwargs={"case_uuid": pworld.case.uuid}), {
        "happened_on": (timezone.localdate() + timedelta(days=2)).isoformat(), "mode": "phone",
        "with_whom": "Mentor", "about": "Typed text stays"})
    assert response.status_code == 200 and "Typed text stays" in response.content.decode()
    assert not Contact.objects.exists()


def test_evaluation_answers_are_shown_as_a_trend(client, pworld):
    case, actor = pworld.case, pworld.user("procesregisseur")
    for days, helps in ((20, Helps.NO), (10, Helps.PARTLY), (1, Helps.PARTLY)):
        casework_services.evaluation_answer(case=case, actor=actor, question="Naar school", intention="Elke dag",
                                            helps=helps, meeting=pworld.meeting,
                                            answered_on=timezone.localdate() - timedelta(days=days))
    client.force_login(actor)
    page = _case_page(client, case)
    trend = page[page.index('data-testid="evaluation-trend"'):]
    assert trend.index("Nee, het helpt") < trend.index("beter") < trend.index("gelijk")


def test_another_table_is_shown_with_a_warning_on_a_double_overleg(client, pworld):
    case, actor = pworld.case, pworld.user("procesregisseur")
    table = casework_services.other_table_record(case=case, actor=actor, name="Veiligheidshuis",
                                                 contact="Coördinator Jansen", agreed="Zij doen het strafdeel")
    client.force_login(actor)
    page = _case_page(client, case)
    assert 'data-testid="double-overleg"' in page and "Veiligheidshuis" in page
    casework_services.other_table_end(table=table, actor=actor)
    assert 'data-testid="double-overleg"' not in _case_page(client, case)


def test_the_casusregisseur_records_another_table_but_a_partner_cannot(client, pworld):
    url = reverse("planning:other_table_add", kwargs={"case_uuid": pworld.case.uuid})
    client.force_login(pworld.user("partner"))
    assert client.post(url, {"name": "ZAT"}).status_code == 404
    client.force_login(pworld.user("casusregisseur"))
    assert client.post(url, {"name": "ZAT"}).status_code == 302
    assert pworld.case.other_tables.get().name == "ZAT"
