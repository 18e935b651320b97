"""Translating one page in the admin, without translating the site around it.

Wagtail's "Translate" action (wagtail.contrib.simple_translation) offers only
the languages the page's parent is already translated into, so an editor with
one news item to translate had to translate the home page and its whole
subtree first. Here every language is offered: the parents missing in that
language are added as aliases of the originals (live while the original is,
so the translation is reachable at its URL once published; an editor may
later convert an alias into a translation of its own), and no sibling is
copied. The translation itself is a draft, reviewed like any page of its
section: cms.editorial gives each new translation the workflow and group
permissions of its original.

The view takes the place of simple_translation's at the same address
(cms.wagtail_hooks registers it first), so the page's "Translate" buttons lead
here.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView
from wagtail.models import Page

from cms import publication
from cms.models import PublicationEvent
from cms.public import has_expired


class TranslatePageForm(SubmitTranslationForm):
    """Every language the page is not in yet, none disabled for want of translated parents."""

    def __init__(self, instance, *args, **kwargs):
        super().__init__(instance, *args, **kwargs)
        locales = self.fields["locales"]
        locales.widget.disabled_values = []
        untranslated = list(locales.queryset)
        self.show_submit = bool(untranslated)
        if len(untranslated) > 1:
            self.fields["select_all"].widget = forms.CheckboxInput(
                attrs={"data-action": "w-bulk#toggleAll", "data-w-bulk-target": "all"}
            )
        if missing_parents(instance):
            locales.help_text = gettext_lazy(
                "Parent pages not yet in a language are added to it as aliases: they show "
                "the original until someone translates them. Other pages are not copied."
            )


def missing_parents(page, locale=None):
    """The ancestors of ``page`` (the tree's root aside) with no page in ``locale`` (any)."""
    ancestors = page.get_ancestors().filter(depth__gt=1)
    if locale is None:
        return list(ancestors)
    translated = Page.objects.filter(locale=locale).values("translation_key")
    return list(ancestors.exclude(translation_key__in=translated))


@transaction.atomic
def translate_page(page, locale, user, include_subtree=False):
    """A draft translation of ``page`` in ``locale``, its missing parents added as aliases."""
    missing = missing_parents(page, locale)
    translation = CopyPageForTranslationAction(
        page=page,
        locale=locale,
        copy_parents=True,
        include_subtree=include_subtree,
        user=user,
    ).execute(skip_permission_checks=True)
    aliases = Page.objects.filter(
        locale=locale, translation_key__in=[parent.translation_key for parent in missing]
    ).select_related("locale", "content_type")
    # Aliases are made live without a publish (no signal): the language's
    # part of the site opens with them, which the journal and caches must know.
    publication.record(aliases, PublicationEvent.Cause.PUBLISH)
    return translation


@transaction.atomic
def publish_translation(page, locale, user=None, **fields):
    """``page`` translated into ``locale`` as translate_page does, ``fields`` changed
    and published: the demo's Latvian pages and the tests' translations."""
    translation = translate_page(page, locale, user).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision(user=user).publish(user=user)
    translation.refresh_from_db()
    return translation


@transaction.atomic
def add_alias(page, locale, user=None):
    """``page`` in ``locale`` as a live alias of the original, as translate_page adds
    a missing parent: for a section that should be in a language's menu untranslated."""
    alias = CopyPageForTranslationAction(
        page=page, locale=locale, copy_parents=True, alias=True, user=user
    ).execute(skip_permission_checks=True)
    publication.record(
        Page.objects.filter(pk=alias.pk).select_related("locale", "content_type"),
        PublicationEvent.Cause.PUBLISH,
    )
    return alias


class TranslatePageView(SubmitPageTranslationView):
    def get_form(self):
        if self.request.method == "POST":
            return TranslatePageForm(self.object, self.request.POST)
        return TranslatePageForm(self.object)

    def post(self, request, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**kwargs))
        locales = list(form.cleaned_data["locales"])
        with transaction.atomic():
            translations = [
                translate_page(
                    self.object,
                    locale,
                    request.user,
                    include_subtree=form.cleaned_data["include_subtree"],
                )
                for locale in locales
            ]
        names = ", ".join(str(locale.get_display_name()) for locale in locales)
        messages.success(request, self.get_success_message(names))
        return redirect(self.get_success_url(translations[0] if len(translations) == 1 else None))


def closed_ancestors(page):
    """The pages above ``page`` that keep it from being reachable at its URL (cms.public)."""
    return [
        ancestor
        for ancestor in page.get_ancestors().filter(depth__gt=1).specific()
        if not ancestor.live or has_expired(ancestor)
    ]


def unreachable_message(page):
    """What the editor is told while a page's parents keep it from the public, or None."""
    closed = closed_ancestors(page)
    if not closed:
        return None
    return format_html(
        "{} {}. {}",
        _("Visitors cannot reach this page while its parent pages are not published:"),
        format_html_join(", ", "“{}”", ((page.get_admin_display_title(),) for page in closed)),
        _(
            "Publish them, or translate them, for this page to appear on the site, in the "
            "feeds and in the API."
        ),
    )
