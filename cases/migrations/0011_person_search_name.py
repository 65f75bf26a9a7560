"""Person.search_name: the normalised name for search (cases.search), filled for existing persons; on
PostgreSQL a trigram index (pg_trgm) so that `search_name LIKE '%zoe%'` does not scan the table."""

import re
import unicodedata

from django.db import migrations, models


def _normalise(text):
    # Frozen copy of cases.search.normalise as of this migration.
    folded = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", folded.lower()).strip()


def fill(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    batch = []
    for person in Person.objects.only("pk", "first_name", "last_name", "erased_at").iterator(chunk_size=2000):
        person.search_name = "" if person.erased_at else _normalise(f"{person.first_name} {person.last_name}")
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["search_name"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS cases_person_search_name_trgm "
                          "ON cases_person USING gin (search_name gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_person_search_name_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0010_recompute_person_match_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=210),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
