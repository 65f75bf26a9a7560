"""The stappenplan as the case page shows it: steps, guidance and the evaluation questions."""

from django.utils.translation import gettext_lazy as _

from cases import workflow
from cases.constants import CaseStage

GUIDANCE = {
    CaseStage.AANMELDING: _(
        "Het team beoordeelt of procesregie hier past: zitten partijen vast in de samenwerking rond "
        "deze jeugdige of dit gezin? Leg het besluit uit aan de aanmelder."
    ),
    CaseStage.INTAKE: _(
        "Maak het beeld compleet: wat is de zorgvraag, wie zijn de jeugdige en het gezin, welke partijen "
        "zijn of waren betrokken en wat kun je hen vragen, over de inhoud en over de samenwerking? "
        "Leg vast waar elke informatie vandaan komt en op welke grondslag."
    ),
    CaseStage.OVERLEG: _(
        "Kies wie aan tafel moet: niet te veel mensen, wel wie iets kan bijdragen. Praat met de jeugdige en "
        "ouders, niet over hen; bedenk hoe zij meedoen, bijvoorbeeld met een korte video."
    ),
    CaseStage.PLAN: _(
        "Houd het proces in handen en laat de inhoud bij de partijen. Eerst samen het beeld, dan het "
        "perspectief van de jeugdige, dan oplossingen. Maak een plan A en een plan B en spreek af wie "
        "casusregisseur is."
    ),
    CaseStage.MONITORING: _(
        "Volg de uitvoering op afstand: bel af en toe, begin bij de casusregisseur. Loopt het vast, roep "
        "dan het overleg opnieuw bijeen."
    ),
    CaseStage.AFSCHALEN: _(
        "Laat los als de hulp goed geregeld is, het gezin zelf verder kan of de regie is overgedragen aan "
        "een professional. Spreek af of er nazorg en een evaluatie komen."
    ),
    CaseStage.EVALUATIE: _(
        "Wat ging goed, wat kan beter, wat nemen we mee naar volgende casussen? Deel ook wat misging: "
        "daar leren andere regio's van."
    ),
}

EVALUATION_QUESTIONS = [
    _("Wat was de vraag?"),
    _("Wat was de bedoeling?"),
    _("Helpt wat we doen?"),
]


def stepper(case) -> list[dict]:
    """Each step of the stappenplan with its state: done, current or to do."""
    steps = []
    if case.stage == CaseStage.CLOSED:
        reached = {c.to_stage for c in case.stage_changes.all()} | {c.from_stage for c in case.stage_changes.all()}
    current_index = workflow.STEPS.index(case.stage)
    for index, stage in enumerate(workflow.STEPS):
        if case.stage == CaseStage.CLOSED:
            state = "current" if stage == CaseStage.CLOSED else ("done" if stage in reached else "skipped")
        else:
            state = "done" if index < current_index else "current" if index == current_index else "todo"
        steps.append({"stage": stage, "label": stage.label, "state": state, "number": index})
    return steps
