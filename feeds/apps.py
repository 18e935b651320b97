from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Receivers of cms.publication's publication_event: WebSub pings and
        # the webhook outbox; and the registry version the widget's cache keys hold.
        from feeds import embed, webhooks, websub  # noqa: F401
