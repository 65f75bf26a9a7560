"""The edge of the application: hostile or broken input is refused before a view sees it, and every
error page is a Dutch page in the base layout that says what happened and offers the way back.

- `InputGuardMiddleware` answers 400 to a NUL character anywhere in the path, the query string or
  a form (PostgreSQL refuses NUL in text: a 500 otherwise) and renders Django's bare 405 (a GET on
  a POST-only URL, the back button after a form was sent) as a page.
- `bad_request`, `permission_denied`, `page_not_found`, `csrf_failure` are the handlers for 400, 403,
  404 and a failed CSRF check (an expired form, a second tab after logging in again); `500.html`
  is rendered without a request, as Django does (the database may be the cause).
- Database ids in URLs use the `<id:…>` converter (`zvh.converters`), dates in forms are bounded
  (`cases.forms.DateField`), and the login form caps the username at the column's length.
"""

from urllib.parse import urlsplit

from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def safe_referer(request) -> str:
    """The previous page, if it is a page of this site (never an outside address), else ""."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return ""
    if parts.scheme and parts.scheme not in ("http", "https"):
        return ""
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or path == request.path:
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


def error_page(request, status: int, *, title: str, message: str, template: str = "errors/error.html",
               **extra):
    """A Dutch error page in the base layout with the way back (previous page, start, case list)."""
    user = getattr(request, "user", None)
    context = {
        "status": status,
        "error_title": title,
        "error_message": message,
        "back_url": safe_referer(request),
        "show_case_list": bool(user is not None and user.is_authenticated),
        **extra,
    }
    return render(request, template, context, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400, title=_("Dit verzoek kunnen we niet verwerken"), message=_(
        "Het adres of het formulier bevat iets wat de applicatie niet kan lezen (bijvoorbeeld een te lange "
        "tekst, een onmogelijke datum of een ongeldig teken). Er is niets opgeslagen. Ga terug, pas het aan "
        "en probeer het opnieuw."))


def permission_denied(request, exception=None):
    return error_page(request, 403, title=_("Geen toegang"), message=_(
        "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem contact op met de functioneel "
        "beheerder van uw regio."))


def page_not_found(request, exception=None):
    return error_page(request, 404, title=_("Pagina niet gevonden"), message=_(
        "Deze pagina bestaat niet (meer), of u heeft er geen toegang toe. Een casus ziet u alleen zolang u er "
        "een rol in heeft."))


def method_not_allowed(request, response):
    """Django's bare 405 (require_POST) as a page; the Allow header stays."""
    page = error_page(request, 405, title=_("Deze pagina opent u niet zo"), message=_(
        "Dit adres verwerkt alleen een verzonden formulier; u kwam er via een link, een bladwijzer of de "
        "terugknop. Er is niets gewijzigd. Open de pagina opnieuw vanuit het menu of de casus."))
    if response.has_header("Allow"):
        page["Allow"] = response["Allow"]
    return page


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: mostly a form opened before logging in again, or in another tab."""
    return error_page(request, 403, title=_("Het formulier is verlopen"), message=_(
        "Dit formulier is niet verwerkt: het was geopend voordat u (opnieuw) inlogde, of de pagina stond te "
        "lang open. Ga terug, laad de pagina opnieuw en verstuur het nog eens. Wat u typte, staat als concept "
        "in uw browser en komt terug zodra u het formulier weer opent."))


class InputGuardMiddleware:
    """400 for a NUL character in the path, the query string or a posted form; the Dutch 405 page.

    Placed after authentication and messages, so the error pages show the user's menu.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _contains_nul(request):
            return bad_request(request)
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            return method_not_allowed(request, response)
        return response


def _contains_nul(request) -> bool:
    if NUL in request.path:
        return True
    for data in (request.GET, request.POST if request.method == "POST" else None):
        if data is None:
            continue
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return False
