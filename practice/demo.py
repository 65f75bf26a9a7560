"""Demo data of practice: the scenarios that ship with the product, a national trainer and a
development group of the demo regions' procesregisseurs and a trainee."""

from pathlib import Path

from django.db import transaction

from practice.models import DevelopmentGroup, Scenario
from practice.scenario_format import parse
from practice.services import scenario_save
from zvh.constants import Function
from zvh.models import User

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"


def shipped_scenarios() -> list[dict]:
    """The scenarios in practice/scenarios/*.json (each checked against the format)."""
    documents = []
    for path in sorted(SCENARIO_DIR.glob("*.json")):
        data, found = parse(path.read_text(encoding="utf-8"))
        if found:
            raise ValueError(f"{path.name}: {'; '.join(found)}")
        documents.append(data)
    return documents


@transaction.atomic
def load_scenarios() -> int:
    """Add the shipped scenarios that are not there yet (a trainer's edits are kept)."""
    added = 0
    for data in shipped_scenarios():
        if not Scenario.objects.filter(slug=data["slug"]).exists():
            scenario_save(data=data, actor=None)
            added += 1
    return added


@transaction.atomic
def seed_practice(*, password: str, region_codes: list[str]) -> None:
    load_scenarios()
    trainer, created = User.objects.get_or_create(
        username="landelijk-trainer",
        defaults={"first_name": "Hanneke", "last_name": "Vos", "function": Function.TRAINER,
                  "email": "landelijk-trainer@demo.zvh.example.nl"})
    if created:
        trainer.set_password(password)
        trainer.save(update_fields=["password"])
    members = []
    for code in region_codes:
        trainee, created = User.objects.get_or_create(
            username=f"{code.lower()}-inopleiding",
            defaults={"first_name": "Lotte", "last_name": "de Wit", "function": Function.TRAINEE,
                      "region": User.objects.get(username=f"{code.lower()}-procesregisseur").region,
                      "email": f"{code.lower()}-inopleiding@demo.zvh.example.nl"})
        if created:
            trainee.set_password(password)
            trainee.save(update_fields=["password"])
        members += [trainee, User.objects.get(username=f"{code.lower()}-procesregisseur")]
    group, _created = DevelopmentGroup.objects.get_or_create(name="Ontwikkelgroep regievoering", trainer=trainer)
    group.members.add(*members)
