"""Steps that several browser journeys take the same way, so each journey reads as its story."""


def fill_referral(page, *, reason, aim, first_name, last_name, born, basis="Jeugdwet: taak van het wijkteam."):
    """The aanmelding form: why, on what ground, what for, and the youth (the first person row)."""
    page.get_by_label("Aanleiding: waarom vraagt u procesregie aan?").fill(reason)
    page.get_by_label("Onderbouwing").fill(basis)
    page.get_by_label("Wat wilt u met procesregie bereiken?").fill(aim)
    row = page.get_by_test_id("person-row").first
    row.get_by_label("Voornaam").fill(first_name)
    row.get_by_label("Achternaam").fill(last_name)
    row.get_by_label("Geboortedatum").fill(born)


def accept_aanmelding(page, *, explanation, procesregisseur):
    """On the triage page: take the aanmelding up for procesregie and name its procesregisseur."""
    page.get_by_label("Opgepakt voor procesregie").check()
    page.get_by_label("Toelichting voor de aanmelder").fill(explanation)
    page.get_by_label("Procesregisseur").select_option(label=procesregisseur)
    page.get_by_role("button", name="Besluit vastleggen").click()


def fill_zorgvraag(page, zorgvraag):
    """From the case page in intake: the zorgvraag."""
    page.get_by_role("link", name="Zorgvraag bewerken").click()
    page.get_by_label("Zorgvraag").fill(zorgvraag)
    page.get_by_role("button", name="Opslaan").click()


def add_party(page, organisation, *, task="", ask_cooperation=False):
    """From the case page: an involved party (its organisation's label), to invite to the overleg."""
    page.get_by_role("link", name="Partij toevoegen").click()
    page.locator("#id_organisation").select_option(label=organisation)
    if task:
        page.get_by_label("Primaire taak").fill(task)
    if ask_cooperation:
        page.get_by_label("Te bevragen over de samenwerking").check()
    page.get_by_label("Uitnodigen voor overleg").check()
    page.get_by_role("button", name="Opslaan").click()


def plan_overleg(page, *, on, parties=(), location="ZVH Rotterdam-Rijnmond, zaal 2", start="10:00", end="11:30"):
    """From the case page: plan a plan-overleg on date `on` (ISO) and invite the case's `parties` (their labels)."""
    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_label("Soort overleg").select_option("plan_overleg")
    page.get_by_label("Datum").fill(on)
    page.get_by_label("Begintijd").fill(start)
    page.get_by_label("Eindtijd").fill(end)
    page.get_by_label("Locatie").fill(location)
    for party in parties:
        page.get_by_label(party).check()
    page.get_by_role("button", name="Opslaan").click()
    assert "Overleg gepland." in page.content()


def invite(page, *, organisation, user):
    """On the meeting page: invite a professional who is not yet a party of the case."""
    page.get_by_text("Genodigde toevoegen").click()
    form = page.get_by_test_id("invitee-form")
    form.get_by_label("Organisatie").select_option(label=organisation)
    form.get_by_label("Professional (gebruiker)").select_option(label=user)
    form.get_by_role("button", name="Uitnodigen").click()


def add_activity(page, *, what, goal, organisation, plan="A", person=None, name=None, due=None):
    """On the plan page: an activity of plan A or B for a goal, owned by a user (`person`) or a `name`."""
    page.get_by_role("link", name=f"Activiteit plan {plan} toevoegen").click()
    page.locator("#id_what").fill(what)
    page.get_by_label("Voor welk doel").select_option(label=goal)
    page.get_by_label("Verantwoordelijke organisatie").select_option(label=organisation)
    if person:
        page.get_by_label("Verantwoordelijke (gebruiker)").select_option(label=person)
    if name:
        page.get_by_label("Of: naam verantwoordelijke").fill(name)
    if due:
        page.get_by_label("Uiterlijk op").fill(due)
    page.get_by_role("button", name="Opslaan").click()
    assert "Activiteit toegevoegd." in page.content()


def to_stage(page, stage, reason=""):
    """On the case page: move the case to `stage` (its value, e.g. "plan"), with a reason where one is asked."""
    page.get_by_label("Naar fase").select_option(stage)
    if reason:
        page.get_by_label("Toelichting", exact=True).fill(reason)
    page.get_by_role("button", name="Naar deze fase").click()


def fill_analysis(page, *, facts, worries, strengths, explanation):
    """From the plan page: part (a) of the plan, the analysis of the current situation."""
    page.get_by_role("link", name="Analyse bewerken").click()
    page.get_by_label("Feiten").fill(facts)
    page.get_by_label("Zorgen").fill(worries)
    page.get_by_label("Krachten").fill(strengths)
    page.get_by_label("Verklaring").fill(explanation)
    page.get_by_role("button", name="Opslaan").click()
    assert "Analyse opgeslagen." in page.content()


def fill_scenarios(page, *, plan_a, plan_b, trigger, first_checkin, keep_informed=None):
    """From the plan page: plan A, plan B with its trigger, how parties keep each other informed, the first check-in."""
    page.get_by_role("link", name="Plan A, plan B en afspraken bewerken").click()
    page.get_by_label("Plan A: de aanpak").fill(plan_a)
    page.get_by_label("Plan B: de aanpak als het anders loopt").fill(plan_b)
    page.get_by_label("Wanneer treedt plan B in werking?").fill(trigger)
    if keep_informed:
        page.get_by_label("Hoe houden de partijen elkaar op de hoogte?").fill(keep_informed)
    page.get_by_label("Eerste monitormoment").fill(first_checkin)
    page.get_by_role("button", name="Opslaan").click()
    assert "Plan opgeslagen." in page.content()


def appoint_casusregisseur(page, label):
    """From the plan page: appoint the casusregisseur (the option's label: name and organisation)."""
    page.get_by_role("link", name="Casusregisseur benoemen").click()
    page.get_by_label("Casusregisseur").select_option(label=label)
    page.get_by_role("button", name="Opslaan").click()
