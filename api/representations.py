"""How content looks in the API: plain data, built for many items at once.

Every builder takes a list of items and loads what they show (tags, partners,
images and their renditions, translations) in a fixed number of queries for
the whole list, so a page of 100 items costs what a page of 10 costs. Bodies
and rich text are written by cms.rendering, the renderer the site and the
feeds use, with the API's options. The serializers in
api.serializers describe these shapes for the OpenAPI schema and delegate here.

Other packages call ``news_item(page, request=None)`` for the API
representation of one news item (webhook payloads, for instance).
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.html import escape

from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.images import RENDITION_FILTERS, image_representation
from cms.links import absolute_url
from cms.models import (
    HomePage,
    Milestone,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    PartnerIndexPage,
    WorkPackageIndexPage,
    WorkPackagePage,
)
from cms.public import public_pages
from cms.rendering import API, Renderer, text

TYPE_NAMES = {
    NewsPage: "news",
    WorkPackagePage: "work_package",
    HomePage: "home",
    NewsIndexPage: "news_index",
    WorkPackageIndexPage: "work_package_index",
    PartnerIndexPage: "partner_index",
}
# What every item carries, whatever its kind.
COMMON_FIELDS = ("id", "type", "url", "published", "updated", "locale", "translations")
ALWAYS = frozenset({"id", "type"})
NEWS_FIELDS = (
    *COMMON_FIELDS,
    "title",
    "slug",
    "teaser",
    "body",
    "lead_image",
    "tags",
    "work_packages",
    "partners",
    "event",
)
WORK_PACKAGE_FIELDS = (
    *COMMON_FIELDS,
    "title",
    "slug",
    "number",
    "objective",
    "description",
    "coordinator",
    "period",
    "milestones",
    "news",
)
PARTNER_FIELDS = (
    *COMMON_FIELDS,
    "slug",
    "name",
    "short_name",
    "role",
    "role_label",
    "city",
    "country",
    "website",
    "logo",
    "description",
    "news",
)
PAGE_FIELDS = (*COMMON_FIELDS, "title", "slug", "lead", "intro", "body")


PARTNER_REF_KEYS = ("id", "slug", "name", "short_name", "city", "country")


def type_name(page):
    return TYPE_NAMES.get(type(page), "page")


def iso_datetime(value):
    return timezone.localtime(value).isoformat() if value else None


def iso_date(value):
    return value.isoformat() if value else None


def iso_month(value):
    return value.strftime("%Y-%m") if value else None


def work_package_order(ref):
    """Work packages by number, those without one last, by title."""
    return (ref["number"] is None, ref["number"] or 0, ref["title"])


def api_url(path, **query):
    query = {name: value for name, value in query.items() if value not in (None, "")}
    return absolute_url(f"/api/v1/{path}" + (f"?{urlencode(query)}" if query else ""))


class Builder:
    """What one response's items share: the request (for URL caches) and the site."""

    def __init__(self, request=None, site=None, fields=None, live=True):
        self.request = request
        self.site = site
        self.fields = fields
        # Drafts (previews) keep their relations in memory, not in the database.
        self.live = live

    def wants(self, name):
        return self.fields is None or name in self.fields or name in ALWAYS

    def language(self, page):
        """The page's language code, without a query per page for its Locale."""
        if not hasattr(self, "_languages"):
            self._languages = dict(Locale.objects.values_list("pk", "language_code"))
        return self._languages.get(page.locale_id) or page.locale.language_code

    def page_url(self, page):
        return absolute_url(page.get_url(self.request) or "") or None

    def select(self, item):
        if self.fields is None:
            return item
        return {name: value for name, value in item.items() if self.wants(name)}

    # Shared loaders -------------------------------------------------------

    def translations(self, pages):
        """Other public languages of each page, keyed by page id."""
        if not self.wants("translations") or not pages:
            return {}
        keys = {page.translation_key for page in pages}
        found = defaultdict(list)
        for other in (
            self.public_pages()
            .filter(translation_key__in=keys)
            .select_related("locale")
            .only("id", "title", "url_path", "translation_key", "locale__language_code")
            .order_by("locale__language_code", "pk")
        ):
            found[other.translation_key].append(other)
        return {
            page.pk: [
                {
                    "locale": other.locale.language_code,
                    "id": other.pk,
                    "title": other.title,
                    "url": self.page_url(other),
                }
                for other in found[page.translation_key]
                if other.pk != page.pk
            ]
            for page in pages
        }

    def renderer(self):
        """The body renderer of this response: every body and rich text it shows
        is rendered with the references of all of them loaded at once."""
        if not hasattr(self, "_renderer"):
            self._renderer = Renderer(API, request=self.request)
        return self._renderer

    def rich_text(self, sources):
        return self.renderer().rich_text(sources)

    def streams(self, stream_block, stream_values):
        return self.renderer().data(stream_block, stream_values)

    def partner_summary(self, partner):
        if partner is None:
            return None
        return {
            "id": partner.pk,
            "slug": partner.slug,
            "name": partner.name,
            "short_name": partner.short_name,
            "city": partner.city.name,
            "country": partner.city.country,
        }

    # News -------------------------------------------------------------------

    def news(self, pages):
        pages = list(pages)
        if not pages:
            return []
        relations = self._news_relations(pages) if self.live else self._draft_relations(pages)
        tags, work_packages, partners = relations
        if self.wants("lead_image"):
            prefetch_renditions(page.lead_image for page in pages)
        translations = self.translations(pages)
        bodies = (
            self.streams(NewsPage.body.field.stream_block, [page.body for page in pages])
            if self.wants("body")
            else [None] * len(pages)
        )
        items = []
        for page, body in zip(pages, bodies, strict=True):
            item = {
                "id": page.pk,
                "type": "news",
                "url": self.page_url(page) if self.wants("url") else None,
                "published": iso_datetime(page.publication_date),
                "updated": iso_datetime(page.last_published_at),
                "locale": self.language(page) if self.wants("locale") else None,
                "translations": translations.get(page.pk, []),
                # Without what XML and some clients cannot carry, as in the feeds.
                "title": text(page.title),
                "slug": page.slug,
                "teaser": text(page.teaser),
                "body": body,
                "lead_image": image_representation(page.lead_image)
                if self.wants("lead_image")
                else None,
                "tags": sorted(tags.get(page.pk, []), key=lambda tag: tag["name"].lower()),
                "work_packages": sorted(work_packages.get(page.pk, []), key=work_package_order),
                "partners": sorted(partners.get(page.pk, []), key=lambda partner: partner["name"]),
                "event": self.event(page) if self.wants("event") else None,
            }
            items.append(self.select(item))
        return items

    def public_pages(self):
        """The site's public pages, as a queryset to narrow down.

        Built once per response: making it reads the view restrictions and the
        site's roots, and every later use only adds conditions to it.
        """
        if not hasattr(self, "_public_pages"):
            self._public_pages = public_pages(site=self.site)
        return self._public_pages

    def public_ids(self, ids):
        """A subquery: which of ``ids`` are public pages."""
        return self.public_pages().filter(pk__in=ids).values("pk")

    def _work_package_refs(self, ids):
        found = WorkPackagePage.objects.filter(pk__in=self.public_ids(ids)).only(
            "id", "title", "number", "url_path"
        )
        return {
            work_package.pk: {
                "id": work_package.pk,
                "number": work_package.number,
                "title": work_package.title,
                "url": self.page_url(work_package),
            }
            for work_package in found
        }

    def _news_relations(self, pages):
        """Tags, public work packages and partners of many live pages, as plain data.

        Read as rows from the link tables rather than prefetched as model
        instances: a page of news names the same few tags, partners and work
        packages again and again.
        """
        ids = [page.pk for page in pages]
        tags, work_packages, partners = defaultdict(list), defaultdict(list), defaultdict(list)
        if self.wants("tags"):
            for page_id, slug, name in NewsPageTag.objects.filter(
                content_object_id__in=ids
            ).values_list("content_object_id", "tag__slug", "tag__name"):
                tags[page_id].append({"slug": slug, "name": name})
        if self.wants("work_packages"):
            links = list(
                NewsPage.work_packages.through.objects.filter(newspage_id__in=ids).values_list(
                    "newspage_id", "workpackagepage_id"
                )
            )
            refs = self._work_package_refs({wp_id for _page_id, wp_id in links})
            for page_id, wp_id in links:
                if wp_id in refs:
                    work_packages[page_id].append(refs[wp_id])
        if self.wants("partners"):
            for page_id, *values in NewsPage.partners.through.objects.filter(
                newspage_id__in=ids
            ).values_list(
                "newspage_id",
                "partner_id",
                "partner__slug",
                "partner__name",
                "partner__short_name",
                "partner__city__name",
                "partner__city__country",
            ):
                partners[page_id].append(dict(zip(PARTNER_REF_KEYS, values, strict=True)))
        return tags, work_packages, partners

    def _draft_relations(self, pages):
        """The same for drafts, whose relations live in the revision, not the link tables."""
        tags, work_packages, partners = {}, {}, {}
        wanted_wps = {wp.pk for page in pages for wp in page.work_packages.all()}
        refs = self._work_package_refs(wanted_wps) if self.wants("work_packages") else {}
        for page in pages:
            tags[page.pk] = [{"slug": tag.slug, "name": tag.name} for tag in page.tags.all()]
            work_packages[page.pk] = [
                refs[wp.pk] for wp in page.work_packages.all() if wp.pk in refs
            ]
            partners[page.pk] = [self.partner_summary(partner) for partner in page.partners.all()]
        return tags, work_packages, partners

    def event(self, page):
        if not page.has_event:
            return None
        city = page.event_city
        return {
            "start_date": iso_date(page.event_start_date),
            "end_date": iso_date(page.event_last_date),
            "start_time": page.event_start_time.strftime("%H:%M")
            if page.event_start_time
            else None,
            "end_time": page.event_end_time.strftime("%H:%M") if page.event_end_time else None,
            "starts_at": page.event_starts_at.isoformat() if page.event_starts_at else None,
            "ends_at": page.event_ends_at.isoformat() if page.event_ends_at else None,
            "venue": page.event_venue,
            "city": {
                "name": city.name,
                "slug": city.slug,
                "country": city.country,
                "time_zone": city.time_zone,
            }
            if city
            else None,
        }

    # Work packages ------------------------------------------------------------

    def work_packages(self, pages):
        pages = list(pages)
        if not pages:
            return []
        if self.live and (self.wants("milestones") or self.wants("period")):
            prefetch_related_objects(pages, "milestones")
        translations = self.translations(pages)
        descriptions = (
            self.rich_text([page.description for page in pages])
            if self.wants("description")
            else [None] * len(pages)
        )
        milestones = {page.pk: list(page.milestones.all()) for page in pages}
        meetings = {}
        if self.wants("milestones"):
            every = [milestone for page in pages for milestone in milestones[page.pk]]
            stream_block = Milestone.meetings.field.stream_block
            for milestone, blocks in zip(
                every, self.streams(stream_block, [m.meetings for m in every]), strict=True
            ):
                meetings[id(milestone)] = [block["value"] for block in blocks]
        items = []
        for page, description in zip(pages, descriptions, strict=True):
            own = sorted(milestones[page.pk], key=lambda milestone: milestone.number)
            item = {
                "id": page.pk,
                "type": "work_package",
                "url": self.page_url(page) if self.wants("url") else None,
                "published": iso_datetime(page.first_published_at),
                "updated": iso_datetime(page.last_published_at),
                "locale": self.language(page) if self.wants("locale") else None,
                "translations": translations.get(page.pk, []),
                "title": page.title,
                "slug": page.slug,
                "number": page.number,
                "objective": page.objective,
                "description": description,
                "coordinator": self.partner_summary(page.coordinator)
                if self.wants("coordinator")
                else None,
                "period": {
                    "start": iso_month(min(m.period_start for m in own)),
                    "end": iso_month(max(m.period_end for m in own)),
                }
                if own
                else None,
                "milestones": [
                    {
                        "number": milestone.number,
                        "title": milestone.title,
                        "period_start": iso_month(milestone.period_start),
                        "period_end": iso_month(milestone.period_end),
                        "description": milestone.description,
                        "meetings": meetings.get(id(milestone), []),
                    }
                    for milestone in own
                ]
                if self.wants("milestones")
                else None,
                "news": api_url("news/", work_package=page.number, locale=self.language(page))
                if page.number is not None
                else None,
            }
            items.append(self.select(item))
        return items

    # Partners -----------------------------------------------------------------

    def partners(self, partners, index_url=None):
        partners = list(partners)
        if self.wants("logo"):
            prefetch_renditions(partner.logo for partner in partners)
        items = []
        for partner in partners:
            city = partner.city
            item = {
                "id": partner.pk,
                "type": "partner",
                "url": f"{index_url}#partner-{partner.slug}" if index_url else None,
                "published": None,
                "updated": None,
                "locale": None,
                "translations": [],
                "slug": partner.slug,
                "name": partner.name,
                "short_name": partner.short_name,
                "role": partner.role,
                "role_label": str(partner.get_role_display()),
                "city": {
                    "name": city.name,
                    "slug": city.slug,
                    "country": city.country,
                    "time_zone": city.time_zone,
                },
                "country": city.country,
                "website": partner.website,
                "logo": image_representation(partner.logo) if self.wants("logo") else None,
                "description": partner.description,
                "news": api_url("news/", partner=partner.slug),
            }
            items.append(self.select(item))
        return items

    # Tags -----------------------------------------------------------------------

    def tags(self, rows, index_url=None, locale=None):
        return [
            self.select(
                {
                    "id": row["tag_id"],
                    "type": "tag",
                    "url": f"{index_url}?{urlencode({'tag': row['tag__slug']})}"
                    if index_url
                    else None,
                    "published": None,
                    "updated": None,
                    "locale": None,
                    "translations": [],
                    "slug": row["tag__slug"],
                    "name": row["tag__name"],
                    "count": row["count"],
                    "news": api_url("news/", tag=row["tag__slug"], locale=locale),
                }
            )
            for row in rows
        ]

    # Other pages ------------------------------------------------------------------

    def pages(self, pages):
        pages = list(pages)
        translations = self.translations(pages)
        texts = self.rich_text([getattr(page, "body", "") for page in pages])
        intros = self.rich_text(
            [
                page.intro if isinstance(page, WorkPackageIndexPage | PartnerIndexPage) else ""
                for page in pages
            ]
        )
        items = []
        for page, body, intro in zip(pages, texts, intros, strict=True):
            plain_intro = getattr(page, "intro", "") if isinstance(page, NewsIndexPage) else ""
            item = {
                "id": page.pk,
                "type": type_name(page),
                "url": self.page_url(page),
                "published": iso_datetime(page.first_published_at),
                "updated": iso_datetime(page.last_published_at),
                "locale": self.language(page),
                "translations": translations.get(page.pk, []),
                "title": page.title,
                "slug": page.slug,
                "lead": getattr(page, "lead", "") or None,
                "intro": intro or (escape(plain_intro) if plain_intro else None),
                "body": body or None,
            }
            items.append(self.select(item))
        return items

    def any(self, page):
        """The representation of one page of any type."""
        if isinstance(page, NewsPage):
            return self.news([page])[0]
        if isinstance(page, WorkPackagePage):
            return self.work_packages([page])[0]
        return self.pages([page])[0]


def prefetch_renditions(images):
    """Load the standard renditions of many images in one query."""
    images = [image for image in images if image is not None]
    fresh = [
        image
        for image in images
        if "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    ]
    if fresh:
        Rendition = get_image_model().get_rendition_model()
        prefetch_related_objects(
            fresh,
            Prefetch(
                "renditions",
                queryset=Rendition.objects.filter(filter_spec__in=RENDITION_FILTERS),
            ),
        )


def news_item(page, request=None):
    """The API representation of one news item, as ``/api/v1/news/<id>/`` gives it.

    ``page`` is a NewsPage loaded from the database (not a draft revision).
    """
    return Builder(request=request).news([page])[0]
