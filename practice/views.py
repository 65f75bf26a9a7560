"""Oefenen: the trainee's practice page, the simulated clock, debriefs, scenarios and development groups.

These pages always run as the trainee themself, also in practice mode (practice.middleware); the
case's own pages run as the practice account. Anything a user may not see answers 404.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.views import acted, saved
from closeout.constants import LessonStatus
from closeout.models import Lesson
from practice import debrief, simulation
from practice.constants import SESSION_KEY
from practice.forms import ClockForm, FeedbackForm, GroupForm, MemberForm, ScenarioEditForm, ScenarioImportForm
from practice.models import DevelopmentGroup, PracticeCase, Scenario
from practice.scenario_format import dumps, parse
from practice.selectors import debriefs_visible_to, groups_of, is_trainer
from practice.services import (
    ScenarioInvalid,
    feedback_add,
    group_create,
    is_trainer_of,
    may_comment,
    member_add,
    member_remove,
    scenario_save,
    share_set,
)
from practice.spaces import may_practise, practice_start, space_delete, space_for
from zvh.pdf import render_pdf


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _own_play(request, play_id) -> PracticeCase:
    return get_object_or_404(PracticeCase.objects.select_related("case", "space__account"), pk=play_id,
                             space__trainee=request.user)


def _clock_play(request, play_id) -> PracticeCase:
    """A play whose clock the user may move: their own, or one of a trainee in a group they lead."""
    play = get_object_or_404(PracticeCase.objects.select_related("case", "space__account"), pk=play_id)
    _require(play.space.trainee_id == request.user.pk or is_trainer_of(request.user, play))
    return play


@require_GET
def home(request):
    user = request.user
    _require(may_practise(user) or is_trainer(user))
    space = getattr(user, "practice_space", None) if may_practise(user) else None
    plays = (space.cases.select_related("case").order_by("-started_at") if space else PracticeCase.objects.none())
    shared = (debriefs_visible_to(user).exclude(space__trainee=user).select_related("case", "space__trainee__region")
              .order_by("-started_at")[:50])
    return render(request, "practice/home.html", {
        "may_practise": may_practise(user), "space": space, "plays": plays, "shared": shared,
        "scenarios": Scenario.objects.order_by("title"), "groups": groups_of(user).select_related("trainer"),
        "is_trainer": is_trainer(user), "in_practice_mode": request.session.get(SESSION_KEY) is not None,
    })


def _safe_next(request, fallback: str) -> str:
    """A path on this site to go on to (never another host, never a view name)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                  require_https=request.is_secure()):
        return target
    return fallback


@require_POST
def enter(request):
    _require(may_practise(request.user))
    space = space_for(request.user)
    request.session[SESSION_KEY] = space.pk
    messages.info(request, _("U werkt nu in uw oefenomgeving. Alles wat u hier ziet, is verzonnen."))
    return HttpResponseRedirect(_safe_next(request, reverse("home")))


@require_POST
def leave(request):
    request.session.pop(SESSION_KEY, None)
    messages.info(request, _("U heeft de oefenomgeving verlaten en werkt weer met echte casussen."))
    return redirect("practice:home")


@require_POST
def start(request, slug):
    _require(may_practise(request.user))
    scenario = get_object_or_404(Scenario, slug=slug)
    started = []  # the new play, as the service returns it
    if not acted(request, lambda: started.append(practice_start(trainee=request.user, scenario=scenario))):
        return redirect("practice:home")
    play = started[0]
    request.session[SESSION_KEY] = play.space_id
    messages.success(request, _("De oefencasus „%(title)s” is aangemeld. Trieer de aanmelding om te beginnen.")
                     % {"title": scenario.title})
    return redirect("cases:referral_detail", case_uuid=play.case.uuid)


def _play_page(request, play, clock_form=None, status=200):
    fired = {f.key: f for f in play.fired.all()}
    happened = sorted((event for event in simulation.events_of(play) if event["key"] in fired),
                      key=lambda event: (fired[event["key"]].fired_at, fired[event["key"]].pk))
    upcoming = simulation.next_moment(play)
    return render(request, "practice/play.html", {
        "play": play, "case": play.case, "day": play.day,
        "next_days": max(1, upcoming[0]) if upcoming else None, "next_what": upcoming[1] if upcoming else "",
        "clock_form": clock_form or ClockForm(),
        "happened": [(event, fired[event["key"]]) for event in happened],
        "own": play.space.trainee_id == request.user.pk,
    }, status=status)


@require_GET
def play(request, play_id):
    return _play_page(request, _clock_play(request, play_id))


@require_POST
def advance(request, play_id):
    play = _clock_play(request, play_id)
    def move(days):
        return simulation.advance(practice_case=play, days=days, actor=play.space.account)

    def done(days):
        return _("De klok staat %(days)s dagen verder.") % {"days": days}

    if "next" in request.POST:
        days = simulation.days_to_next_moment(play)
        if days is None:
            messages.error(request, _("Er staat niets meer te gebeuren: geen monitormoment, deadline, overleg of "
                                      "gebeurtenis. Zet de klok een aantal dagen vooruit."))
        else:
            acted(request, lambda: move(days), done=done)
        return redirect("practice:play", play_id=play.pk)
    form = ClockForm(request.POST)
    if saved(request, form, lambda data: move(data["days"]), done=done, field="days"):
        return redirect("practice:play", play_id=play.pk)
    return _play_page(request, play, clock_form=form)


def _visible_play(request, play_id) -> PracticeCase:
    return get_object_or_404(debriefs_visible_to(request.user).select_related("case", "space__trainee"), pk=play_id)


def _debrief_context(request, play, feedback_form=None) -> dict:
    return {
        "play": play, "case": play.case, "points": debrief.points(play), "timeline": debrief.timeline(play),
        "scripted": debrief.scripted(play), "notes": play.scenario_data.get("debrief_notes", ""),
        "model_zorgvraag": play.scenario_data.get("referral", {}).get("zorgvraag", ""),
        "feedback": play.feedback.select_related("author"), "own": play.space.trainee_id == request.user.pk,
        # No spoilers while the trainee plays: what may still happen and the writer's notes once it is closed
        # (a trainer sees them at once).
        "reveal": play.case.is_closed or is_trainer_of(request.user, play),
        "is_trainer": is_trainer_of(request.user, play), "day": play.day,
        "feedback_form": feedback_form or FeedbackForm(), "may_comment": may_comment(request.user, play),
        "lessons": play.scenario.lessons.filter(status=LessonStatus.PUBLISHED) if play.scenario else [],
    }


@require_GET
def debrief_page(request, play_id):
    play = _visible_play(request, play_id)
    return render(request, "practice/debrief.html", _debrief_context(request, play))


@require_GET
def debrief_pdf(request, play_id):
    play = _visible_play(request, play_id)
    html = render(request, "practice/debrief_pdf.html", _debrief_context(request, play)).content.decode()
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nabespreking-{play.case.reference}.pdf"'
    return response


@require_POST
def feedback(request, play_id):
    play = _visible_play(request, play_id)
    form = FeedbackForm(request.POST)
    if saved(request, form, lambda data: feedback_add(practice_case=play, actor=request.user, text=data["text"]),
             done=_("Uw reactie staat bij de nabespreking."), field="text"):
        return redirect("practice:debrief", play_id=play.pk)
    return render(request, "practice/debrief.html", _debrief_context(request, play, feedback_form=form))


@require_POST
def share(request, play_id):
    play = _own_play(request, play_id)
    shared = request.POST.get("shared") == "1"
    share_set(practice_case=play, actor=request.user, shared=shared)
    messages.success(request, _("Uw ontwikkelgroepen zien deze nabespreking nu.") if shared
                     else _("Uw ontwikkelgroepen zien deze nabespreking niet meer."))
    return redirect("practice:debrief", play_id=play.pk)


@require_http_methods(["GET", "POST"])
def space_remove(request):
    _require(may_practise(request.user))
    space = getattr(request.user, "practice_space", None)
    _require(space is not None)
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
        space_delete(trainee=request.user)
        messages.success(request, _("Uw oefenomgeving is verwijderd, met alle oefencasussen erin."))
        return redirect("practice:home")
    return render(request, "practice/space_delete.html", {"space": space, "count": space.cases.count()})


# -- scenarios (trainers) ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def scenarios(request):
    _require(is_trainer(request.user))
    form = ScenarioImportForm(request.POST or None, request.FILES or None)
    found = []
    if request.method == "POST" and form.is_valid():
        data, found = parse(form.cleaned_data["text"])
        if not found:
            try:
                scenario = scenario_save(data=data, actor=request.user)
            except ScenarioInvalid as refused:
                found = refused.problems
            else:
                messages.success(request, _("Het scenario „%(title)s” is toegevoegd.") % {"title": scenario.title})
                return redirect("practice:scenario_edit", slug=scenario.slug)
        for problem in found:
            form.add_error(None, problem)
    return render(request, "practice/scenarios.html", {
        "scenarios": Scenario.objects.select_related("author").order_by("title"), "form": form,
    }, status=200)


@require_http_methods(["GET", "POST"])
def scenario_edit(request, slug):
    _require(is_trainer(request.user))
    scenario = get_object_or_404(Scenario, slug=slug)
    lessons = Lesson.objects.filter(status=LessonStatus.PUBLISHED)
    initial = {"text": dumps(scenario.data), "lessons": list(scenario.lessons.values_list("pk", flat=True))}
    form = ScenarioEditForm(request.POST or None, initial=initial, lessons=lessons)
    if request.method == "POST" and form.is_valid():
        data, found = parse(form.cleaned_data["text"])
        if not found:
            try:
                scenario = scenario_save(data=data, actor=request.user, scenario=scenario)
            except ScenarioInvalid as refused:
                found = refused.problems
        for problem in found:
            form.add_error("text", problem)
        if not found:
            scenario.lessons.set(form.cleaned_data["lessons"])
            messages.success(request, _("Het scenario is opgeslagen."))
            return redirect("practice:scenario_edit", slug=scenario.slug)
    return render(request, "practice/scenario_edit.html", {"scenario": scenario, "form": form})


@require_GET
def scenario_export(request, slug):
    _require(is_trainer(request.user))
    scenario = get_object_or_404(Scenario, slug=slug)
    response = HttpResponse(dumps(scenario.data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{scenario.slug}.json"'
    return response


# -- development groups --------------------------------------------------------------------------


def _groups_page(request, form=None, status=200):
    return render(request, "practice/groups.html", {
        "groups": groups_of(request.user).select_related("trainer"), "form": form or GroupForm(),
        "is_trainer": is_trainer(request.user),
    }, status=status)


@require_GET
def groups(request):
    _require(may_practise(request.user) or is_trainer(request.user))
    return _groups_page(request)


@require_POST
def group_create_view(request):
    _require(is_trainer(request.user))
    form = GroupForm(request.POST)
    if not form.is_valid():
        return _groups_page(request, form)
    group = group_create(trainer=request.user, name=form.cleaned_data["name"])  # a trainer: nothing to refuse
    messages.success(request, _("De ontwikkelgroep „%(name)s” is aangemaakt.") % {"name": group.name})
    return redirect("practice:group", group_id=group.pk)


def _group(request, group_id) -> DevelopmentGroup:
    return get_object_or_404(groups_of(request.user).select_related("trainer"), pk=group_id)


def _group_page(request, group, member_form=None, status=200):
    members = group.members.select_related("region").order_by("first_name", "last_name")
    plays = (debriefs_visible_to(request.user).filter(space__trainee__in=members)
             .select_related("case", "space__trainee__region").order_by("-started_at"))
    return render(request, "practice/group.html", {
        "group": group, "members": members, "plays": plays, "member_form": member_form or MemberForm(),
        "leads": group.trainer_id == request.user.pk,
    }, status=status)


@require_GET
def group(request, group_id):
    return _group_page(request, _group(request, group_id))


@require_POST
def member_add_view(request, group_id):
    group = _group(request, group_id)
    _require(group.trainer_id == request.user.pk)
    form = MemberForm(request.POST)
    if saved(request, form, lambda data: member_add(group=group, actor=request.user, username=data["username"]),
             done=lambda member: _("%(name)s doet mee in de groep.") % {"name": member.get_full_name()},
             field="username"):
        return redirect("practice:group", group_id=group.pk)
    return _group_page(request, group, member_form=form)


@require_POST
def member_remove_view(request, group_id, user_id):
    group = _group(request, group_id)
    _require(group.members.filter(pk=user_id).exists())
    acted(request, lambda: member_remove(group=group, actor=request.user, member_id=user_id),
          done=_("De deelnemer is uit de groep gehaald."))
    if user_id == request.user.pk and group.trainer_id != request.user.pk:
        return redirect("practice:groups")
    return redirect("practice:group", group_id=group.pk)
