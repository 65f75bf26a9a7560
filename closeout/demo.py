"""Demo data for stap 5–6: close-outs, evaluations and shared lessons, through the real services."""

from datetime import timedelta

from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseStage
from closeout import services as closeout
from closeout.constants import LessonTheme

LESSONS = {
    "RR": ("Laat school als eerste aan tafel komen",
           LessonTheme.SAMENWERKING,
           "We begonnen met wijkteam en GGZ en betrokken school pas in het tweede overleg. Daardoor lag er al een "
           "plan waar school zich niet in herkende. Sindsdien nodigen we school meteen uit voor het eerste overleg, "
           "ook als de zorgvraag vooral thuis lijkt te liggen."),
    "TW": ("Plan B op papier voorkwam een nieuwe impasse",
           LessonTheme.PLAN_B,
           "Omdat we vooraf hadden afgesproken wanneer plan B ingaat, kon de casusregisseur zelf overstappen toen "
           "het schoolbezoek na zes weken niet verbeterde. Er was geen nieuw overleg nodig en niemand voelde zich "
           "gepasseerd."),
}



def advance_beyond_monitoring(case, final_stage, users) -> None:
    """From monitoring to afschalen, evaluatie or closed-after-evaluation (with a shared lesson)."""
    actor = case.procesregisseur
    casusregisseur = users["casusregisseur"]
    closeout.closeout_record(
        case=case, actor=actor,
        criteria={
            "care_organised": (True, "Wijkteam, school en GGZ werken volgens het plan; er is geen impasse meer."),
            "family_self_reliant": (False, "Moeder weet de hulp te vinden, maar heeft nog steun nodig."),
            "regie_handed_over": (True, "De casusregisseur van het wijkteam houdt de regie."),
        },
        handover_to=f"{casusregisseur.get_full_name()}, casusregisseur",
        handover_organisation=casusregisseur.organisation,
        handover_what="Plan van aanpak, afspraken over informatie delen, contactgegevens van alle partijen.",
        nazorg_on=timezone.localdate() + timedelta(days=90), evaluate=True,
    )
    if final_stage == CaseStage.AFSCHALEN:
        return
    case_services.case_transition(case=case, to=CaseStage.EVALUATIE, actor=actor,
                                  reason="Afgeschaald; we evalueren met alle partijen.")
    if final_stage == CaseStage.EVALUATIE:
        return
    closeout.evaluation_record(
        case=case, actor=actor,
        participants="Procesregisseur, casusregisseur wijkteam, school (zorgcoördinator), GGZ, moeder.",
        went_well="Snel om tafel; de jeugdige deed via een video mee en voelde zich gehoord.",
        to_improve="School had eerder betrokken moeten worden; plan B kwam laat op gang.",
        learned="Nodig school altijd uit voor het eerste overleg; spreek de voorwaarde voor plan B concreet af.",
    )
    title, theme, text = LESSONS.get(case.region.code, LESSONS["RR"])
    closeout.lesson_publish(case=case, actor=actor, title=title, theme=theme, text=text)
