"""Recompute every person's match key with the normalised form (cases.known_persons.match_key):
case, diacritics, spaces, hyphens and apostrophes ignored, first and last name in either order."""

import unicodedata

from django.db import migrations


def _normalise(name):
    folded = "".join(c for c in unicodedata.normalize("NFKD", name or "") if not unicodedata.combining(c))
    return "".join(c for c in folded.lower() if c.isalnum())


def _key(first_name, last_name, date_of_birth):
    # Frozen copy of cases.known_persons.match_key as of this migration.
    if not date_of_birth:
        return ""
    names = sorted(n for n in (_normalise(first_name), _normalise(last_name)) if n)
    return f"{'|'.join(names)}|{date_of_birth:%Y-%m-%d}" if names else ""


def recompute(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    batch = []
    for person in Person.objects.only("pk", "first_name", "last_name", "date_of_birth", "match_key",
                                      "erased_at").iterator(chunk_size=2000):
        key = "" if person.erased_at else _key(person.first_name, person.last_name, person.date_of_birth)
        if key != person.match_key:
            person.match_key = key
            batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["match_key"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["match_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_permissionreconciliation_alter_case_options_and_more"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
