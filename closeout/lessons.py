"""The lessons library: a detector for identifying details, review by a second procesregisseur, withdrawal.

A lesson comes from a case's evaluation and is linked to that case (retention and erasure reach
it; its history is on the case timeline). It is shown to other regions only after a second
procesregisseur of the region reviewed it; the author and the region's beheerder can withdraw it.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases import timeline
from cases.access import NotAllowed
from cases.models import Case
from closeout.constants import CloseOutEvent, LessonEvent, LessonStatus
from closeout.models import Evaluation, Lesson
from planning.models import Activity, MeetingInvitee
from zvh.models import User


class LessonRefused(NotAllowed):
    """Not allowed for this lesson; the message says why (Dutch)."""


@dataclass(frozen=True)
class Hit:
    """One identifying detail found in a lesson: what, the text found, and why it must go."""

    kind: str
    found: str
    explanation: str

    def __str__(self):
        return f"{self.kind} “{self.found}”: {self.explanation}"


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
MONTH = r"(?i:" + "|".join([*MONTHS, "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
                           "dec"]) + r")\.?"
YEAR = r"(?:\d{4}|['’‘]\d{2}|\d{2})"
STREET_SUFFIX = (r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|pad|steeg|hof|dreef|park|baan|markt|ring|wal"
                 r"|veld|erf|plantsoen|boulevard|allee|hoek|kwartier|wijk|dam|haven|zijde|akker|tuin|burg)")
TITLE = r"(?i:dr|drs|mr|ir|ing|prof|dhr|mevr|mw|mej|de\s+heer|mevrouw|meneer|juf|meester)"
SCHOOL_WORD = r"(?i:basisschool|bs|obs|cbs|rkbs|pcbs|school|college|lyceum|gymnasium|scholengemeenschap|sbo|so|vso)"

PATTERNS = [
    ("postcode", re.compile(r"\b[1-9]\d{3}(?:\s?(?!SA\b|SD\b|SS\b)[A-Z]{2}|[a-z]{2})\b"),
     _lazy("Een postcode wijst (met een huisnummer) een adres aan.")),
    ("e-mailadres", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I),
     _lazy("Een e-mailadres hoort bij één persoon of organisatie.")),
    ("zaakkenmerk", re.compile(r"\bZVH[\s-]*[A-Z]{2,4}[\s-]*\d{4}[\s-]*\d{1,6}\b", re.I),
     _lazy("Een kenmerk van een ZVH-casus maakt de casus opzoekbaar.")),
    ("datum", re.compile(r"\b\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*" + YEAR + r"(?!\d)", re.I),
     _lazy("Een datum (zoals een geboortedatum) maakt een persoon herkenbaar.")),
    ("datum", re.compile(r"\b\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}\b"),
     _lazy("Een datum (zoals een geboortedatum) maakt een persoon herkenbaar.")),
    ("datum", re.compile(r"\b\d{1,2}(?:e|ste|de)?\s+" + MONTH + r"(?:\s+" + YEAR + r")?(?![\w])"),
     _lazy("Een datum (zoals een geboortedatum) maakt een persoon herkenbaar.")),
    ("datum", re.compile(r"\b" + MONTH + r"\s+['’‘]\d{2}\b"),
     _lazy("Een maand met jaartal kan naar een geboortedatum of gebeurtenis wijzen.")),
    ("adres", re.compile(r"\b(?:[A-Z][\w'-]*\s+){0,3}[A-Za-z][\w'-]*" + STREET_SUFFIX + r"\s+\d+\s?[a-zA-Z]?\b"),
     _lazy("Een straat met huisnummer is een adres.")),
    ("naam met titel", re.compile(r"\b" + TITLE + r"\.?\s+(?:[A-Z]\.\s?){0,4}\s*(?:(?:van|de|der|den|ter|ten)\s+)*"
                                  r"[A-Z][\w'-]+"),
     _lazy("Een titel of aanspreekvorm met een naam wijst een persoon aan.")),
    ("naam met voorletters", re.compile(r"\b(?:[A-Z]\.\s?){1,4}\s*(?:(?:van|de|der|den|ter|ten)\s+)*[A-Z][a-z][\w'-]+"),
     _lazy("Voorletters met een achternaam wijzen een persoon aan.")),
    ("school", re.compile(r"\b" + SCHOOL_WORD + r"[ \t]+(?:(?:de|het|'t)[ \t]+)?[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+)*"),
     _lazy("Een school bij naam maakt, zeker met een klas of groep, de jeugdige herkenbaar.")),
    ("school", re.compile(r"\b[A-Z][\w'-]*(?:college|lyceum|gymnasium|school)\b"
                          r"|\b(?:[A-Z][\w'-]+[ \t]+)+(?:Gymnasium|College|Lyceum|School|Scholengemeenschap)\b"),
     _lazy("Een school bij naam maakt, zeker met een klas of groep, de jeugdige herkenbaar.")),
]
CLASS = re.compile(r"\b(?:groep|klas|leerjaar|brugklas)\s+\d{1,2}\s?[a-z]?\b|\b\d\s?(?:vmbo|havo|vwo|mavo)\b", re.I)
PHONE_CANDIDATE = re.compile(r"(?:\+|\b00|\(|\b0)[\d\s\-().]{8,18}\d")
NUMBER_CANDIDATE = re.compile(r"(?<![\d.])\d[\d.\s-]{7,12}\d(?![\d])")


def _fold(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s\-]+", " ", folded)


def passes_elfproef(digits: str) -> bool:
    """The BSN check: 9 digits, weighted 9..2 and -1, sum divisible by 11 (and not all zeros)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def _phones(text: str) -> list[str]:
    found = []
    for match in PHONE_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if (digits.startswith("0") and not digits.startswith("00") and len(digits) == 10) or \
                (digits.startswith(("31", "0031")) and len(digits.removeprefix("00")) == 11):
            found.append(match.group(0).strip())
    return found


def _bsns(text: str) -> list[str]:
    return [m.group(0).strip() for m in NUMBER_CANDIDATE.finditer(text)
            if passes_elfproef(re.sub(r"\D", "", m.group(0)))]


def names_of_case(case: Case) -> list[str]:
    """Names of the case's persons and of the people of its parties (contacts, invitees, responsibles)."""

    names = []
    for person in case.persons.all():
        names += [person.first_name, person.last_name, f"{person.first_name} {person.last_name}"]
    for involvement in case.involvements.select_related("contact_user"):
        names.append(involvement.contact_name)
        if involvement.contact_user_id:
            names += [involvement.contact_user.get_full_name(), involvement.contact_user.last_name]
    names += MeetingInvitee.objects.filter(meeting__case=case).values_list("name", flat=True)
    names += Activity.objects.filter(scenario__plan__case=case).values_list("responsible_name", flat=True)
    words = set()
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2 and name not in ("[gewist]", "[geanonimiseerd]"):
            words.add(name)
            words.update(w for w in re.split(r"[\s\-]+", name) if len(w) >= 3 and w.lower() not in
                         {"van", "der", "den", "ter", "ten", "het"})
    return sorted(words, key=len, reverse=True)


def identifying_details(text: str, case: Case) -> list[Hit]:
    """Every identifying detail in `text`, each with an explanation for the author."""
    hits = []
    for kind, pattern, explanation in PATTERNS:
        hits += [Hit(kind, m.group(0).strip(), str(explanation)) for m in pattern.finditer(text)]
    hits += [Hit("telefoonnummer", p, _("Een telefoonnummer hoort bij één persoon.")) for p in _phones(text)]
    hits += [Hit("BSN", b, _("Dit getal is een geldig burgerservicenummer (het voldoet aan de elfproef)."))
             for b in _bsns(text)]
    if any(h.kind == "school" for h in hits) or re.search(r"\bschool\b", text, re.I):
        hits += [Hit("klas", m.group(0), _("Een klas of groep bij een school maakt de jeugdige herkenbaar."))
                 for m in CLASS.finditer(text)]
    folded = _fold(text)
    for name in names_of_case(case):
        if re.search(rf"(?<!\w){re.escape(_fold(name))}(?!\w)", folded):
            hits.append(Hit("naam", name, _("Deze naam komt voor in de casus (persoon of betrokkene).")))
    unique = {}
    for hit in hits:
        unique.setdefault((hit.kind, hit.found.lower()), hit)
    return list(unique.values())


def _refuse_identifying(title: str, text: str, case: Case) -> None:
    hits = identifying_details(f"{title}\n{text}", case)
    if hits:
        raise LessonRefused(_("Haal eerst weg wat personen herkenbaar maakt: %(f)s.")
                            % {"f": "; ".join(str(h) for h in hits)})


@transaction.atomic
def lesson_submit(*, case: Case, actor: User, title: str, theme: str, text: str) -> Lesson:
    """Offer a lesson from this case's evaluation for review; refused when it identifies anyone.

    Other regions see it only after a second procesregisseur of the region approved it.
    """
    if case.is_practice:
        raise LessonRefused(_("Een les uit een oefencasus komt niet in de landelijke bibliotheek; bespreek haar "
                              "in uw ontwikkelgroep."))
    if not Evaluation.objects.filter(case=case, skipped=False).exists():
        raise LessonRefused(_("Een les delen kan na een evaluatie."))
    _refuse_identifying(title, text, case)
    lesson = Lesson.objects.create(title=title.strip(), theme=theme, text=text.strip(), region=case.region,
                                   case=case, published_by=actor, status=LessonStatus.REVIEW)
    timeline.record(case, LessonEvent.LESSON_SUBMITTED, actor=actor, closed_ok=True, touch_case=False)
    return lesson


def may_review(user: User, lesson: Lesson) -> bool:
    return (lesson.status == LessonStatus.REVIEW and user.is_procesregisseur and user.is_active
            and user.region_id == lesson.region_id and user.pk != lesson.published_by_id)


def may_withdraw(user: User, lesson: Lesson) -> bool:
    if lesson.status == LessonStatus.WITHDRAWN:
        return False
    return user.pk == lesson.published_by_id or user.is_superuser or (
        user.is_beheerder and user.region_id == lesson.region_id)


@transaction.atomic
def lesson_review(*, lesson: Lesson, actor: User, approve: bool, reason: str = "") -> Lesson:
    """A second procesregisseur of the region approves (shared with all regions) or returns the lesson."""
    lesson = Lesson.objects.select_for_update(of=("self",)).select_related("case").get(pk=lesson.pk)
    if not may_review(actor, lesson):
        raise LessonRefused(_("Deze les kunt u niet beoordelen: dat doet een andere procesregisseur van de regio."))
    if approve and lesson.case_id:
        _refuse_identifying(lesson.title, lesson.text, lesson.case)
    if not approve and not reason.strip():
        raise LessonRefused(_("Schrijf erbij waarom de les wordt teruggegeven."))
    lesson.status = LessonStatus.PUBLISHED if approve else LessonStatus.REJECTED
    lesson.reviewed_by, lesson.reviewed_at = actor, timezone.now()
    fields = ["status", "reviewed_by", "reviewed_at"]
    if approve:
        lesson.published_at = lesson.reviewed_at
        fields.append("published_at")
    else:
        lesson.withdraw_reason = reason.strip()
        fields.append("withdraw_reason")
    lesson.save(update_fields=fields)
    if lesson.case_id:
        timeline.record(lesson.case, CloseOutEvent.LESSON_PUBLISHED if approve else LessonEvent.LESSON_REJECTED,
                        actor=actor, closed_ok=True, touch_case=False)
    return lesson


@transaction.atomic
def lesson_withdraw(*, lesson: Lesson, actor: User, reason: str) -> Lesson:
    """The author or the region's beheerder takes a lesson out of the library (on the case timeline)."""
    lesson = Lesson.objects.select_for_update(of=("self",)).select_related("case").get(pk=lesson.pk)
    if not may_withdraw(actor, lesson):
        raise LessonRefused(_("Alleen de auteur of de functioneel beheerder van de regio kan deze les intrekken."))
    if not reason.strip():
        raise LessonRefused(_("Schrijf erbij waarom de les wordt ingetrokken."))
    lesson.status, lesson.withdrawn_by, lesson.withdrawn_at = LessonStatus.WITHDRAWN, actor, timezone.now()
    lesson.withdraw_reason = reason.strip()
    lesson.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdraw_reason"])
    if lesson.case_id:
        timeline.record(lesson.case, LessonEvent.LESSON_WITHDRAWN, actor=actor, closed_ok=True, touch_case=False)
    return lesson


def lessons_visible_to(user: User):
    """Published lessons of every region; in the own region also those awaiting review (procesregisseurs)
    and the user's own; withdrawn lessons nowhere (except to their author)."""
    visible = Q(status=LessonStatus.PUBLISHED)
    if user.is_procesregisseur:
        visible |= Q(status=LessonStatus.REVIEW, region_id=user.region_id)
    visible |= Q(published_by_id=user.pk) & ~Q(status=LessonStatus.WITHDRAWN)
    if user.is_beheerder:
        visible = Q(region_id=user.region_id) & ~Q(status=LessonStatus.WITHDRAWN) | Q(status=LessonStatus.PUBLISHED)
    return Lesson.objects.filter(visible).select_related("region")
