from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the WebSub receiver to cms.publication's publication_event.
        from feeds import websub  # noqa: F401
