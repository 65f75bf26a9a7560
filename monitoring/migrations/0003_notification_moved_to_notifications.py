# Notification now belongs to the notifications app; its table stays (state-only change).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0002_closeout_evaluation_lessons'),
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reminder',
                    name='notification',
                    field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reminder', to='notifications.notification'),
                ),
                migrations.DeleteModel(name='Notification'),
            ],
            database_operations=[],
        ),
    ]
