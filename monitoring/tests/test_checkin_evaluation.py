"""Issue 15: the continuous evaluation questions are answered at each check-in too, stored with the
check-in (planning.EvaluationAnswer.checkin_id) and shown in the trend on the case page."""

import pytest
from django.urls import reverse

from monitoring.tests.factories import CheckInFactory, monitoring_case
from planning.models import EvaluationAnswer

pytestmark = pytest.mark.django_db


def _record_url(case, checkin):
    return reverse("monitoring:checkin_record", kwargs={"case_uuid": case.uuid, "checkin_id": checkin.pk})


BASE = {"cooperation": "good", "progress": "School doet mee."}
ANSWERS = {"eval_question": "Noah weer naar school", "eval_intention": "Elke dag op school",
           "eval_helps": "partly", "eval_helps_note": "Drie van de vijf dagen"}


def test_checkin_form_asks_the_evaluation_questions(client):
    case = monitoring_case()
    checkin = CheckInFactory(case=case)
    client.force_login(case.plan.casusregisseur)
    html = client.get(_record_url(case, checkin)).content.decode()
    assert 'data-testid="checkin-evaluation"' in html
    for label in ("Wat was de vraag?", "Wat was de bedoeling?", "Helpt wat we doen?"):
        assert label in html
    assert 'for="id_eval_question"' in html and 'for="id_eval_helps"' in html


def test_answers_at_a_checkin_are_stored_with_it_and_shown_in_the_trend(client):
    case = monitoring_case()
    checkin = CheckInFactory(case=case)
    client.force_login(case.plan.casusregisseur)
    response = client.post(_record_url(case, checkin), {**BASE, **ANSWERS})
    assert response.status_code == 302
    answer = EvaluationAnswer.objects.get(case=case)
    assert answer.checkin_id == checkin.pk and answer.meeting is None
    assert (answer.question, answer.intention, answer.helps, answer.helps_note) == (
        "Noah weer naar school", "Elke dag op school", "partly", "Drie van de vijf dagen")
    assert answer.answered_by == case.plan.casusregisseur
    client.force_login(case.procesregisseur)
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert 'data-testid="evaluation-trend"' in html and "monitormoment" in html and "Noah weer naar school" in html


def test_trend_compares_a_checkin_answer_with_the_previous_one(client):
    from planning.selectors import evaluation_trend

    case = monitoring_case()
    client.force_login(case.plan.casusregisseur)
    first, second = CheckInFactory(case=case), CheckInFactory(case=case)
    client.post(_record_url(case, first), {**BASE, **ANSWERS, "eval_helps": "no", "next_on": ""})
    client.post(_record_url(case, second), {**BASE, **ANSWERS, "eval_helps": "yes"})
    assert [(row["answer"].checkin_id, row["direction"]) for row in evaluation_trend(case)] == [
        (first.pk, ""), (second.pk, "up")]
    # The next check-in shows what was answered last time.
    third = CheckInFactory(case=case)
    assert 'data-testid="last-evaluation"' in client.get(_record_url(case, third)).content.decode()


def test_not_discussed_leaves_no_answer(client):
    case = monitoring_case()
    checkin = CheckInFactory(case=case)
    client.force_login(case.plan.casusregisseur)
    assert client.post(_record_url(case, checkin), BASE).status_code == 302
    checkin.refresh_from_db()
    assert checkin.is_done and not EvaluationAnswer.objects.exists()


def test_half_answered_questions_give_dutch_errors_and_keep_the_input(client):
    case = monitoring_case()
    checkin = CheckInFactory(case=case)
    client.force_login(case.plan.casusregisseur)
    response = client.post(_record_url(case, checkin), {**BASE, "eval_question": "Weer naar school",
                                                        "eval_helps": "maybe-not-a-choice"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul in wat de bedoeling was." in html
    assert "Weer naar school" in html and "School doet mee." in html
    checkin.refresh_from_db()
    assert not checkin.is_done and not EvaluationAnswer.objects.exists()
    response = client.post(_record_url(case, checkin), {**BASE, "eval_question": "Weer naar school",
                                                        "eval_intention": "Elke dag"})
    assert "Zeg of het helpt wat we doen." in response.content.decode()
    assert not EvaluationAnswer.objects.exists()


def test_nazorg_after_closure_does_not_ask_the_questions(client):
    from cases.constants import CaseStage
    from cases.models import Case
    from cases.permissions import sync_case_permissions

    case = monitoring_case()
    checkin = CheckInFactory(case=case, kind="nazorg")
    Case.objects.filter(pk=case.pk).update(stage=CaseStage.CLOSED)
    case.refresh_from_db()
    sync_case_permissions(case)
    client.force_login(case.procesregisseur)
    assert 'data-testid="checkin-evaluation"' not in client.get(_record_url(case, checkin)).content.decode()
    # Answers smuggled into the POST are ignored; the nazorg contact itself is recorded.
    assert client.post(_record_url(case, checkin), {**BASE, **ANSWERS}).status_code == 302
    checkin.refresh_from_db()
    assert checkin.is_done and not EvaluationAnswer.objects.exists()
