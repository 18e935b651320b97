"""The partner registry and the webhook outbox, moved here from the feeds app.

The tables stay as they were (the models set db_table), so this migration
only tells Django that the models now belong to partners; the content types
follow them, and with them the permissions granted on them and the audit
log entries about them.
"""

import django.db.models.deletion
import django.utils.timezone
import partners.models
from django.db import migrations, models

MODELS = ("partnerportal", "webhookdelivery", "webhookattempt")


def content_types_to_partners(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="partners", model=model).exists():
            ContentType.objects.filter(app_label="feeds", model=model).update(app_label="partners")


def content_types_to_feeds(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="feeds", model=model).exists():
            ContentType.objects.filter(app_label="partners", model=model).update(app_label="feeds")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('api', '0001_initial'),
        ('cms', '0003_news_date_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('feeds', '0002_partner_models_moved_to_partners'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PartnerPortal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='The portal, e.g. “Riga city portal”.', max_length=200, unique=True)),
                        ('slug', models.SlugField(help_text='Names the portal in the widget: <baltmet-news partner="<slug>">. Keep it once the partner has embedded the widget.', max_length=100, unique=True)),
                        ('allowed_origins', models.TextField(blank=True, help_text='Where the widget and the iframe may be embedded: one origin per line, as scheme://host[:port], e.g. https://www.riga.lv', validators=[partners.models.validate_origins])),
                        ('filter_work_packages', models.JSONField(blank=True, default=list, help_text='Only news of these work packages (any of them). None: all.', verbose_name='work packages')),
                        ('filter_tags', models.JSONField(blank=True, default=list, help_text='Only news with one of these tags. None: all.', verbose_name='topics')),
                        ('filter_locale', models.CharField(blank=True, help_text="The widget's language unless its locale attribute says otherwise; webhooks carry only news in this language. Empty: the site's default language for the widget, every language for webhooks.", max_length=20, verbose_name='language')),
                        ('webhook_url', models.URLField(blank=True, help_text='Where publication events are POSTed. Empty: no webhooks.', max_length=500, verbose_name='webhook URL')),
                        ('webhook_secret', models.CharField(default=partners.models.generate_webhook_secret, editable=False, max_length=100)),
                        ('previous_webhook_secret', models.CharField(blank=True, editable=False, max_length=100)),
                        ('previous_secret_valid_until', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('active', models.BooleanField(default=True, help_text='An inactive portal gets no webhooks (they wait until it is active again) and its widget shows nothing.')),
                        ('last_delivered_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last successful delivery')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('filter_partner', models.ForeignKey(blank=True, help_text='Only news naming this partner or with an event in its city.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cms.partner', verbose_name='about partner')),
                        ('partner', models.ForeignKey(help_text="Who runs the portal; its city is the portal's city.", on_delete=django.db.models.deletion.PROTECT, related_name='portals', to='cms.partner', verbose_name='partner organisation')),
                        ('read_token', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='portal', to='api.readtoken', verbose_name='API read token')),
                    ],
                    options={
                        'verbose_name': 'partner portal',
                        'ordering': ['name'],
                        'db_table': 'feeds_partnerportal',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('page_id', models.PositiveBigIntegerField()),
                        ('event_type', models.CharField(max_length=40)),
                        ('webhook_id', models.CharField(max_length=64, unique=True, verbose_name='webhook id')),
                        ('payload', models.JSONField()),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('delivered', 'Delivered'), ('failed', 'Failed (gave up)')], default='pending', max_length=10)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('lease_expires_at', models.DateTimeField(blank=True, null=True)),
                        ('attempt_count', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                        ('consecutive_failures', models.PositiveIntegerField(default=0)),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='last status')),
                        ('last_response_ms', models.PositiveIntegerField(blank=True, null=True, verbose_name='last response (ms)')),
                        ('last_error', models.TextField(blank=True)),
                        ('delivered_at', models.DateTimeField(blank=True, null=True)),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_deliveries', to='cms.publicationevent')),
                        ('portal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='partners.partnerportal')),
                    ],
                    options={
                        'verbose_name': 'webhook delivery',
                        'verbose_name_plural': 'webhook deliveries',
                        'ordering': ['-id'],
                        'permissions': [('redeliver_webhookdelivery', 'Can redeliver webhooks')],
                        'db_table': 'feeds_webhookdelivery',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField()),
                        ('started_at', models.DateTimeField()),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('response_ms', models.PositiveIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('succeeded', models.BooleanField(default=False)),
                        ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='partners.webhookdelivery')),
                    ],
                    options={
                        'ordering': ['delivery', 'number'],
                        'db_table': 'feeds_webhookattempt',
                    },
                ),
                migrations.AddIndex(
                    model_name='webhookdelivery',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='feeds_delivery_due'),
                ),
                migrations.AddIndex(
                    model_name='webhookdelivery',
                    index=models.Index(fields=['portal', 'page_id'], name='feeds_delivery_portal_page'),
                ),
                migrations.AddConstraint(
                    model_name='webhookdelivery',
                    constraint=models.UniqueConstraint(fields=('portal', 'event'), name='feeds_one_delivery_per_event_and_portal'),
                ),
                migrations.AddConstraint(
                    model_name='webhookattempt',
                    constraint=models.UniqueConstraint(fields=('delivery', 'number'), name='feeds_one_attempt_per_number'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_partners, content_types_to_feeds),
    ]
