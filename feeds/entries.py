"""News pages as feed entries, the same for every format.

A feed shows up to a few dozen items with their full text. The bodies are
written by the renderer the site and the API use (cms.rendering, with the
feeds' options: absolute URLs, sanitised HTML, links instead of players), which
loads every reference of every item in one query per kind, so a feed of 50
items costs the same number of queries as a feed of 5; links to pages that are
not public lose their address, as in the API.

Everything leaves as sanitised HTML with absolute URLs (cms.html.clean_html)
and plain text without control characters (which XML cannot carry).
"""

import mimetypes
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.translation import override

from cms import l10n
from cms.html import clean_html
from cms.links import absolute_url
from cms.rendering import FEEDS, Renderer, text

# Renditions the feeds use, of cms.images.RENDITION_FILTERS so that feeds, the
# API and the site share the files (the renderer's FEEDS options show IMAGE_FILTER).
IMAGE_FILTER = FEEDS.image_filters[0]
THUMBNAIL_FILTER = "width-480"

UNTITLED = "Untitled"


def absolute_uri(url, base=None):
    """An absolute URL in ASCII, as feed formats want (page slugs may be Unicode)."""
    return iri_to_uri(absolute_url(url, base=base)) if url else url


def id_authority():
    """The tagging authority of tag: URIs (RFC 4151): a domain the project owns.

    Entry ids must never change, so this is a setting of its own rather than
    whatever host the site is served from today.
    """
    configured = settings.FEED_ID_AUTHORITY.strip().lower()
    return configured or urlsplit(settings.BASE_URL).hostname or "localhost"


def id_date():
    return settings.FEED_ID_DATE


def tag_uri(specific):
    return f"tag:{id_authority()},{id_date()}:{specific}"


def entry_id(page_id):
    """The permanent id of a news item: its page's id, which no edit, rename or move changes."""
    return tag_uri(f"news/{page_id}")


@dataclass(frozen=True)
class Category:
    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class MediaFile:
    url: str
    length: int
    mime_type: str
    width: int
    height: int


@dataclass(frozen=True)
class LeadImage:
    image: MediaFile
    thumbnail: MediaFile
    alt: str


@dataclass(frozen=True)
class EventDetails:
    # Dates for a whole-day event, aware datetimes when times are given.
    starts: object
    ends: object
    all_day: bool
    location: str
    time_zone: str


@dataclass(frozen=True)
class Entry:
    page_id: int
    id: str
    title: str
    url: str
    published: object
    updated: object
    language: str
    summary: str
    content_html: str
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    image: LeadImage | None = None
    event: EventDetails | None = None


@dataclass(frozen=True)
class CategorySchemes:
    """Where each kind of category is explained: the pages that list them."""

    tags: str
    work_packages: str


def build_entries(pages, schemes, language):
    """Feed entries for news pages loaded with ``NewsPage.objects...for_feed()``.

    ``language`` (a code) is the language the feed is read in: links to other
    pages go to their translation in it, as on the site.
    """
    pages = list(pages)
    # What the entries say in words (event dates, country names) is in the feed's language.
    with override(language):
        return _build_entries(pages, schemes, language)


def _build_entries(pages, schemes, language):
    renderer = Renderer(FEEDS, language=language)
    renderer.collect(images=[page.lead_image_id for page in pages if page.lead_image_id])
    bodies = renderer.html([page.body for page in pages])
    return [
        _entry(page, body, _lead_image(renderer, page.lead_image_id), schemes, language)
        for page, body in zip(pages, bodies, strict=True)
    ]


def _entry(page, body, lead_image, schemes, language):
    published = page.publication_date
    updated = max(published, page.last_published_at or published)
    event = _event(page)
    parts = []
    if event is not None:
        parts.append(_event_html(event, language))
    if lead_image is not None:
        parts.append(_figure_html(lead_image.image, lead_image.alt))
    parts.append(body)
    tags = sorted(page.tags.all(), key=lambda tag: tag.name.lower())
    # A work package without a number (the old site did not always give one) is
    # a category by its slug, after the numbered ones.
    work_packages = sorted(
        getattr(page, "public_work_packages", None) or [],
        key=lambda wp: (wp.number is None, wp.number or 0, wp.title),
    )
    categories = [
        Category(term=text(tag.slug), label=text(tag.name), scheme=schemes.tags) for tag in tags
    ] + [
        Category(
            term=f"wp-{wp.number}" if wp.number is not None else f"wp-{wp.slug}",
            label=text(str(wp)),
            scheme=schemes.work_packages,
        )
        for wp in work_packages
    ]
    return Entry(
        page_id=page.pk,
        id=entry_id(page.pk),
        title=text(page.title) or UNTITLED,
        url=absolute_uri(page.get_url(None) or ""),
        published=published,
        updated=updated,
        language=page.locale.language_code,
        summary=text(page.teaser),
        content_html=clean_html("".join(parts)),
        categories=categories,
        tags=[category.label for category in categories],
        image=lead_image,
        event=event,
    )


def _lead_image(renderer, image_id):
    """The lead image as the feeds show it, or None when it or its file is missing."""
    image = renderer.images.get(image_id) if image_id else None
    if image is None:
        return None
    files = renderer.renditions(image_id)
    if not files:
        return None
    try:
        thumbnail = image.get_rendition(THUMBNAIL_FILTER)
    except OSError:
        return None
    return LeadImage(
        image=_media_file(files[IMAGE_FILTER]),
        thumbnail=_media_file(thumbnail),
        alt=text(image.default_alt_text),
    )


def _event(page):
    if not page.has_event or page.event_city_id is None:
        return None
    city = page.event_city
    parts = (text(page.event_venue), text(city.name), str(city.get_country_display()))
    location = ", ".join(part for part in parts if part)
    starts_at = page.event_starts_at
    if starts_at is None:
        return EventDetails(
            starts=page.event_start_date,
            ends=page.event_end_date,
            all_day=True,
            location=location,
            time_zone=city.time_zone,
        )
    return EventDetails(
        starts=starts_at,
        ends=page.event_ends_at,
        all_day=False,
        location=location,
        time_zone=city.time_zone,
    )


def _event_html(event, language):
    """When and where, in the feed's language: "13–15 June 2007, St Petersburg"."""
    if event.all_day:
        when = l10n.format_period(event.starts, event.ends, language)
    else:
        # Times in the city's own zone, on the 24-hour clock every language here uses.
        when = f"{l10n.format_date(event.starts, language)}, {event.starts:%H:%M}"
        if event.ends:
            if event.ends.date() != event.starts.date():
                when += f" – {l10n.format_date(event.ends, language)}, {event.ends:%H:%M}"
            else:
                when += f"–{event.ends:%H:%M}"
        when += f" ({event.time_zone})"
    return f"<p><strong>{escape(when)}</strong>, {escape(event.location)}</p>"


def _figure_html(media, alt):
    return (
        f'<figure><img src="{escape(media.url)}" alt="{escape(alt)}" '
        f'width="{media.width}" height="{media.height}"></figure>'
    )


def _media_file(rendition):
    mime_type, _encoding = mimetypes.guess_type(rendition.file.name)
    return MediaFile(
        url=absolute_uri(rendition.url),
        length=rendition.file.size,
        mime_type=mime_type or "application/octet-stream",
        width=rendition.width,
        height=rendition.height,
    )
