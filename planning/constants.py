from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PLAN = "plan_overleg", _("Plan-overleg")
    MONITORING = "monitoring_overleg", _("Monitoring-overleg")
    OPSCHALING = "opschalingsoverleg", _("Opschalingsoverleg")
    EVALUATIE = "evaluatie", _("Evaluatie")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


class InviteeRole(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional van een partij")
    JEUGDIGE = "jeugdige", _("Jeugdige")
    OUDER = "ouder", _("Ouder / wettelijk vertegenwoordiger")


class Participation(models.TextChoices):
    """How someone takes part (stap 2: talk with the youth and parents, not about them)."""

    PRESENT = "present", _("Neemt deel aan het overleg")
    VIDEO = "video", _("Via een vooraf opgenomen video")
    NONE = "none", _("Neemt niet deel")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Nog niet bekend")
    PRESENT = "present", _("Aanwezig")
    ABSENT = "absent", _("Afwezig")


# The agenda of stap 3, as (field on Meeting, letter, label). A meeting "covers the agenda" when all
# four parts are marked as discussed.
AGENDA_PARTS = [
    ("agenda_analysis", "a", _("Analyse van de huidige situatie")),
    ("agenda_goals", "b", _("Doelen vanuit het perspectief van de jeugdige")),
    ("agenda_solutions", "c", _("Oplossingsrichtingen")),
    ("agenda_plan", "d", _("Plan en verdeling van de activiteiten")),
]
AGENDA_FIELDS = [name for name, _letter, _label in AGENDA_PARTS]

# The seven success conditions of good procesregie (seed 003), as (field on Meeting, label).
SUCCESS_CONDITIONS = [
    ("sc_all_parties", _("Alle betrokken partijen aan tafel")),
    ("sc_interests_visible", _("Zicht op elkaars belangen en speelruimte")),
    ("sc_respect", _("Respect voor elkaars professie")),
    ("sc_shared_goals", _("Gezamenlijke doelbinding")),
    ("sc_information_sharing", _("Informatie kan doelmatig, proportioneel en veilig worden gedeeld")),
    ("sc_safe_climate", _("Een veilig werkklimaat")),
    ("sc_clear_agreements", _("Heldere afspraken over doelen, acties, voortgangsbewaking en bijsturing")),
]
SUCCESS_CONDITION_FIELDS = [name for name, _label in SUCCESS_CONDITIONS]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    ADOPTED = "adopted", _("Vastgesteld")


class ScenarioKind(models.TextChoices):
    A = "A", _("Plan A")
    B = "B", _("Plan B")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Loopt")
    DONE = "done", _("Gedaan")
    CANCELLED = "cancelled", _("Vervallen")


# A goal is the youth's perspective, not a treatment (stap 3b). A goal containing one of these
# word parts gets a warning (not a refusal). Parts, not words: Dutch glues words together
# ("gezinstherapie", "agressieregulatietraining", "zorgtraject").
TREATMENT_WORDS = ("therapie", "therapeut", "behandel", "training", "traject", "cursus")


class PlanningEvent(models.TextChoices):
    """Timeline events that planning writes (registered with `cases.timeline` in `PlanningConfig.ready()`)."""

    MEETING_SCHEDULED = "meeting_scheduled", _("Overleg gepland")
    MEETING_CHANGED = "meeting_changed", _("Overleg gewijzigd")
    MEETING_CANCELLED = "meeting_cancelled", _("Overleg geannuleerd")
    MEETING_RECORDED = "meeting_recorded", _("Verslag van overleg vastgelegd")
    CASUSREGISSEUR_APPOINTED = "casusregisseur_appointed", _("Casusregisseur benoemd")
    PLAN_ADOPTED = "plan_adopted", _("Plan van aanpak vastgesteld")
    PLAN_NEW_VERSION = "plan_new_version", _("Nieuwe conceptversie van het plan")
    PLAN_B_ACTIVATED = "plan_b_activated", _("Overgestapt op plan B")
    INVITEE_ADDED = "invitee_added", _("Genodigde toegevoegd")
    INVITEE_REMOVED = "invitee_removed", _("Genodigde verwijderd")
    DECISION_ADDED = "decision_added", _("Besluit van overleg vastgelegd")
    ANALYSIS_UPDATED = "analysis_updated", _("Analyse bijgewerkt")
    GOAL_ADDED = "goal_added", _("Doel toegevoegd")
    GOAL_CHANGED = "goal_changed", _("Doel gewijzigd")
    GOAL_REMOVED = "goal_removed", _("Doel verwijderd")
    DIRECTION_ADDED = "direction_added", _("Oplossingsrichting toegevoegd")
    DIRECTION_REMOVED = "direction_removed", _("Oplossingsrichting verwijderd")
    ACTIVITY_ADDED = "activity_added", _("Activiteit toegevoegd")
    ACTIVITY_CHANGED = "activity_changed", _("Activiteit gewijzigd")
    ACTIVITY_REMOVED = "activity_removed", _("Activiteit verwijderd")
    PLAN_CHANGED = "plan_changed", _("Plan van aanpak bijgewerkt")
