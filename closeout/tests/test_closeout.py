from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from cases.constants import CaseStage
from cases.tests.factories import CaseFactory
from closeout import services as closeout
from closeout.models import CloseOut, Evaluation
from monitoring import reminders
from monitoring.models import CheckIn, Notification
from monitoring.services import MonitoringRefused
from monitoring.tests.factories import monitoring_case
from privacy.retention import apply_retention

pytestmark = pytest.mark.django_db

CRITERIA = {
    "care_organised": (True, "Hulp is goed georganiseerd"),
    "family_self_reliant": (False, "Nog niet"),
    "regie_handed_over": (True, "Wijkteam heeft de regie"),
}


def _url(name, case):
    return reverse(f"closeout:{name}", kwargs={"case_uuid": case.uuid})


def _closeout_post(**overrides):
    data = {
        "care_organised": "on", "care_organised_explanation": "Hulp is goed georganiseerd",
        "family_self_reliant_explanation": "Moeder heeft nog steun nodig",
        "regie_handed_over": "on", "regie_handed_over_explanation": "Wijkteam houdt de regie",
        "handover_to": "F. El Idrissi, casusregisseur", "handover_what": "Plan en afspraken",
        "nazorg_on": "", "evaluate": "yes", "no_evaluation_reason": "",
    }
    data.update(overrides)
    return data


def test_close_out_is_refused_while_a_criterion_has_no_explanation(client):
    case = monitoring_case()
    client.force_login(case.procesregisseur)
    response = client.post(_url("closeout", case), _closeout_post(family_self_reliant_explanation=""))
    html = response.content.decode()
    assert "Licht toe of dit criterium geldt" in html
    assert "Hulp is goed georganiseerd" in html  # what was typed stays
    assert not CloseOut.objects.exists()
    case.refresh_from_db()
    assert case.stage == CaseStage.MONITORING


def test_close_out_needs_a_criterion_that_holds_and_a_recipient_for_the_handover():
    case = monitoring_case()
    with pytest.raises(MonitoringRefused, match="minstens één criterium"):
        closeout.closeout_record(case=case, actor=case.procesregisseur,
                                 criteria={k: (False, "uitleg") for k in CRITERIA})
    with pytest.raises(MonitoringRefused, match="aan wie de regie"):
        closeout.closeout_record(case=case, actor=case.procesregisseur, criteria=CRITERIA, handover_to="")


def test_close_out_records_handover_schedules_nazorg_and_moves_to_afschalen(client):
    case = monitoring_case()
    client.force_login(case.procesregisseur)
    nazorg = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(_url("closeout", case), _closeout_post(nazorg_on=nazorg))
    assert response.status_code == 302
    close_out = CloseOut.objects.get(case=case)
    assert (close_out.handover_to, close_out.criteria_met, close_out.evaluate) == (
        "F. El Idrissi, casusregisseur", 2, True)
    nazorg_checkin = CheckIn.objects.get(case=case, kind="nazorg")
    assert nazorg_checkin.scheduled_on.isoformat() == nazorg
    case.refresh_from_db()
    assert case.stage == CaseStage.AFSCHALEN
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert "Wijkteam houdt de regie" in html and "Nazorgcontact op" in html


def _closed_with_nazorg_on(day):
    """A case closed on 23-11-2026 (afschalen, evaluation skipped) with a nazorg moment on `day`."""
    with freeze_time("2026-11-23 09:00:00+01:00"):
        case = monitoring_case()
        closeout.closeout_record(case=case, actor=case.procesregisseur, criteria=CRITERIA,
                                 handover_to="Wijkteam", nazorg_on=day, evaluate=False,
                                 no_evaluation_reason="Gezin wil geen evaluatie")
        closeout.evaluation_skip(case=case, actor=case.procesregisseur, reason="Gezin wil geen evaluatie")
    return case


def test_the_nazorg_reminder_fires_once_even_after_the_case_is_closed():
    case = _closed_with_nazorg_on(date(2027, 2, 1))
    with freeze_time("2026-11-23 09:00:00+01:00"):
        case.refresh_from_db()
        assert case.stage == CaseStage.CLOSED
        assert reminders.sweep() == 0
    with freeze_time("2027-02-01 08:00:00+01:00"):
        assert reminders.sweep() == 1
        assert reminders.sweep() == 0
    note = Notification.objects.get()
    assert (note.recipient, note.kind) == (case.procesregisseur, "checkin_due")


def test_a_nazorg_moment_left_open_reminds_nobody_once_the_case_is_anonymised():
    """After the retention term a forgotten nazorg moment stays silent: a reminder would write the
    anonymised case's reference into a new notification and e-mail (found by the benchmark)."""
    case = _closed_with_nazorg_on(date(2027, 2, 1))
    with freeze_time("2030-01-01 08:00:00+01:00"):
        assert [c.pk for c in apply_retention().cases] == [case.pk]
        assert reminders.sweep() == 0
    assert not Notification.objects.exists()


def test_skipping_the_evaluation_needs_a_reason(client):
    case = CaseFactory(evaluatie=True)
    client.force_login(case.procesregisseur)
    response = client.post(_url("evaluation_skip", case), {"reason": ""})
    assert "Leg vast waarom er geen evaluatie komt." in response.content.decode()
    case.refresh_from_db()
    assert case.stage == CaseStage.EVALUATIE


def test_evaluation_closes_the_case_after_a_confirmation_page(client):
    case = CaseFactory(evaluatie=True)
    client.force_login(case.procesregisseur)
    answers = {"participants": "Wijkteam, school, moeder", "went_well": "Snel met alle partijen om tafel",
               "to_improve": "School eerder erbij halen", "learned": "Altijd school uitnodigen bij verzuim"}
    first = client.post(_url("evaluation", case), answers)
    assert first.status_code == 200 and 'data-testid="confirm-page"' in first.content.decode()
    assert "De casus wordt afgesloten" in first.content.decode()
    case.refresh_from_db()
    assert case.stage == CaseStage.EVALUATIE  # nothing happened yet
    back = client.post(_url("evaluation", case), {**answers, "edit": "1"})
    assert 'data-testid="case-form"' in back.content.decode() and "Altijd school uitnodigen" in back.content.decode()
    response = client.post(_url("evaluation", case), {**answers, "confirm": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED and case.closed_at is not None
    assert Evaluation.objects.get(case=case).learned == "Altijd school uitnodigen bij verzuim"




def test_the_confirmation_says_access_ends_and_after_it_the_casusregisseur_no_longer_gets_in(client):
    from cases.models import Case
    from cases.permissions import sync_case_permissions

    case = monitoring_case()
    Case.objects.filter(pk=case.pk).update(stage=CaseStage.EVALUATIE)
    case.refresh_from_db()
    sync_case_permissions(case)
    detail = reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})
    client.force_login(case.plan.casusregisseur)
    assert client.get(detail).status_code == 200
    client.force_login(case.procesregisseur)
    answers = {"participants": "Wijkteam, school, moeder", "went_well": "Snel met alle partijen om tafel",
               "to_improve": "School eerder erbij halen", "learned": "Altijd school uitnodigen bij verzuim"}
    page = client.post(_url("evaluation", case), answers).content.decode()
    assert "De casusregisseur en de partijen verliezen hun toegang tot de casus" in page
    assert "Na de bewaartermijn van de regio worden de persoonsgegevens gewist." in page
    client.post(_url("evaluation", case), {**answers, "confirm": "1"})
    assert client.get(detail).status_code == 200  # the procesregisseur keeps reading
    client.force_login(case.plan.casusregisseur)
    assert client.get(detail).status_code == 404


def test_skipping_the_evaluation_shows_what_happens_before_the_case_closes(client):
    case = CaseFactory(evaluatie=True)
    client.force_login(case.procesregisseur)
    data = {"reason": "Korte casus, geen nieuwe lessen"}
    page = client.post(_url("evaluation_skip", case), data).content.decode()
    assert 'data-testid="confirm-page"' in page and "De casus wordt afgesloten" in page
    assert "Korte casus, geen nieuwe lessen" in page
    case.refresh_from_db()
    assert case.stage == CaseStage.EVALUATIE
    assert client.post(_url("evaluation_skip", case), {**data, "confirm": "1"}).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED


@pytest.mark.parametrize("answer", ["x", "-", "ok ok", "n.v.t."])
def test_evaluation_answers_must_have_content(client, answer):
    case = CaseFactory(evaluatie=True)
    client.force_login(case.procesregisseur)
    response = client.post(_url("evaluation", case), {
        "participants": "Wijkteam, school", "went_well": answer, "to_improve": "School eerder erbij halen",
        "learned": "Altijd school uitnodigen bij verzuim", "confirm": "1"})
    assert "Geef een inhoudelijk antwoord van minstens 4 woorden." in response.content.decode()
    case.refresh_from_db()
    assert case.stage == CaseStage.EVALUATIE


def test_closing_from_the_case_page_asks_for_confirmation(client):
    case = CaseFactory(intake=True)
    client.force_login(case.procesregisseur)
    url = reverse("cases:transition", kwargs={"case_uuid": case.uuid})
    data = {"to_stage": "closed", "reason": "Aanmelding ingetrokken"}
    page = client.post(url, data).content.decode()
    assert "Casus afsluiten" in page and "Afgesloten" in page  # the stage's label, not its code
    case.refresh_from_db()
    assert case.stage == CaseStage.INTAKE
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED


def test_the_dashboards_short_criteria_are_the_same_criteria_in_the_same_order():
    from closeout.constants import CLOSE_OUT_CRITERIA, CLOSE_OUT_CRITERIA_SHORT

    assert list(CLOSE_OUT_CRITERIA_SHORT) == [field for field, _label in CLOSE_OUT_CRITERIA]
