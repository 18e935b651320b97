"""What every page's admin form adds to Wagtail's: slugs, schedules and where errors are.

- A new page whose slug is taken in its section gets the next free one
  ("workshop-1") instead of an error on a tab the editor is not looking at;
  cms.wagtail_hooks tells the editor after saving.
- An error on a field of another tab (the slug, on Promote) or of the schedule
  dialog is also named at the top of the form, with where to find the field.
- The schedule's times say which time zone they are in, and a go-live time
  already past is refused: Wagtail would publish at once, without a word.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

# Fields an editor does not see on the Content tab, and where they are.
ELSEWHERE = {
    "slug": _("on the Promote tab"),
    "seo_title": _("on the Promote tab"),
    "search_description": _("on the Promote tab"),
    "go_live_at": _("in the schedule (“Set schedule” in the status side panel)"),
    "expire_at": _("in the schedule (“Set schedule” in the status side panel)"),
}
SCHEDULE_FIELDS = ("go_live_at", "expire_at")


class SitePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in SCHEDULE_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = _("In the site's time zone, %(zone)s.") % {
                    "zone": zone
                }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        parent = self.parent_page
        is_new = self.instance.pk is None and parent is not None
        if is_new and slug and not Page._slug_is_available(slug, parent, self.instance):
            # Read by the after_create_page hook, to tell the editor.
            self.instance.slug_taken = slug
            slug = find_available_slug(parent, slug)
        return slug

    def clean(self):
        cleaned_data = super().clean()
        go_live_at = cleaned_data.get("go_live_at")
        if "go_live_at" in self.changed_data and go_live_at and go_live_at <= timezone.now():
            self.add_error(
                "go_live_at",
                ValidationError(
                    _(
                        "%(time)s (%(zone)s) has passed: choose a later time, or leave it "
                        "empty to publish when you press Publish."
                    )
                    % {
                        "time": timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M"),
                        "zone": timezone.get_current_timezone_name(),
                    }
                ),
            )
        self.name_errors_elsewhere()
        return cleaned_data

    def name_errors_elsewhere(self):
        """Say at the top of the form where a field with an error is, when it is off the tab."""
        for name, where in ELSEWHERE.items():
            if name in self.errors and name in self.fields:
                self.add_error(
                    None,
                    _("%(field)s is %(where)s.")
                    % {"field": self.fields[name].label, "where": where},
                )
