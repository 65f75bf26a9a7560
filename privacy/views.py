import json
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import get_case
from cases.models import Involvement, Person
from cases.views import form_page, saved
from privacy import inzage, services
from privacy.audit import PERSON_PAGES
from privacy.forms import ConsentForm, EraseForm, PeriodForm, WithdrawForm
from privacy.models import AccessEvent, AccessLog, Consent, Disclosure
from zvh.converters import parse_id
from zvh.models import User


def _person(request, case, person_id):
    person = get_object_or_404(Person, case=case, pk=person_id)
    request.access_person_id = person.pk
    return person


def case_privacy(request, case_uuid):
    """Consents, the sharing log (verstrekkingen) and the provenance of the persons of a case."""
    case = get_case(request.user, case_uuid, "handle_subject_rights")
    return render(request, "privacy/case_privacy.html", {
        "case": case,
        "persons": case.persons.select_related("source_organisation"),
        "consents": Consent.objects.filter(case=case).select_related("given_by").prefetch_related("organisations"),
        "disclosures": Disclosure.objects.filter(case=case).select_related("organisation", "by", "consent")[:100],
        "involvements": case.involvements.select_related("organisation", "consent"),
        "today": timezone.localdate(),
    })


def consent_add(request, case_uuid):
    case = get_case(request.user, case_uuid, "manage_plan")
    form = ConsentForm(request.POST or None, case=case)
    if saved(request, form, lambda data: services.consent_record(case=case, actor=request.user, **data),
             done=_("Toestemming vastgelegd.")):
        return redirect("privacy:case_privacy", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("Toestemming vastleggen"),
                     back=reverse("privacy:case_privacy", kwargs={"case_uuid": case.uuid}))


def consent_withdraw(request, case_uuid, consent_id):
    """Withdraw a consent; the page then shows at once which sharing it covered, to act on."""
    case = get_case(request.user, case_uuid, "manage_plan")
    consent = get_object_or_404(Consent, case=case, pk=consent_id)
    form = WithdrawForm(request.POST or None)
    impact = services.consent_impact(consent)
    withdrawn = []  # what the withdrawal covered, as the service read it under its lock
    if saved(request, form, lambda data: withdrawn.append(services.consent_withdraw(consent=consent,
                                                                                     actor=request.user, **data))):
        messages.warning(request, _("Toestemming ingetrokken. Hieronder staat wat ermee gedeeld werd: "
                                    "beoordeel per onderdeel wat er moet gebeuren."))
        consent.refresh_from_db()
        impact, form = withdrawn[0], None
    return render(request, "privacy/consent_withdraw.html", {"case": case, "consent": consent, "form": form,
                                                             "impact": impact})


@require_POST
def involvement_stop_sharing(request, case_uuid, involvement_id):
    case = get_case(request.user, case_uuid, "manage_plan")
    involvement = get_object_or_404(Involvement, case=case, pk=involvement_id)
    services.involvement_stop_sharing(involvement=involvement, actor=request.user)
    messages.success(request, _("Het delen met %(org)s is beëindigd.") % {"org": involvement.organisation})
    return redirect("privacy:case_privacy", case_uuid=case.uuid)


def case_access_log(request, case_uuid):
    """Who accessed this case's personal data, per case or per person. Reading it is logged too."""
    case = get_case(request.user, case_uuid, "handle_subject_rights")
    entries = AccessLog.objects.filter(case_id=case.pk)
    person = None
    person_id = parse_id(request.GET.get("persoon"))
    if person_id is not None:
        person = get_object_or_404(Person, case=case, pk=person_id)
        request.access_person_id = person.pk
        # Entries about the person, and reads of the case pages that show every person of the case.
        entries = entries.filter(Q(person_id=person.pk) | Q(person_id__isnull=True, view__in=PERSON_PAGES))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"case": case, "page": page, "person": person,
                                                       "persons": case.persons.all()})


def _beheerder_users(user):
    if not (user.is_beheerder or user.is_superuser):
        raise Http404
    users = User.objects.select_related("organisation", "region")
    return users if user.is_superuser else users.filter(region_id=user.region_id)


def user_log_index(request):
    users = _beheerder_users(request.user).order_by("last_name", "first_name")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/user_log_index.html", {"page": page})


def user_access_log(request, subject_user_id):
    """A user's accesses over a period, for audits by the functioneel beheerder (logged as well)."""
    subject = get_object_or_404(_beheerder_users(request.user), pk=subject_user_id)
    form = PeriodForm(request.GET or None)
    entries = AccessLog.objects.filter(user_id=subject.pk)
    if form.is_valid():
        tz = timezone.get_current_timezone()
        if form.cleaned_data["start"]:
            entries = entries.filter(at__gte=datetime.combine(form.cleaned_data["start"], time.min, tz))
        if form.cleaned_data["end"]:
            entries = entries.filter(at__lt=datetime.combine(form.cleaned_data["end"] + timedelta(days=1), time.min,
                                                             tz))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/user_access_log.html", {"subject": subject, "form": form, "page": page,
                                                            "query": query.urlencode()})


def person_export_json(request, case_uuid, person_id):
    case = get_case(request.user, case_uuid, "handle_subject_rights")
    person = _person(request, case, person_id)
    request.access_event = AccessEvent.EXPORT
    response = HttpResponse(json.dumps(inzage.person_export(person), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-{case.reference}-{person.pk}.json"'
    return response


def person_export_pdf(request, case_uuid, person_id):
    case = get_case(request.user, case_uuid, "handle_subject_rights")
    person = _person(request, case, person_id)
    request.access_event = AccessEvent.DOWNLOAD
    response = HttpResponse(inzage.person_export_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{case.reference}-{person.pk}.pdf"'
    return response


def person_erase(request, case_uuid, person_id):
    case = get_case(request.user, case_uuid, "handle_subject_rights")
    person = _person(request, case, person_id)
    form = EraseForm(request.POST or None)
    erase = lambda data: services.person_erase(person=person, actor=request.user, reason=data["reason"])  # noqa: E731
    if saved(request, form, erase, done=_("De persoonsgegevens zijn gewist.")):
        return redirect("privacy:case_privacy", case_uuid=case.uuid)
    return form_page(
        request, case, form, title=_("Persoonsgegevens wissen"),
        back=reverse("privacy:case_privacy", kwargs={"case_uuid": case.uuid}),
        intro=_("Wis de naam, geboortedatum en informatie over %(p)s, op verzoek en waar de wet het toestaat. "
                "Wat nodig is voor de overzichten (fasen, datums) blijft.") % {"p": person})

