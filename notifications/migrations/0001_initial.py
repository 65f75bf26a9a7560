# Notification moves here from monitoring without touching its table (state only); the outbox is new.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0001_initial'),
        ('zvh', '0001_initial'),
        # The table monitoring_notification exists from here on.
        ('monitoring', '0002_closeout_evaluation_lessons'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('checkin_due', 'Monitormoment vandaag'), ('checkin_overdue', 'Monitormoment verlopen'), ('activity_overdue', 'Activiteit over de deadline'), ('escalation_raised', 'Opschaling'), ('escalation_unack', 'Opschaling niet opgepakt'), ('escalation_manager', 'Opschaling blijft liggen'), ('stagnating', 'Casus stagneert'), ('general', 'Bericht')], max_length=30)),
                        ('title', models.CharField(max_length=200)),
                        ('body', models.TextField(blank=True)),
                        ('url', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('email_status', models.CharField(choices=[('pending', 'Te versturen'), ('sent', 'Verstuurd'), ('failed', 'Mislukt'), ('skipped', 'Niet per e-mail')], default='pending', max_length=20)),
                        ('email_attempts', models.PositiveSmallIntegerField(default=0)),
                        ('email_next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('email_sent_at', models.DateTimeField(blank=True, null=True)),
                        ('email_error', models.CharField(blank=True, max_length=300)),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='cases.case')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'melding',
                        'verbose_name_plural': 'meldingen',
                        'db_table': 'monitoring_notification',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [
                            models.Index(fields=['recipient', '-created_at'], name='monitoring__recipie_aebe12_idx'),
                            models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread'),
                            models.Index(condition=models.Q(('email_status', 'pending')), fields=['email_next_attempt_at'], name='notification_email_pending'),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message_id', models.CharField(max_length=250, unique=True)),
                ('kind', models.CharField(choices=[('notification', 'Melding'), ('invitation', 'Uitnodiging overleg'), ('cancellation', 'Annulering overleg'), ('account', 'Account (wachtwoord, tweestapsverificatie)')], max_length=20)),
                ('ref', models.CharField(blank=True, db_index=True, max_length=80)),
                ('subject', models.CharField(max_length=300, verbose_name='onderwerp')),
                ('recipients', models.JSONField(default=list)),
                ('from_email', models.CharField(max_length=250)),
                ('raw', models.BinaryField()),
                ('status', models.CharField(choices=[('pending', 'Wacht op verzending'), ('sending', 'Wordt verstuurd'), ('sent', 'Verstuurd'), ('failed', 'Mislukt')], default='pending', max_length=20, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('retry_until', models.DateTimeField()),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('claim', models.CharField(blank=True, max_length=36)),
                ('sending_started_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.CharField(blank=True, max_length=500, verbose_name='foutmelding')),
                ('possible_duplicate', models.BooleanField(default=False)),
                ('resent_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='outbox_messages', to='cases.case')),
                ('notification', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='outbox_messages', to='notifications.notification')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='zvh.region')),
                ('resent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'uitgaande e-mail',
                'verbose_name_plural': 'uitgaande e-mail',
                'ordering': ['-created_at', '-pk'],
                'indexes': [
                    models.Index(condition=models.Q(('status', 'pending')), fields=['next_attempt_at'], name='outbox_due'),
                    models.Index(condition=models.Q(('status', 'sending')), fields=['sending_started_at'], name='outbox_sending'),
                    models.Index(fields=['region', 'status', 'created_at'], name='outbox_region_status'),
                    models.Index(fields=['case', 'status'], name='outbox_case_status'),
                ],
            },
        ),
    ]
