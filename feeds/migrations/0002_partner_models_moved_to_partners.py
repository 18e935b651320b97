"""The partner registry and the webhook outbox moved to the partners app.

Only Django's idea of which app the models belong to changes: their tables
keep their names (partners' models set db_table) and their rows, so nothing
is run against the database.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("feeds", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WebhookAttempt"),
                migrations.DeleteModel(name="WebhookDelivery"),
                migrations.DeleteModel(name="PartnerPortal"),
            ],
            database_operations=[],
        ),
    ]
