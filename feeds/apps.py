from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"
