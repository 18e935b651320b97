"""The registry moved from the feeds app to partners without its rows, its content
types or the permissions granted on them going anywhere."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

BEFORE = [("feeds", "0001_initial"), ("partners", None)]
AFTER = [("feeds", "0002_partner_models_moved_to_partners"), ("partners", "0001_initial")]


def migrate(targets):
    """Migrate to ``targets``; the apps (historical models) as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = [(app, name) for app, name in targets if name is not None]
    nodes.append(("auth", executor.loader.graph.leaf_nodes("auth")[0][1]))
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_portals_deliveries_and_permissions_survive_the_move():
    old = migrate(BEFORE)
    City = old.get_model("cms", "City")
    Partner = old.get_model("cms", "Partner")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    city = City.objects.create(
        name="Riga", slug="riga-moved", country="LV", time_zone="Europe/Riga"
    )
    partner = Partner.objects.create(name="City of Riga", slug="riga-moved", city=city)
    old.get_model("feeds", "PartnerPortal").objects.create(
        name="Riga portal", slug="riga-moved", partner=partner, webhook_secret="whsec_x"
    )
    # As a database from before the move has them: the registry's content types
    # (and the permissions on them) under the feeds app.
    ContentType.objects.filter(app_label="partners").update(app_label="feeds")
    delivery_type = ContentType.objects.get(app_label="feeds", model="webhookdelivery")
    permission = Permission.objects.get(
        content_type=delivery_type, codename="redeliver_webhookdelivery"
    )
    group = Group.objects.create(name="Moved moderators")
    group.permissions.add(permission)

    new = migrate(AFTER)
    portal = new.get_model("partners", "PartnerPortal").objects.get(slug="riga-moved")
    assert portal.name == "Riga portal"
    moved_type = new.get_model("contenttypes", "ContentType").objects.get(pk=delivery_type.pk)
    assert (moved_type.app_label, moved_type.model) == ("partners", "webhookdelivery")
    group = new.get_model("auth", "Group").objects.get(name="Moved moderators")
    assert [(p.content_type.app_label, p.codename) for p in group.permissions.all()] == [
        ("partners", "redeliver_webhookdelivery")
    ]
