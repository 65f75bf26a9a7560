# CloseOut, Evaluation and Lesson move here from monitoring without touching their tables (state only).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MODELS = ["closeout", "evaluation", "lesson"]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="closeout", model__in=MODELS).delete()
    content_type.objects.filter(app_label="monitoring", model__in=MODELS).update(app_label="closeout")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        # The tables monitoring_closeout, monitoring_evaluation and monitoring_lesson exist from here on.
        ('monitoring', '0004_lesson_review_and_case'),
        ('cases', '0010_recompute_person_match_keys'),
        ('zvh', '0004_accounts_four_eyes_activation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The content types (and with them permissions and admin history) move along with the models.
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CloseOut',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('care_organised', models.BooleanField(default=False)),
                        ('care_organised_explanation', models.TextField(blank=True)),
                        ('family_self_reliant', models.BooleanField(default=False)),
                        ('family_self_reliant_explanation', models.TextField(blank=True)),
                        ('regie_handed_over', models.BooleanField(default=False)),
                        ('regie_handed_over_explanation', models.TextField(blank=True)),
                        ('handover_to', models.CharField(blank=True, max_length=200, verbose_name='overgedragen aan')),
                        ('handover_what', models.TextField(blank=True, verbose_name='wat is overgedragen')),
                        ('nazorg_on', models.DateField(blank=True, null=True, verbose_name='nazorgcontact op')),
                        ('evaluate', models.BooleanField(default=True, verbose_name='evalueren')),
                        ('no_evaluation_reason', models.TextField(blank=True, verbose_name='waarom niet evalueren')),
                        ('decided_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='close_out', to='cases.case')),
                        ('decided_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('handover_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='zvh.organisation', verbose_name='organisatie')),
                    ],
                    options={
                        'verbose_name': 'afschaalbesluit',
                        'verbose_name_plural': 'afschaalbesluiten',
                        'db_table': 'monitoring_closeout',
                    },
                ),
                migrations.CreateModel(
                    name='Evaluation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('participants', models.TextField(blank=True, verbose_name='wie deden mee')),
                        ('went_well', models.TextField(blank=True, verbose_name='wat ging goed')),
                        ('to_improve', models.TextField(blank=True, verbose_name='wat kan beter')),
                        ('learned', models.TextField(blank=True, verbose_name='wat leren we voor volgende casussen')),
                        ('skipped', models.BooleanField(default=False)),
                        ('skip_reason', models.TextField(blank=True, verbose_name='waarom geen evaluatie')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation', to='cases.case')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'evaluatie',
                        'verbose_name_plural': 'evaluaties',
                        'db_table': 'monitoring_evaluation',
                    },
                ),
                migrations.CreateModel(
                    name='Lesson',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=150, verbose_name='titel')),
                        ('theme', models.CharField(choices=[('samenwerking', 'Samenwerking tussen partijen'), ('jeugdige', 'De jeugdige en ouders betrekken'), ('informatie', 'Informatie delen en privacy'), ('analyse', 'Analyse en doelen'), ('plan_b', 'Plan A en plan B'), ('monitoring', 'Monitoren en opschalen'), ('afschalen', 'Afschalen en overdracht'), ('overig', 'Overig')], max_length=30, verbose_name='thema')),
                        ('text', models.TextField(verbose_name='les')),
                        ('status', models.CharField(choices=[('review', 'Ter beoordeling'), ('published', "Gedeeld met alle regio's"), ('rejected', 'Teruggegeven bij beoordeling'), ('withdrawn', 'Ingetrokken')], default='review', max_length=20, verbose_name='status')),
                        ('published_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                        ('withdraw_reason', models.TextField(blank=True, verbose_name='reden')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='lessons', to='cases.case')),
                        ('published_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lessons', to='zvh.region')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'gedeelde les',
                        'verbose_name_plural': 'gedeelde lessen',
                        'db_table': 'monitoring_lesson',
                        'ordering': ['-published_at'],
                        'indexes': [models.Index(fields=['theme', '-published_at'], name='monitoring__theme_9118b3_idx'), models.Index(fields=['status', 'region'], name='monitoring__status_3ac88f_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
