from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Receivers of cms.publication's publication_event: WebSub pings and
        # the webhook outbox; and the portal registry's changes, which the
        # widget's cached answers depend on.
        from feeds import embed, webhooks, websub  # noqa: F401
