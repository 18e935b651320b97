"""The partner portal form of the Wagtail admin.

The default filters are stored as work package numbers, tag slugs and a
language code; the form offers them as choices of what exists, so that an
administrator cannot save a filter that silently matches nothing because of a
typing error. A value the portal already has but that no longer exists (a
work package page deleted, a tag no news uses any more) stays offered, marked
as such, so that saving the form does not quietly widen the filter.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from cms.models import NewsPageTag, WorkPackagePage
from feeds.models import PartnerPortal
from feeds.origins import parse_origins


def _default_locale_id():
    try:
        return Locale.get_default().pk
    except Locale.DoesNotExist:
        return None


def work_package_choices(selected=()):
    """("3", "WP3 – title") for each work package number with a page, the title
    taken from the page in the site's default language where there is one."""
    default_locale_id = _default_locale_id()
    rows = sorted(
        WorkPackagePage.objects.filter(number__isnull=False).values_list(
            "number", "title", "locale_id"
        ),
        key=lambda row: (row[2] != default_locale_id, row[0]),
    )
    titles = {}
    for number, title, _locale_id in rows:
        titles.setdefault(number, title)
    for number in selected:
        titles.setdefault(int(number), None)
    return [
        (
            str(number),
            f"WP{number} – {title}"
            if title is not None
            else _("WP%(number)s (no work package page)") % {"number": number},
        )
        for number, title in sorted(titles.items())
    ]


def tag_choices(selected=()):
    """(slug, name) of each tag that news is tagged with."""
    tags = dict(
        NewsPageTag.tag_model()
        .objects.filter(cms_newspagetag_items__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )
    for slug in selected:
        tags.setdefault(slug, _("%(slug)s (no news has this tag)") % {"slug": slug})
    return sorted(tags.items(), key=lambda item: str(item[1]).casefold())


def language_choices():
    return [
        ("", _("Any language (the site's default for the widget)")),
        *settings.WAGTAIL_CONTENT_LANGUAGES,
    ]


def _model_field(name):
    return PartnerPortal._meta.get_field(name)


class PartnerPortalForm(WagtailAdminModelForm):
    filter_work_packages = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_model_field("filter_work_packages").verbose_name),
        help_text=_model_field("filter_work_packages").help_text,
    )
    filter_tags = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_model_field("filter_tags").verbose_name),
        help_text=_model_field("filter_tags").help_text,
    )
    # A partner's receiver written without a scheme is on https.
    webhook_url = forms.URLField(
        assume_scheme="https",
        required=False,
        max_length=_model_field("webhook_url").max_length,
        label=capfirst(_model_field("webhook_url").verbose_name),
        help_text=_model_field("webhook_url").help_text,
    )
    filter_locale = forms.ChoiceField(
        required=False,
        label=capfirst(_model_field("filter_locale").verbose_name),
        help_text=_model_field("filter_locale").help_text,
    )

    class Meta:
        model = PartnerPortal
        fields = [
            "name",
            "slug",
            "partner",
            "active",
            "allowed_origins",
            "filter_work_packages",
            "filter_tags",
            "filter_partner",
            "filter_locale",
            "webhook_url",
        ]
        # Plain selects: a partner is picked from a short list, and the
        # snippet chooser Wagtail would put here needs a modal for it.
        widgets = {
            "partner": forms.Select,
            "filter_partner": forms.Select,
            "allowed_origins": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        portal = self.instance
        self.fields["filter_work_packages"].choices = work_package_choices(
            portal.filter_work_packages or []
        )
        self.fields["filter_tags"].choices = tag_choices(portal.filter_tags or [])
        self.fields["filter_locale"].choices = language_choices()

    def clean_allowed_origins(self):
        try:
            origins = parse_origins(self.cleaned_data.get("allowed_origins", ""))
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return "\n".join(origins)

    def save(self, commit=True):
        instance = super().save(commit=False)
        if commit:
            # Write only what the form edits: the secret and the token change
            # through their own actions, and a save that read the portal just
            # before a rotation must not put the old secret back.
            update_fields = None if instance._state.adding else [*self._meta.fields, "updated_at"]
            instance.save(update_fields=update_fields)
            self.save_m2m()
        return instance
