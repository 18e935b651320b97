from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "BaltMet Inno content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect Wagtail's and Django's signals to the publication event path, keep
        # the search index in step with what is published, and give new
        # translations their original's workflow and permissions.
        from cms import editorial, publication, search  # noqa: F401
