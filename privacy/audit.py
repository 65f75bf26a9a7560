"""Writing the access log (NEN 7513 style): one entry per request that touches a case's personal data.

The middleware writes it for every view with a `case_uuid` (and the lists that show personal
data); a view can name the event more precisely by setting `request.access_event` (print,
export, download, search) and the person concerned with `request.access_person_id`.
"""

from django.conf import settings

from privacy.models import AccessEvent, AccessLog, AccessOutcome

# URL names (outside /casussen/<uuid>/…) that show personal data of several cases.
PERSONAL_DATA_LISTS = {"cases:my_cases": AccessEvent.SEARCH, "monitoring:casusregie": AccessEvent.SEARCH}
ADMIN_CASE_VIEWS = {"admin:cases_case_change", "admin:cases_case_history",
                    "admin:cases_case_permissions", "admin:cases_case_permissions_manage_user",
                    "admin:cases_case_permissions_manage_group"}
CREATE_VIEWS_SUFFIXES = ("_add", "_create", "register")


def client_ip(request) -> str | None:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _outcome(request, status: int) -> str:
    if status in (403, 404):
        return AccessOutcome.DENIED
    if status >= 500:
        return AccessOutcome.ERROR
    if request.method == "POST" and status == 200:
        return AccessOutcome.REFUSED  # the form came back with errors; nothing was saved
    return AccessOutcome.SUCCESS


def _event(request, url_name: str) -> str:
    explicit = getattr(request, "access_event", None)
    if explicit:
        return explicit
    if url_name in PERSONAL_DATA_LISTS:
        return PERSONAL_DATA_LISTS[url_name]
    if request.method in ("GET", "HEAD"):
        return AccessEvent.READ
    if url_name.endswith(CREATE_VIEWS_SUFFIXES):
        return AccessEvent.CREATE
    if "delete" in url_name or "verwijder" in request.path or url_name.endswith("_erase"):
        return AccessEvent.DELETE
    return AccessEvent.CHANGE


def subject_of(request):
    """(case id, case reference, person id, subject user id) of the request, or None if not audited."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    url_name = match.view_name
    kwargs = match.kwargs
    case_id, reference = None, ""
    if "case_uuid" in kwargs or url_name in ADMIN_CASE_VIEWS:
        from cases.models import Case

        case = getattr(request, "access_case", None)
        if case is None:
            lookup = {"uuid": kwargs["case_uuid"]} if "case_uuid" in kwargs else {"pk": kwargs.get("object_id")}
            try:
                case = Case.objects.only("pk", "reference").filter(**lookup).first()
            except (ValueError, TypeError):
                case = None
        if case is not None:
            case_id, reference = case.pk, case.reference
    elif url_name not in PERSONAL_DATA_LISTS and "subject_user_id" not in kwargs:
        return None
    person_id = getattr(request, "access_person_id", None) or kwargs.get("person_id")
    return case_id, reference, person_id, kwargs.get("subject_user_id")


def write_entry(request, response) -> AccessLog | None:
    subject = subject_of(request)
    if subject is None:
        return None
    case_id, reference, person_id, subject_user_id = subject
    user = request.user if request.user.is_authenticated else None
    on_behalf_of = ""
    if user is not None:
        on_behalf_of = (user.region.name if user.region_id and not user.is_partner
                        else str(user.organisation or ""))
    return AccessLog.objects.create(
        event=_event(request, request.resolver_match.view_name),
        outcome=_outcome(request, response.status_code),
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
