# CloseOut, Evaluation and Lesson now belong to the closeout app; their tables stay (state-only change).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_lesson_review_and_case'),
        ('closeout', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='evaluation',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='evaluation',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='lesson',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='lesson',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='lesson',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='lesson',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='lesson',
                    name='withdrawn_by',
                ),
                migrations.DeleteModel(
                    name='CloseOut',
                ),
                migrations.DeleteModel(
                    name='Evaluation',
                ),
                migrations.DeleteModel(
                    name='Lesson',
                ),
            ],
            database_operations=[],
        ),
    ]
