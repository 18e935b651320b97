from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "BaltMet Inno content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects Wagtail's and Django's signals to the publication event path.
        # Keeps the search index in step with what is published.
        from cms import (
            publication,  # noqa: F401
            search,  # noqa: F401
        )
