from django.urls import reverse
from django.utils.translation import gettext as _

from monitoring.selectors import navigation_facts
from practice.selectors import is_trainer
from practice.spaces import may_practise
from zvh.constants import Function


def _active(name: str, current: str | None, namespace: str) -> bool:
    """Is the item `name` the current page? Oefenen covers all of /oefenen/ (whose start is also "home")."""
    if name == "practice" or namespace == "practice":
        return name == "practice" and namespace == "practice"
    return name == current


def navigation(request):
    """The main navigation for the logged-in user's function."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # One query for the badge and the casusregie link, once per request (see navigation_facts).
    facts = getattr(request, "_navigation_facts", None)
    if facts is None:
        facts = request._navigation_facts = navigation_facts(user)
    items = [(_("Start"), reverse("home"), "home")]
    if user.is_procesregisseur:
        items += [
            (_("Mijn casussen"), reverse("cases:my_cases"), "my_cases"),
            (_("Agenda"), reverse("monitoring:agenda"), "agenda"),
            (_("Triage"), reverse("cases:triage_list"), "triage_list"),
            (_("Casussen regio"), reverse("cases:region_list"), "region_list"),
            (_("Aanmelden"), reverse("cases:register"), "register"),
        ]
    elif user.is_partner:
        items += [
            (_("Mijn aanmeldingen"), reverse("cases:my_referrals"), "my_referrals"),
            (_("Agenda"), reverse("monitoring:agenda"), "agenda"),
            (_("Aanmelden"), reverse("cases:register"), "register"),
        ]
    if user.is_procesregisseur or user.is_manager:
        items.append((_("Lessen"), reverse("closeout:lessons"), "lessons"))
        if user.region_id:
            items.append((_("Waarneming"), reverse("cases:stand_ins"), "stand_ins"))
    if user.is_manager:
        items.append((_("Dashboard"), reverse("dashboards:region"), "region"))
    elif user.function == Function.LANDELIJK:
        items.append((_("Landelijk dashboard"), reverse("dashboards:national"), "national"))
    in_practice = getattr(request, "practice", None) is not None
    if in_practice or may_practise(user) or is_trainer(user):
        items.append((_("Oefenen"), reverse("practice:home"), "practice"))
    if facts["is_casusregisseur"]:
        items.append((_("Mijn casusregie"), reverse("monitoring:casusregie"), "casusregie"))
    if user.is_beheerder or user.is_superuser:
        items.append((_("Toegangslog"), reverse("privacy:user_log_index"), "user_log_index"))
        items.append((_("Beheer"), reverse("admin:index"), "admin"))
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    # At work as the practice account: the trainee's real notifications stay in sight (one query, only then).
    real_user = getattr(request, "real_user", None)
    real_unread = navigation_facts(real_user)["unread"] if real_user is not None else 0
    return {
        "nav_items": [{"label": label, "url": url, "active": _active(name, current, namespace)}
                      for label, url, name in items],
        "unread_notifications": facts["unread"],
        "practice_mode": in_practice,
        "real_unread_notifications": real_unread,
    }
