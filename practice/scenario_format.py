"""The shareable scenario format ("zvh-oefenscenario/1"): one JSON document per scenario.

`problems(data)` lists, in Dutch, everything that keeps a document from being played; an empty list
means it can be imported. README "Oefenen" describes the format for trainers.
"""

import json
import re

from django.utils.translation import gettext as _

FORMAT = "zvh-oefenscenario/1"
URGENCIES = ("regulier", "verhoogd", "spoed")
PERSON_ROLES = ("jeugdige", "ouder", "vertegenwoordiger", "gezinslid", "overig")
PARTY_TYPES = ("gemeente", "wijkteam", "veilig_thuis", "politie", "om", "reclassering", "rvdk", "jeugdbescherming",
               "ggz", "onderwijs", "woningcorporatie", "huisarts", "jeugdhulp", "overig")
STAGES = ("intake", "overleg", "plan", "monitoring", "afschalen", "evaluatie")
# when["after"] → the keys it needs besides "after" (and the optional "days").
MOMENTS = {"start": (), "stage": ("stage",), "party_involved": ("party",), "invited": ("party",),
           "plan_adopted": ()}
# action → the keys it needs besides "action" and "text".
ACTIONS = {"message": (), "decline_invitation": ("party",), "youth_disagrees": ("person",),
           "withdraw_consent": ("person",), "escalate": (), "activity_not_delivered": ("party",)}
ATTENTION_POINTS = ("parties_at_table", "youth_heard", "casusregisseur", "plan_b_trigger", "afschaal_criteria")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
MAX_BYTES = 200_000


def parse(text: str) -> tuple[dict | None, list[str]]:
    """The document in `text` and its problems (a syntax error is one problem)."""
    if len(text.encode()) > MAX_BYTES:
        return None, [_("Het bestand is groter dan 200 kB; een scenario is veel kleiner.")]
    try:
        data = json.loads(text)
    except ValueError as error:
        return None, [_("Dit is geen geldige JSON: er gaat iets mis op regel %(line)s, teken %(col)s (let op "
                        "aanhalingstekens, komma's en haakjes).")
                      % {"line": getattr(error, "lineno", "?"), "col": getattr(error, "colno", "?")}]
    return data, problems(data)


def _text(value, limit=None) -> bool:
    return isinstance(value, str) and bool(value.strip()) and (limit is None or len(value) <= limit)


def problems(data) -> list[str]:  # noqa: C901 - one flat list of checks reads best
    if not isinstance(data, dict):
        return [_("Een scenario is één JSON-object ({ … }).")]
    found: list[str] = []
    if data.get("format") != FORMAT:
        found.append(_("Het veld format moet \"%(f)s\" zijn.") % {"f": FORMAT})
    if not isinstance(data.get("slug"), str) or not SLUG.match(data.get("slug", "")):
        found.append(_("De code (slug) bestaat uit kleine letters, cijfers en streepjes, bijvoorbeeld "
                       "schoolverzuim-politie."))
    if not _text(data.get("title"), 150):
        found.append(_("Geef een titel (hoogstens 150 tekens)."))
    for name, label in (("summary", _("samenvatting")), ("learning_goals", _("leerdoelen"))):
        if not _text(data.get(name)):
            found.append(_("Vul de %(label)s in (%(name)s).") % {"label": label, "name": name})
    persons = data.get("persons")
    person_keys = set()
    if not isinstance(persons, list) or not persons:
        found.append(_("Noem minstens één persoon (persons)."))
        persons = []
    for number, person in enumerate(persons, 1):
        if not isinstance(person, dict):
            found.append(_("Persoon %(n)s is geen object.") % {"n": number})
            continue
        if not isinstance(person.get("key"), str) or not KEY.match(person["key"]) or person["key"] in person_keys:
            found.append(_("Persoon %(n)s heeft geen eigen sleutel (key).") % {"n": number})
        else:
            person_keys.add(person["key"])
        if person.get("role") not in PERSON_ROLES:
            found.append(_("Persoon %(n)s: de rol is een van %(r)s.") % {"n": number, "r": ", ".join(PERSON_ROLES)})
        if not (_text(person.get("first_name"), 100) and _text(person.get("last_name"), 100)):
            found.append(_("Persoon %(n)s: vul voor- en achternaam in.") % {"n": number})
        age = person.get("age")
        if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 110:
            found.append(_("Persoon %(n)s: de leeftijd is een heel getal tussen 0 en 110.") % {"n": number})
        if not isinstance(person.get("relation", ""), str) or len(person.get("relation", "")) > 100:
            found.append(_("Persoon %(n)s: de relatie is een korte tekst.") % {"n": number})
    if not any(isinstance(p, dict) and p.get("role") == "jeugdige" for p in persons):
        found.append(_("Eén persoon heeft de rol jeugdige."))
    parties = data.get("parties")
    party_keys, party_names = set(), set()
    if not isinstance(parties, list) or not parties:
        found.append(_("Noem minstens één partij (parties)."))
        parties = []
    for number, party in enumerate(parties, 1):
        if not isinstance(party, dict):
            found.append(_("Partij %(n)s is geen object.") % {"n": number})
            continue
        if not isinstance(party.get("key"), str) or not KEY.match(party["key"]) or party["key"] in party_keys:
            found.append(_("Partij %(n)s heeft geen eigen sleutel (key).") % {"n": number})
        else:
            party_keys.add(party["key"])
        if not _text(party.get("name"), 150) or party.get("name") in party_names:
            found.append(_("Partij %(n)s: geef een eigen naam van hoogstens 150 tekens.") % {"n": number})
        else:
            party_names.add(party["name"])
        if party.get("type") not in PARTY_TYPES:
            found.append(_("Partij %(n)s: het soort (type) is een van %(t)s.")
                         % {"n": number, "t": ", ".join(PARTY_TYPES)})
        if not _text(party.get("contact_name"), 150):
            found.append(_("Partij %(n)s: noem de contactpersoon (contact_name).") % {"n": number})
        if not isinstance(party.get("needed_at_table", False), bool):
            found.append(_("Partij %(n)s: needed_at_table is true of false.") % {"n": number})
        information = party.get("information", [])
        if not isinstance(information, list):
            found.append(_("Partij %(n)s: information is een lijst.") % {"n": number})
            information = []
        for item in information:
            if not isinstance(item, dict) or not _text(item.get("content")) or (
                    item.get("about", "") and item.get("about") not in person_keys):
                found.append(_("Partij %(n)s: elk stuk informatie heeft een inhoud (content) en gaat over een "
                               "bekende persoon of niemand (about).") % {"n": number})
                break
    referral = data.get("referral")
    if not isinstance(referral, dict):
        found.append(_("Beschrijf de aanmelding (referral)."))
    else:
        for name in ("reason", "referrer_goal", "referrer_name", "zorgvraag"):
            if not _text(referral.get(name)):
                found.append(_("Aanmelding: vul %(name)s in.") % {"name": name})
        if referral.get("urgency") not in URGENCIES:
            found.append(_("Aanmelding: de urgentie is regulier, verhoogd of spoed."))
        if referral.get("referrer_party") not in party_keys:
            found.append(_("Aanmelding: de aanmeldende partij (referrer_party) is een van de partijen."))
    events = data.get("events", [])
    event_keys = set()
    if not isinstance(events, list):
        found.append(_("De gebeurtenissen (events) zijn een lijst."))
        events = []
    for number, event in enumerate(events, 1):
        label = _("Gebeurtenis %(n)s") % {"n": number}
        if not isinstance(event, dict):
            found.append(_("%(e)s is geen object.") % {"e": label})
            continue
        if not isinstance(event.get("key"), str) or not KEY.match(event["key"]) or event["key"] in event_keys:
            found.append(_("%(e)s heeft geen eigen sleutel (key).") % {"e": label})
        else:
            event_keys.add(event["key"])
        when = event.get("when")
        if not isinstance(when, dict) or when.get("after") not in MOMENTS:
            found.append(_("%(e)s: when.after is een van %(m)s.") % {"e": label, "m": ", ".join(MOMENTS)})
        else:
            days = when.get("days", 0)
            if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
                found.append(_("%(e)s: days is een heel getal van 0 tot 365.") % {"e": label})
            if "stage" in MOMENTS[when["after"]] and when.get("stage") not in STAGES:
                found.append(_("%(e)s: de fase is een van %(s)s.") % {"e": label, "s": ", ".join(STAGES)})
            if "party" in MOMENTS[when["after"]] and when.get("party") not in party_keys:
                found.append(_("%(e)s: when.party is een van de partijen.") % {"e": label})
        action = event.get("action")
        if action not in ACTIONS:
            found.append(_("%(e)s: de actie is een van %(a)s.") % {"e": label, "a": ", ".join(ACTIONS)})
        else:
            if "party" in ACTIONS[action] and event.get("party") not in party_keys:
                found.append(_("%(e)s: party is een van de partijen.") % {"e": label})
            if "person" in ACTIONS[action] and event.get("person") not in person_keys:
                found.append(_("%(e)s: person is een van de personen.") % {"e": label})
        if not _text(event.get("text")):
            found.append(_("%(e)s: schrijf wat er gebeurt (text).") % {"e": label})
    points = data.get("attention_points")
    if not isinstance(points, list) or not points or any(p not in ATTENTION_POINTS for p in points):
        found.append(_("De aandachtspunten (attention_points) zijn een lijst uit %(p)s.")
                     % {"p": ", ".join(ATTENTION_POINTS)})
    if not isinstance(data.get("debrief_notes", ""), str):
        found.append(_("De aantekeningen voor de nabespreking (debrief_notes) zijn tekst."))
    return found


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
