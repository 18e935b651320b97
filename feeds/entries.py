"""News pages as feed entries, the same for every format.

A feed shows up to a few dozen items with their full text, and each item's
body refers to images, documents and other pages. Rendering the bodies
through the site's block templates would cost queries per item (and fetch
embeds from their providers); here every reference of every item is
collected first and looked up in one query per kind, so a feed of 50 items
costs the same number of queries as a feed of 5.

Everything leaves as sanitised HTML with absolute URLs (cms.html.clean_html)
and plain text without control characters (which XML cannot carry).
"""

import logging
import mimetypes
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri
from django.utils.formats import date_format
from django.utils.html import escape, linebreaks

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from cms.html import clean_html
from cms.links import absolute_url
from cms.public import public_pages
from cms.text import strip_control_characters

logger = logging.getLogger(__name__)

# Renditions the feeds use, a subset of cms.images.RENDITION_FILTERS so that
# feeds, the API and the site share the files.
IMAGE_FILTER = "width-960"
THUMBNAIL_FILTER = "width-480"
FEED_IMAGE_FILTERS = (THUMBNAIL_FILTER, IMAGE_FILTER)

UNTITLED = "Untitled"


def absolute_uri(url, base=None):
    """An absolute URL in ASCII, as feed formats want (page slugs may be Unicode)."""
    return iri_to_uri(absolute_url(url, base=base)) if url else url


def text(value):
    """Plain text fit for XML, JSON and iCalendar: no control characters, trimmed."""
    return strip_control_characters(str(value or "")).strip()


def id_authority():
    """The tagging authority of tag: URIs (RFC 4151): a domain the project owns.

    Entry ids must never change, so this is a setting of its own rather than
    whatever host the site is served from today.
    """
    configured = settings.FEED_ID_AUTHORITY.strip().lower()
    return configured or urlsplit(settings.BASE_URL).hostname or "localhost"


def id_date():
    return getattr(settings, "FEED_ID_DATE", "2005")


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

    ``language`` is the language the feed is read in: links to other pages
    go to their translation in it, as on the site.
    """
    pages = list(pages)
    references = _References.collect(pages, language)
    return [_entry(page, references, schemes) for page in pages]


def _entry(page, references, schemes):
    published = page.publication_date
    updated = max(published, page.last_published_at or published)
    lead_image = references.lead_image(page.lead_image_id)
    event = _event(page)
    body = references.body_html(page)
    parts = []
    if event is not None:
        parts.append(_event_html(event, page))
    if lead_image is not None:
        parts.append(_figure_html(lead_image.image, lead_image.alt, ""))
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


def _event_html(event, page):
    if event.all_day:
        when = date_format(event.starts, "j F Y")
        if event.ends and event.ends != event.starts:
            when += " – " + date_format(event.ends, "j F Y")
    else:
        when = date_format(event.starts, "j F Y, H:i")
        if event.ends:
            same_day = event.ends.date() == event.starts.date()
            when += " – " + date_format(event.ends, "H:i" if same_day else "j F Y, H:i")
        when += f" ({event.time_zone})"
    return f"<p><strong>{escape(when)}</strong>, {escape(event.location)}</p>"


def _figure_html(media, alt, caption):
    figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure><img src="{escape(media.url)}" alt="{escape(alt)}" '
        f'width="{media.width}" height="{media.height}">{figcaption}</figure>'
    )


class _References:
    """Everything the entries refer to, each kind fetched in one query."""

    def __init__(self, language):
        self.language = language
        self.images = {}
        self.documents = {}
        self.page_urls = {}
        self._image_files = {}

    @classmethod
    def collect(cls, pages, language):
        references = cls(language)
        image_ids, document_ids, page_ids = set(), set(), set()
        for page in pages:
            if page.lead_image_id:
                image_ids.add(page.lead_image_id)
            for block in page.body.raw_data:
                kind, value = block.get("type"), block.get("value")
                if kind == "image":
                    image_ids.add(_figure_image_id(value))
                elif kind == "document" and isinstance(value, dict):
                    document_ids.add(value.get("document"))
                elif kind == "paragraph" and isinstance(value, str):
                    for match in FIND_A_TAG.finditer(value):
                        attrs = extract_attrs(match.group(1))
                        if attrs.get("linktype") == "page":
                            page_ids.add(attrs.get("id"))
                        elif attrs.get("linktype") == "document":
                            document_ids.add(attrs.get("id"))
        references._load_images(_ids(image_ids))
        references._load_documents(_ids(document_ids))
        references._load_pages(_ids(page_ids))
        return references

    def _load_images(self, ids):
        if not ids:
            return
        images = get_image_model().objects.filter(pk__in=ids)
        self.images = {image.pk: image for image in images.prefetch_renditions(*FEED_IMAGE_FILTERS)}

    def _load_documents(self, ids):
        if ids:
            self.documents = get_document_model().objects.in_bulk(ids)

    def _load_pages(self, ids):
        if not ids:
            return
        linked = list(Page.objects.filter(pk__in=ids))
        # A link to a page goes to its translation in the feed's language, if
        # that is public, as the site does when it renders the same text.
        translations = {
            page.translation_key: page
            for page in public_pages(locale=self.language).filter(
                translation_key__in=[page.translation_key for page in linked]
            )
        }
        for page in linked:
            target = translations.get(page.translation_key, page)
            self.page_urls[page.pk] = absolute_uri(target.get_url(None) or "")

    def image_files(self, image_id):
        """The rendition files of an image, or None when the image or its file is missing."""
        if image_id in self._image_files:
            return self._image_files[image_id]
        image = self.images.get(image_id)
        files = None
        if image is not None:
            try:
                renditions = image.get_renditions(*FEED_IMAGE_FILTERS)
                files = {spec: _media_file(rendition) for spec, rendition in renditions.items()}
            except (SourceImageIOError, OSError):
                # A file lost from storage must not take the whole feed down.
                logger.warning("Image %s has no readable file; left out of the feeds", image_id)
        self._image_files[image_id] = files
        return files

    def lead_image(self, image_id):
        files = self.image_files(image_id) if image_id else None
        if not files:
            return None
        image = self.images[image_id]
        return LeadImage(
            image=files[IMAGE_FILTER],
            thumbnail=files[THUMBNAIL_FILTER],
            alt=text(image.default_alt_text),
        )

    def body_html(self, page):
        parts = []
        for block in page.body.raw_data:
            parts.append(self._block_html(block.get("type"), block.get("value")))
        return "".join(parts)

    def _block_html(self, kind, value):
        if kind == "paragraph":
            return self._rich_text(value or "")
        if kind == "heading" and isinstance(value, dict):
            level = "h3" if value.get("level") == "h3" else "h2"
            return f"<{level}>{escape(text(value.get('text')))}</{level}>"
        if kind == "image" and isinstance(value, dict):
            return self._figure(value)
        if kind == "quote" and isinstance(value, dict):
            attribution = text(value.get("attribution"))
            cite = f"<figcaption>{escape(attribution)}</figcaption>" if attribution else ""
            return (
                f"<figure><blockquote>{linebreaks(text(value.get('text')), autoescape=True)}"
                f"</blockquote>{cite}</figure>"
            )
        if kind == "embed" and value:
            # The provider's player (an iframe) would be stripped anyway; a
            # link works in every reader and costs no request to the provider.
            url = escape(text(value))
            return f'<p><a href="{url}">{url}</a></p>'
        if kind == "document" and isinstance(value, dict):
            document = self.documents.get(_as_int(value.get("document")))
            if document is None:
                return ""
            title = text(value.get("title")) or text(document.title)
            extension = escape(document.file_extension.upper())
            return (
                f'<p><a href="{escape(absolute_uri(document.url))}">{escape(title)}</a> '
                f"({extension})</p>"
            )
        return ""

    def _figure(self, value):
        image_id = _figure_image_id(value)
        files = self.image_files(image_id) if image_id else None
        if not files:
            return ""
        image_value = value.get("image")
        if isinstance(image_value, dict):
            alt = "" if image_value.get("decorative") else text(image_value.get("alt_text"))
        else:
            alt = text(self.images[image_id].default_alt_text)
        return _figure_html(files[IMAGE_FILTER], alt, text(value.get("caption")))

    def _rich_text(self, source):
        rewriter = MultiRuleRewriter(
            [
                LinkRewriter(
                    bulk_rules={
                        "page": lambda attrs_list: [
                            self._link(self.page_urls.get(_as_int(a.get("id")))) for a in attrs_list
                        ],
                        "document": lambda attrs_list: [
                            self._link(self._document_url(a.get("id"))) for a in attrs_list
                        ],
                    }
                ),
                # Rich text embeds (none of the enabled features makes them)
                # are dropped rather than expanded with a query each.
                EmbedRewriter(bulk_rules={}),
            ]
        )
        return rewriter(source)

    def _document_url(self, document_id):
        document = self.documents.get(_as_int(document_id))
        return absolute_uri(document.url) if document is not None else None

    @staticmethod
    def _link(url):
        return f'<a href="{escape(url)}">' if url else "<a>"


def _media_file(rendition):
    mime_type, _encoding = mimetypes.guess_type(rendition.file.name)
    return MediaFile(
        url=absolute_uri(rendition.url),
        length=rendition.file.size,
        mime_type=mime_type or "application/octet-stream",
        width=rendition.width,
        height=rendition.height,
    )


def _figure_image_id(value):
    """The image id in a figure block's stored value (ImageBlock, or a bare id from before)."""
    if isinstance(value, dict):
        image = value.get("image")
        if isinstance(image, dict):
            return _as_int(image.get("image"))
        return _as_int(image)
    return _as_int(value)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _ids(values):
    return {value for value in (_as_int(v) for v in values) if value is not None}
