"""CaseEvent.description as text: a correction keeps the earlier value whole on the timeline (issue 14)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_casestagechange_entered_at'),
    ]

    operations = [
        migrations.AlterField(
            model_name='caseevent',
            name='description',
            field=models.TextField(blank=True),
        ),
    ]
