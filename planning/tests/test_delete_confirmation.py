"""Removing from the plan and the meeting (issue 20): each link says what it removes, a confirmation
page first (nothing gone on a stray click), a message that names what was removed, and back to the
page with the focus on that message (#meldingen)."""

import html
import re

import pytest
from django.urls import reverse

from planning.constants import VoiceMode
from planning.models import Activity, Goal, MeetingInvitee, SolutionDirection, YouthVoice
from planning.tests.factories import GoalFactory, MeetingInviteeFactory, SolutionDirectionFactory

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"planning:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_plan_page_delete_links_name_what_they_remove(client, pworld):
    GoalFactory(plan=pworld.plan, text="Noah gaat weer elke dag naar school")
    SolutionDirectionFactory(plan=pworld.plan, organisation=pworld.school, text="Een plek op het vmbo")
    client.force_login(pworld.user("procesregisseur"))
    page = _text(client.get(_url("plan_detail", pworld.case)))
    assert '<span class="visually-hidden">Doel „Noah gaat weer elke dag naar school” </span>verwijderen' in page
    assert "Oplossingsrichting „Scholengroep: Een plek op het vmbo” </span>verwijderen" in page
    assert 'Verwijderen<span class="visually-hidden"> activiteit „Politie spreekt de buurt aan”</span>' in page
    # No form that deletes with one click on the plan page any more.
    assert re.search(r'<a [^>]*href="[^"]*/verwijderen/"', page)
    assert not re.search(r'<form [^>]*action="[^"]*/verwijderen/"', page)


@pytest.mark.parametrize(("name", "kwargs", "model", "title", "message"), [
    ("goal_delete", lambda w: {"goal_id": GoalFactory(plan=w.plan, text="Naar school").pk}, Goal,
     "Doel „Naar school” verwijderen?", "Doel „Naar school” verwijderd."),
    ("direction_delete", lambda w: {"direction_id": SolutionDirectionFactory(
        plan=w.plan, organisation=w.school, text="Plek op het vmbo").pk}, SolutionDirection,
     "Oplossingsrichting „Scholengroep: Plek op het vmbo” verwijderen?",
     "Oplossingsrichting „Scholengroep: Plek op het vmbo” verwijderd."),
    ("activity_delete", lambda w: {"activity_id": w.police_activity.pk}, Activity,
     "Activiteit „Politie spreekt de buurt aan” verwijderen?", "Activiteit „Politie spreekt de buurt aan” verwijderd."),
    ("invitee_remove", lambda w: {"meeting_id": w.meeting.pk, "invitee_id": MeetingInviteeFactory(
        meeting=w.meeting, name="Dr. Verhoeven", email="ggz@example.nl", user=None, organisation=None).pk},
     MeetingInvitee, "Genodigde „Dr. Verhoeven” verwijderen?", "Genodigde „Dr. Verhoeven” verwijderd."),
    ("voice_delete", lambda w: {"meeting_id": w.meeting.pk, "voice_id": YouthVoice.objects.create(
        meeting=w.meeting, name="Moeder", mode=VoiceMode.choices[0][0]).pk},
     YouthVoice, "Stem van „Moeder” verwijderen?", "Stem van „Moeder” verwijderd."),
])
def test_delete_asks_first_then_names_what_was_removed_and_focuses_the_message(
        client, pworld, name, kwargs, model, title, message):
    client.force_login(pworld.user("procesregisseur"))
    url = _url(name, pworld.case, **kwargs(pworld))
    before = model.objects.count()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert title in _text(confirm) and "Ja, verwijderen" in _text(confirm)
    assert model.objects.count() == before  # asking removes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#meldingen")
    assert model.objects.count() == before - 1
    page = _text(client.get(response["Location"]))
    assert message in page
    assert 'id="meldingen" tabindex="-1"' in page


def test_only_the_procesregisseur_sees_the_confirmation(client, pworld):
    goal = GoalFactory(plan=pworld.plan)
    for role in ("casusregisseur", "colleague", "partner"):
        client.force_login(pworld.user(role))
        assert client.get(_url("goal_delete", pworld.case, goal_id=goal.pk)).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_meeting_page_voice_link_names_whose_voice_it_removes(client, pworld):
    YouthVoice.objects.create(meeting=pworld.meeting, name="Moeder", mode=VoiceMode.choices[0][0])
    client.force_login(pworld.user("procesregisseur"))
    page = _text(client.get(_url("meeting_detail", pworld.case, meeting_id=pworld.meeting.pk)))
    assert '<span class="visually-hidden">Stem van „Moeder” </span>verwijderen' in page
    assert not re.search(r'<form [^>]*action="[^"]*/verwijderen/"', page)
