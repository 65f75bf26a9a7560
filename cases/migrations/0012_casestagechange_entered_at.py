"""Store when the case entered the stage a change leaves (issue 16): the dashboards' time in a stage
becomes created_at − entered_at instead of a window function over all stage changes. Existing rows
get the previous change's moment, or the case's registration for the first change."""

from django.db import migrations, models

BACKFILL = """
UPDATE cases_casestagechange SET entered_at = COALESCE(
    (SELECT MAX(p.created_at) FROM cases_casestagechange p
     WHERE p.case_id = cases_casestagechange.case_id
       AND (p.created_at < cases_casestagechange.created_at
            OR (p.created_at = cases_casestagechange.created_at AND p.id < cases_casestagechange.id))),
    (SELECT c.opened_at FROM cases_case c WHERE c.id = cases_casestagechange.case_id))
WHERE entered_at IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_person_search_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestagechange",
            name="entered_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
