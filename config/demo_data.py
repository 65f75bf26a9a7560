"""Fixed, fictitious demo data: the 30 Zorg- en Veiligheidshuizen, their partners and demo users.

Every person and case here is invented. Names are chosen so they do not point at real people.
"""

from zvh.constants import Function
from zvh.constants import OrganisationType as T

DEMO_PASSWORD = "procesregie-demo-2026"  # noqa: S105 - documented demo password, refused with DEBUG off

# (code, name, place used in organisation names, phone)
REGIONS = [
    ("GR", "ZVH Groningen", "Groningen", "050-0000001"),
    ("FR", "ZVH Fryslân", "Leeuwarden", "058-0000002"),
    ("DR", "ZVH Drenthe", "Assen", "0592-000003"),
    ("IJ", "ZVH IJsselland", "Zwolle", "038-0000004"),
    ("TW", "ZVH Twente", "Enschede", "053-0000005"),
    ("NOG", "ZVH Noord- en Oost-Gelderland", "Apeldoorn", "055-0000006"),
    ("GM", "ZVH Gelderland-Midden", "Arnhem", "026-0000007"),
    ("GZ", "ZVH Gelderland-Zuid", "Nijmegen", "024-0000008"),
    ("UT", "ZVH Utrecht", "Utrecht", "030-0000009"),
    ("EM", "ZVH Eemland", "Amersfoort", "033-0000010"),
    ("NHN", "ZVH Noord-Holland Noord", "Alkmaar", "072-0000011"),
    ("ZW", "ZVH Zaanstreek-Waterland", "Zaandam", "075-0000012"),
    ("KE", "ZVH Kennemerland", "Haarlem", "023-0000013"),
    ("AA", "ZVH Amsterdam-Amstelland", "Amsterdam", "020-0000014"),
    ("GV", "ZVH Gooi en Vechtstreek", "Hilversum", "035-0000015"),
    ("FL", "ZVH Flevoland", "Almere", "036-0000016"),
    ("HL", "ZVH Haaglanden", "Den Haag", "070-0000017"),
    ("HM", "ZVH Hollands Midden", "Leiden", "071-0000018"),
    ("RR", "ZVH Rotterdam-Rijnmond", "Rotterdam", "010-0000019"),
    ("ZHZ", "ZVH Zuid-Holland Zuid", "Dordrecht", "078-0000020"),
    ("ZL", "ZVH Zeeland", "Middelburg", "0118-000021"),
    ("WB", "ZVH West-Brabant", "Breda", "076-0000022"),
    ("MB", "ZVH Midden-Brabant", "Tilburg", "013-0000023"),
    ("BN", "ZVH Brabant-Noord", "'s-Hertogenbosch", "073-0000024"),
    ("BZO", "ZVH Brabant-Zuidoost", "Eindhoven", "040-0000025"),
    ("LN", "ZVH Limburg-Noord", "Venlo", "077-0000026"),
    ("ZLB", "ZVH Zuid-Limburg", "Maastricht", "043-0000027"),
    ("AV", "ZVH Achterhoek", "Doetinchem", "0314-000028"),
    ("NV", "ZVH Noordoost-Brabant Veghel", "Veghel", "0413-000029"),
    ("WF", "ZVH Westfriesland", "Hoorn", "0229-000030"),
]

# Organisation templates per region: (name template, type).
ORGANISATIONS = [
    ("{zvh}", T.ZVH),
    ("Gemeente {place}", T.GEMEENTE),
    ("Wijkteam {place}-Noord", T.WIJKTEAM),
    ("Wijkteam {place}-Zuid", T.WIJKTEAM),
    ("Veilig Thuis regio {place}", T.VEILIG_THUIS),
    ("Politie, basisteam {place}", T.POLITIE),
    ("Openbaar Ministerie, parket {place}", T.OM),
    ("Reclassering Nederland, unit {place}", T.RECLASSERING),
    ("Raad voor de Kinderbescherming, locatie {place}", T.RVDK),
    ("Jeugdbescherming regio {place}", T.JEUGDBESCHERMING),
    ("GGZ {place}", T.GGZ),
    ("Samenwerkingsverband passend onderwijs {place}", T.ONDERWIJS),
    ("Woonstichting {place}", T.WONINGCORPORATIE),
    ("Jeugdgezondheidszorg {place}", T.HUISARTS),
]

# Regions that get users of every function and demo cases.
DEMO_REGIONS = ["RR", "TW"]

# (username suffix, first name, last name, function, organisation template)
USERS = [
    ("procesregisseur", "Sanne", "Visser", Function.PROCESREGISSEUR, "{zvh}"),
    ("procesregisseur2", "Joost", "Mulder", Function.PROCESREGISSEUR, "{zvh}"),
    ("manager", "Karin", "de Boer", Function.MANAGER, "{zvh}"),
    ("beheerder", "Ruben", "Smit", Function.BEHEERDER, "{zvh}"),
    ("casusregisseur", "Fatima", "El Idrissi", Function.PARTNER, "Wijkteam {place}-Noord"),
    ("partner-politie", "Mark", "Jansen", Function.PARTNER, "Politie, basisteam {place}"),
    ("partner-veiligthuis", "Ingrid", "Bakker", Function.PARTNER, "Veilig Thuis regio {place}"),
    ("partner-school", "Thomas", "Meijer", Function.PARTNER, "Samenwerkingsverband passend onderwijs {place}"),
]

# Fictitious families for the demo cases: (youth, date of birth, parent, parent role relation).
FAMILIES = [
    (("Noah", "Verbeek"), "2011-03-14", ("Linda", "Verbeek"), "moeder"),
    (("Lotte", "Hendriks"), "2009-07-02", ("Peter", "Hendriks"), "vader"),
    (("Milan", "Kramer"), "2012-11-23", ("Anouk", "Kramer"), "moeder"),
    (("Sara", "Bos"), "2008-05-30", ("Erik", "Bos"), "vader"),
    (("Daan", "Peters"), "2010-01-17", ("Marieke", "Peters"), "moeder"),
    (("Yara", "Dekker"), "2013-09-08", ("Hasan", "Dekker"), "vader"),
    (("Levi", "van Dam"), "2007-12-04", ("Sandra", "van Dam"), "moeder"),
    (("Emma", "Koster"), "2011-06-21", ("Rob", "Koster"), "vader"),
    (("Sem", "Willems"), "2009-02-11", ("Ilse", "Willems"), "moeder"),
    (("Julia", "Brouwer"), "2012-04-27", ("Kees", "Brouwer"), "vader"),
]

REASONS = [
    (
        "Jeugdige verzuimt al maanden van school; wijkteam, school en GGZ werken langs elkaar heen en "
        "moeder weet niet meer bij wie ze moet zijn.",
        "Eén gezamenlijk plan waarin duidelijk is wie wat doet, zodat de jeugdige weer naar school gaat.",
    ),
    (
        "Meerdere meldingen bij Veilig Thuis en politie over spanningen thuis; hulpverlening stopt steeds "
        "voortijdig.",
        "Afspraken over veiligheid die alle partijen dragen, en hulp die niet opnieuw afhaakt.",
    ),
    (
        "Jeugdige is in aanraking gekomen met de politie; reclassering, school en jeugdbescherming hebben "
        "elk een eigen plan.",
        "Plannen op elkaar afstemmen en een casusregisseur die het overzicht houdt.",
    ),
    (
        "Dreigende huisuitzetting van een gezin met drie kinderen; schulden, zorgen over opvoeding.",
        "Huisvesting behouden en de zorg voor de kinderen zeker stellen.",
    ),
]
