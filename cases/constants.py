from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStage(models.TextChoices):
    """The stappenplan, in order. `closed` can be reached from every stage."""

    AANMELDING = "aanmelding", _("Aanmelding")
    INTAKE = "intake", _("Intake")
    OVERLEG = "overleg", _("Overleg")
    PLAN = "plan", _("Plan van aanpak")
    MONITORING = "monitoring", _("Monitoring")
    AFSCHALEN = "afschalen", _("Afschalen")
    EVALUATIE = "evaluatie", _("Evaluatie")
    CLOSED = "closed", _("Afgesloten")


OPEN_STAGES = [stage for stage in CaseStage if stage != CaseStage.CLOSED]


class Urgency(models.TextChoices):
    REGULIER = "regulier", _("Regulier")
    VERHOOGD = "verhoogd", _("Verhoogd")
    SPOED = "spoed", _("Spoed")


URGENCY_ORDER = {Urgency.SPOED: 0, Urgency.VERHOOGD: 1, Urgency.REGULIER: 2}


class TriageDecision(models.TextChoices):
    PENDING = "pending", _("Nog niet getrieerd")
    ACCEPTED = "accepted", _("Opgepakt voor procesregie")
    DECLINED = "declined", _("Afgewezen")
    REFERRED = "referred", _("Doorverwezen")


class PersonRole(models.TextChoices):
    JEUGDIGE = "jeugdige", _("Jeugdige")
    OUDER = "ouder", _("Ouder")
    VERTEGENWOORDIGER = "vertegenwoordiger", _("Wettelijk vertegenwoordiger")
    GEZINSLID = "gezinslid", _("Ander gezinslid")
    OVERIG = "overig", _("Overig betrokkene")


class LegalBasis(models.TextChoices):
    """AVG art. 6 grounds a partner can rest its sharing on (a ZVH has none of its own)."""

    PUBLIEKE_TAAK = "publieke_taak", _("Wettelijke/publieke taak")
    WETTELIJKE_PLICHT = "wettelijke_plicht", _("Wettelijke verplichting")
    VITAAL_BELANG = "vitaal_belang", _("Vitaal belang")
    TOESTEMMING = "toestemming", _("Toestemming")


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Aangemeld")
    TRIAGED = "triaged", _("Triage")
    ASSIGNED = "assigned", _("Procesregisseur toegewezen")
    PERSON_ADDED = "person_added", _("Persoon toegevoegd")
    PARTY_ADDED = "party_added", _("Partij toegevoegd")
    INFORMATION_ADDED = "information_added", _("Informatie vastgelegd")
    INTAKE_UPDATED = "intake_updated", _("Zorgvraag bijgewerkt")
    PARTY_UPDATED = "party_updated", _("Partij bijgewerkt")
    PERSON_CORRECTED = "person_corrected", _("Persoon gecorrigeerd")
    PERSON_REMOVED = "person_removed", _("Persoon verwijderd")
    PARTY_REMOVED = "party_removed", _("Partij verwijderd")
    INFORMATION_CORRECTED = "information_corrected", _("Informatie gecorrigeerd")
    INFORMATION_REMOVED = "information_removed", _("Informatie verwijderd")
    RECTIFIED = "rectified", _("Gerectificeerd op verzoek (AVG art. 16)")
    STAND_IN_SET = "stand_in_set", _("Waarneming geregeld")
    STAND_IN_ENDED = "stand_in_ended", _("Waarneming beëindigd")


# How long a case may reasonably stay in a stage before the list marks it "termijn verstreken".
# Monitoring has its own rhythm (check-ins, stagnation) and no norm here.
STAGE_NORM_DAYS = {
    CaseStage.AANMELDING: 5,
    CaseStage.INTAKE: 14,
    CaseStage.OVERLEG: 28,
    CaseStage.PLAN: 21,
    CaseStage.AFSCHALEN: 28,
    CaseStage.EVALUATIE: 42,
}
