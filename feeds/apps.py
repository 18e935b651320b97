from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The receiver of cms.publication's publication_event that pings the WebSub hub.
        from feeds import websub  # noqa: F401
