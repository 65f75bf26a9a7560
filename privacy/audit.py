"""Writing the access log (NEN 7513 style): one entry per request that touches a case's personal data.

The middleware writes it for every view with a `case_uuid` (and the lists that show personal
data); a view can name the event more precisely by setting `request.access_event` (print,
export, download, search) and the person concerned with `request.access_person_id`.
"""

import re

from django.conf import settings
from django.shortcuts import resolve_url

from privacy.models import AccessEvent, AccessLog, AccessOutcome

# URL names (outside /casussen/<uuid>/…) that show personal data of several cases.
PERSONAL_DATA_LISTS = {"cases:my_cases": AccessEvent.SEARCH, "monitoring:casusregie": AccessEvent.SEARCH}
# Views without a case in the URL that are logged all the same: the managers' dashboards (aggregates
# of case data) and every read of the access log itself, also in the admin.
AUDITED_VIEWS = {
    "dashboards:region": AccessEvent.READ, "dashboards:national": AccessEvent.READ,
    "dashboards:region_export": AccessEvent.EXPORT, "dashboards:national_export": AccessEvent.EXPORT,
    "privacy:user_log_index": AccessEvent.READ,
    "admin:privacy_accesslog_changelist": AccessEvent.READ, "admin:privacy_accesslog_change": AccessEvent.READ,
}
# Views that create a case: the new case is found from the redirect after a successful POST.
CASE_CREATE_VIEWS = {"cases:register"}
# Case pages that show every person of the case (names, dates of birth): in each person's log.
PERSON_PAGES = {"cases:case_detail", "cases:referral_detail", "cases:triage", "cases:intake_edit",
                "privacy:case_privacy", "planning:plan_pdf", "planning:plan_print"}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ADMIN_CASE_VIEWS = {"admin:cases_case_change", "admin:cases_case_history",
                    "admin:cases_case_permissions", "admin:cases_case_permissions_manage_user",
                    "admin:cases_case_permissions_manage_group"}
CREATE_VIEWS_SUFFIXES = ("_add", "_create", "_upload", "register")


def client_ip(request) -> str | None:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _redirects_to_login(response) -> bool:
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    return bool(location) and location.split("?")[0].rstrip("/").endswith(
        str(resolve_url(settings.LOGIN_URL)).rstrip("/"))


def _outcome(request, response) -> str:
    """The outcome as the response shows it: only a page actually served is a success."""
    status = response.status_code
    if status in (401, 403, 404) or _redirects_to_login(response):
        return AccessOutcome.DENIED  # not found, not allowed, or sent to log in: nothing was shown
    if status >= 500:
        return AccessOutcome.ERROR
    if status >= 400:
        return AccessOutcome.REFUSED  # 400, 405, 409, 429 …: the request was not carried out
    if request.method == "POST" and status == 200:
        return AccessOutcome.REFUSED  # the form came back with errors; nothing was saved
    return AccessOutcome.SUCCESS


def _event(request, url_name: str) -> str:
    explicit = getattr(request, "access_event", None)
    if explicit:
        return explicit
    if url_name in PERSONAL_DATA_LISTS:
        return PERSONAL_DATA_LISTS[url_name]
    if url_name in AUDITED_VIEWS and request.method in ("GET", "HEAD"):
        return AUDITED_VIEWS[url_name]
    if url_name in CASE_CREATE_VIEWS and request.method == "POST":
        return AccessEvent.CREATE
    if request.method in ("GET", "HEAD"):
        return AccessEvent.READ
    if url_name.endswith(CREATE_VIEWS_SUFFIXES):
        return AccessEvent.CREATE
    if "delete" in url_name or "verwijder" in request.path or url_name.endswith("_erase"):
        return AccessEvent.DELETE
    return AccessEvent.CHANGE


def _created_case(request, response):
    """The case a create view made, from the redirect that follows a successful POST."""
    if request.method != "POST" or not 300 <= response.status_code < 400:
        return None
    found = _UUID.search(response.get("Location", ""))
    if not found:
        return None
    from cases.models import Case

    return Case.objects.only("pk", "reference", "is_practice").filter(uuid=found.group(0)).first()


def subject_of(request, response=None):
    """(case id, case reference, person id, subject user id) of the request, or None if not audited."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    url_name = match.view_name
    kwargs = match.kwargs
    case_id, reference = None, ""
    if url_name in CASE_CREATE_VIEWS:
        if request.method != "POST":
            return None  # the empty form shows no personal data
        case = getattr(request, "access_case", None) or (_created_case(request, response) if response else None)
        if case is not None and case.is_practice:
            return None
        if case is not None:
            case_id, reference = case.pk, case.reference
    elif url_name in AUDITED_VIEWS:
        pass
    elif "case_uuid" in kwargs or url_name in ADMIN_CASE_VIEWS:
        from cases.models import Case

        case = getattr(request, "access_case", None)
        if case is None:
            lookup = {"uuid": kwargs["case_uuid"]} if "case_uuid" in kwargs else {"pk": kwargs.get("object_id")}
            try:
                case = Case.objects.only("pk", "reference", "is_practice").filter(**lookup).first()
            except (ValueError, TypeError):
                case = None
        if case is not None and case.is_practice:
            return None  # a practice case (fictitious data) is no subject of the access log
        if case is not None:
            case_id, reference = case.pk, case.reference
    elif url_name not in PERSONAL_DATA_LISTS and "subject_user_id" not in kwargs:
        return None
    person_id = getattr(request, "access_person_id", None) or kwargs.get("person_id")
    return case_id, reference, person_id, kwargs.get("subject_user_id")


def write_entry(request, response) -> AccessLog | None:
    subject = subject_of(request, response)
    if subject is None:
        return None
    case_id, reference, person_id, subject_user_id = subject
    practising = getattr(request, "practice_account", None) is not None
    if practising and case_id is None:
        return None  # the trainee's practice space: its lists hold fictitious data only
    # In practice mode a real case's address (a probe) is logged as the trainee themself.
    user = getattr(request, "real_user", None) if practising else (
        request.user if request.user.is_authenticated else None)
    on_behalf_of = ""
    if user is not None:
        on_behalf_of = (user.region.name if user.region_id and not user.is_partner
                        else str(user.organisation or ""))
    return AccessLog.objects.create(
        event=_event(request, request.resolver_match.view_name),
        outcome=_outcome(request, response),
        case_id=case_id, case_reference=reference, person_id=person_id, subject_user_id=subject_user_id,
        user_id=user.pk if user else None, username=user.username if user else "",
        user_function=user.function if user else "",
        user_organisation=str(user.organisation) if user and user.organisation_id else "",
        on_behalf_of=on_behalf_of, ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300], method=request.method,
        path=request.path[:300], view=request.resolver_match.view_name[:100],
    )


class AccessLogMiddleware:
    """After each request: write its access-log entry (fails closed: no entry, no response)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            write_entry(request, response)
        return response


def log_known_person_check(*, request, case, user, throttled: bool) -> AccessLog:
    """The person-known check searches every ZVH's persons: one search entry per check (cases.known_persons)."""
    on_behalf_of = user.region.name if user.region_id and not user.is_partner else str(user.organisation or "")
    return AccessLog.objects.create(
        event=AccessEvent.SEARCH, outcome=AccessOutcome.REFUSED if throttled else AccessOutcome.SUCCESS,
        case_id=case.pk, case_reference=case.reference, user_id=user.pk, username=user.username,
        user_function=user.function, user_organisation=str(user.organisation) if user.organisation_id else "",
        on_behalf_of=on_behalf_of,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        method=request.method if request is not None else "", path=request.path[:300] if request is not None else "",
        view="cases:known_person_check",
    )
