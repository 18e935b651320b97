"""Factories for the content model. Pages are published through Wagtail's own
revision path unless built with ``publish=False``, so the publication journal
sees them as an editor's pages would be seen."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

import factory
from factory.django import DjangoModelFactory

from cms import translation
from cms.models import (
    City,
    HomePage,
    Milestone,
    NewsIndexPage,
    NewsPage,
    Partner,
    PartnerIndexPage,
    WorkPackageIndexPage,
    WorkPackagePage,
)
from partners.models import PartnerPortal


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.LazyAttribute(lambda city: slugify(city.name))
    country = "FI"
    time_zone = "Europe/Helsinki"


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    city = factory.SubFactory(CityFactory)
    role = Partner.Role.PARTNER


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=1200, height=800, color="teal")
    collection = factory.LazyFunction(lambda: Collection.get_first_root_node())


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="report.txt", data=b"The final report.")
    collection = factory.LazyFunction(lambda: Collection.get_first_root_node())


# Set on the unsaved page before its first revision, as the editor's form would.
PAGE_RELATIONS = ("tags", "work_packages", "partners")


class PageFactory(DjangoModelFactory):
    """Adds the page under ``parent`` as a draft, then publishes its first revision."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        relations = {name: kwargs.pop(name) for name in PAGE_RELATIONS if name in kwargs}
        page = model_class(live=False, **kwargs)
        for name, values in relations.items():
            if name == "tags":
                page.tags.add(*values)
            else:
                setattr(page, name, values)
        (parent or Page.get_first_root_node()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "BaltMet Inno"
    slug = "home"
    lead = "The Baltic metropolises make innovation policy together."


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"
    show_in_menus = True


class WorkPackageIndexPageFactory(PageFactory):
    class Meta:
        model = WorkPackageIndexPage

    title = "Work packages"
    slug = "work-packages"
    show_in_menus = True


class PartnerIndexPageFactory(PageFactory):
    class Meta:
        model = PartnerIndexPage

    title = "Partners"
    slug = "partners"
    show_in_menus = True


class WorkPackagePageFactory(PageFactory):
    class Meta:
        model = WorkPackagePage

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda wp: f"Work package {wp.number}")
    slug = factory.LazyAttribute(lambda wp: f"wp-{wp.number}")
    objective = "Compare the innovation strategies of the metropolises."


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    publication_date = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(days=n + 1))
    teaser = factory.LazyAttribute(lambda news: f"Teaser of {news.title}.")
    body = factory.LazyAttribute(lambda news: [("paragraph", f"<p>Body of {news.title}.</p>")])


class PartnerPortalFactory(DjangoModelFactory):
    """A partner's portal with no filters (it gets every news item) and no webhooks."""

    class Meta:
        model = PartnerPortal

    name = factory.Sequence(lambda n: f"Portal {n}")
    slug = factory.Sequence(lambda n: f"portal-{n}")
    partner = factory.SubFactory(PartnerFactory)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    number = factory.Sequence(lambda n: n + 1)
    period_start = datetime.date(2006, 1, 1)
    period_end = datetime.date(2006, 6, 1)
    description = "The working group is set up."


def make_schedule_due(page):
    """Move a page's scheduled publication into the past, as if its time had come.

    Wagtail keeps the schedule both on the page and in the approved revision's
    content; publish_scheduled compares both with the clock.
    """
    past = timezone.now() - datetime.timedelta(seconds=1)
    type(page).objects.filter(pk=page.pk).update(go_live_at=past)
    for revision in page.revisions.exclude(approved_go_live_at=None):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])


def set_expiry(page, moment):
    """Set a live page's expiry time directly, as if time had moved on to it."""
    NewsPage.objects.filter(pk=page.pk).update(expire_at=moment)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def publish_translation(page, language, **fields):
    """``page`` translated into ``language`` and published with ``fields`` changed
    (cms.translation); the sections above it that have no translation yet become
    aliases of the originals, and those translated but unpublished are published."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    copy = translation.publish_translation(page, locale, **fields)
    for ancestor in copy.get_ancestors().filter(depth__gt=1, alias_of__isnull=True).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    return copy
