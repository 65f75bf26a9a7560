from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from cases import caseload
from cases.constants import OPEN_STAGES, CaseStage
from cases.models import Case
from monitoring import agenda
from monitoring.reminders import sweep_is_stale
from planning.selectors import follow_ups_for
from zvh.constants import Function
from zvh.models import Organisation, Region, User
from zvh.small_cells import count_text

# The start page shows the first rows of the agenda; the agenda page has them all.
HOME_AGENDA_ROWS = 15


def home(request):
    """The start page: the user's own work, by function."""
    user = request.user
    # Trainees and trainers work in Oefenen only: the start page says where to begin.
    context = {"practice_hint": user.function in (Function.TRAINEE, Function.TRAINER)}
    if user.is_procesregisseur:
        mine = Case.objects.visible_to(user).open().select_related("region")
        # What needs attention first, as on Mijn casussen (the shared case table, no query per row).
        context["my_cases"] = caseload.decorate(
            caseload.attention_order(caseload.with_rows(mine.filter(procesregisseur=user)))
            .select_related("procesregisseur").prefetch_related(caseload.youth_prefetch())[:8], user=user)
        context["home_table"] = {"youth": True, "details": True}
        # The three counts of the user's own cases in one aggregate (the conditions of stagnating()/overdue()).
        counts = mine.filter(procesregisseur=user).aggregate(
            total=Count("pk"), stagnating=Count("pk", filter=Case.objects.stagnating_q()),
            overdue=Count("pk", filter=Case.objects.overdue_q()))
        context["my_case_count"] = counts["total"]
        context["stagnating_count"] = counts["stagnating"]
        context["overdue_count"] = counts["overdue"]
        context["triage_count"] = Case.objects.visible_to(user, "triage_case").count()
    if user.is_partner or user.is_procesregisseur:
        context["referrals"] = Case.objects.visible_to(user, "view_referral").filter(
            referred_by=user).order_by("-opened_at")[:5]
    if user.is_procesregisseur or user.is_partner:
        # The agenda (meetings, check-ins, deadlines) for the coming week and what is overdue; for a
        # casusregisseur or partner this is what is expected of them.
        items = agenda.agenda_for(user, weeks=1, limit=HOME_AGENDA_ROWS + 1)
        context["agenda_items"] = items[:HOME_AGENDA_ROWS]
        context["agenda_more"] = len(items) > HOME_AGENDA_ROWS
        context["today"] = timezone.localdate()
    # The casusregisseur is an appointment per case, not a function: anyone can hold it.
    context["casusregisseur_cases"] = (
        Case.objects.visible_to(user, "record_progress").exclude(procesregisseur=user).open()[:10]
    )
    # The agreed follow-ups of the user's contacts between meetings (planning's contact log).
    context["follow_ups"] = list(follow_ups_for(user)[:10])
    if user.is_manager and user.region_id:
        counts = dict(
            Case.objects.in_region(user.region).values_list("stage").annotate(n=Count("pk")).order_by()
        )
        # The dashboards' small-cell rule: 1–4 shown as "<5", other counts rounded to a multiple of 5.
        context["stage_counts"] = [(CaseStage(stage).label, count_text(counts.get(stage, 0))) for stage in OPEN_STAGES]
        context["open_total"] = sum(counts.get(stage, 0) for stage in OPEN_STAGES)
        context["reminders_stopped"] = sweep_is_stale()
    if user.function == Function.LANDELIJK:
        counts = dict(Case.objects.real().values_list("stage").annotate(n=Count("pk")).order_by())
        context["national_stage_counts"] = [(CaseStage(stage).label, count_text(counts.get(stage, 0)))
                                            for stage in OPEN_STAGES]
        context["national_open_total"] = count_text(sum(counts.get(stage, 0) for stage in OPEN_STAGES))
        context["region_count"] = Region.objects.count()
    if user.is_beheerder and user.region_id:
        context["user_count"] = User.objects.filter(region=user.region, is_active=True).count()
        context["organisation_count"] = Organisation.objects.filter(region=user.region).count()
    return render(request, "home.html", context)
