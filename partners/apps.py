from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Receivers: the webhook outbox of cms.publication's publication_event,
        # and the portal registry's changes, which the widget's cached answers
        # depend on.
        from partners import embed, outbox  # noqa: F401
