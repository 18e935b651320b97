"""Bodies and rich text as output: for the site, the API and the feeds, from one renderer.

A news body (a StreamField) and rich text refer to pages, documents and images
by id. Rendered one block at a time, as Wagtail's templates and rich text
handlers do, each reference costs a query (and an embed a request to its
provider). The renderer is given every body a response shows, collects their
references, looks each kind up in one query, and only then writes, so a feed
or an API page of 50 items costs what one of 5 costs.

What the outputs share is decided here, once:

- a link to a page goes to the page's translation in the language being
  read, if that is public, else to the page itself if that is public; a link
  to a page the public may not see loses its address (a draft's URL would
  give its slug away) and stays as text;
- a document link goes to the document, a figure shows the image's renditions
  with its alternative text (none for a decorative image), an embedded video
  is the provider's player or a link to it.

What differs is an option (``Options``), not a copy: absolute or site-relative
URLs, the whole body sanitised for other people's pages or (the site) its rich
text only, players or links for embeds, a srcset or a single rendition for
figures.
"""

import logging
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

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
from cms.images import RENDITION_FILTERS, image_representation
from cms.links import absolute_url
from cms.public import public_pages
from cms.text import strip_unusable_characters

logger = logging.getLogger(__name__)

# The figure's width in the site's layout, for the browser to pick a rendition.
FIGURE_SIZES = "(min-width: 60rem) 56rem, 100vw"


@dataclass(frozen=True)
class Options:
    # URLs with the site's origin, for output read elsewhere (feeds, API, webhooks).
    absolute: bool = False
    # HTML cleaned of anything but plain formatting (cms.html), for other people's pages.
    sanitise: bool = False
    # "player": the provider's HTML (the site); "link": a link to the media.
    embeds: str = "player"
    # The renditions a figure offers: a srcset of all of them, src the first.
    image_filters: tuple = RENDITION_FILTERS
    image_sizes: str | None = FIGURE_SIZES


SITE = Options()
FEEDS = Options(
    absolute=True, sanitise=True, embeds="link", image_filters=("width-960",), image_sizes=None
)
API = Options(absolute=True, sanitise=True, embeds="link")


def text(value):
    """Plain text without control characters or non-characters, trimmed."""
    return strip_unusable_characters(str(value or "")).strip()


class Renderer:
    """Renders many bodies and rich texts with the references of all of them loaded at once.

    ``language`` is the language the output is read in (links go to
    translations in it); ``request`` lets page URLs come from Wagtail's
    per-request cache of site roots.
    """

    def __init__(self, options=SITE, language=None, request=None):
        self.options = options
        self.language = language
        self.request = request
        self.images = {}
        self.documents = {}
        self.page_urls = {}
        self._image_ids, self._document_ids, self._page_ids = set(), set(), set()

    # Collecting and loading -----------------------------------------------------

    def collect(self, streams=(), rich_texts=(), images=()):
        """Note what these bodies, rich texts and image ids refer to; load() fetches it."""
        for stream in streams:
            for block in _raw(stream):
                kind, value = block.get("type"), block.get("value")
                if kind == "paragraph" and isinstance(value, str):
                    self._scan_rich_text(value)
                elif kind == "image":
                    self._image_ids.add(_figure_image_id(value))
                elif kind == "document" and isinstance(value, dict):
                    self._document_ids.add(_as_int(value.get("document")))
        for source in rich_texts:
            self._scan_rich_text(source or "")
        self._image_ids.update(_as_int(image) for image in images)
        return self

    def _scan_rich_text(self, source):
        for match in FIND_A_TAG.finditer(source):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") == "page":
                self._page_ids.add(_as_int(attrs.get("id")))
            elif attrs.get("linktype") == "document":
                self._document_ids.add(_as_int(attrs.get("id")))

    def load(self):
        """One query per kind of reference collected and not yet loaded."""
        images = {i for i in self._image_ids if i is not None and i not in self.images}
        if images:
            found = get_image_model().objects.filter(pk__in=images)
            filters = sorted(set(self.options.image_filters) | set(RENDITION_FILTERS))
            self.images.update({image.pk: image for image in found.prefetch_renditions(*filters)})
        documents = {d for d in self._document_ids if d is not None and d not in self.documents}
        if documents:
            self.documents.update(get_document_model().objects.in_bulk(documents))
        pages = {p for p in self._page_ids if p is not None and p not in self.page_urls}
        if pages:
            self._load_pages(pages)
        return self

    def _load_pages(self, ids):
        linked = list(Page.objects.filter(pk__in=ids).only("id", "translation_key"))
        keys = {page.translation_key for page in linked}
        public = public_pages().filter(translation_key__in=keys).select_related("locale")
        by_key = {}
        for page in public:
            by_key.setdefault(page.translation_key, {})[page.locale.language_code] = page
        for page in linked:
            versions = by_key.get(page.translation_key, {})
            target = versions.get(self.language) if self.language else None
            if target is None:
                target = next((p for p in versions.values() if p.pk == page.pk), None)
            self.page_urls[page.pk] = self.url(target.get_url(self.request)) if target else None
        for page_id in ids:
            self.page_urls.setdefault(page_id, None)

    def url(self, url):
        if not url:
            return None
        return absolute_url(url) if self.options.absolute else url

    # HTML -------------------------------------------------------------------------

    def html(self, streams):
        """Each StreamField value as HTML."""
        streams = list(streams)
        self.collect(streams=streams).load()
        return [self._finish("".join(self.block_html(b) for b in _raw(s))) for s in streams]

    def rich_text(self, sources):
        """Each rich text source (as stored) as HTML."""
        sources = [source or "" for source in sources]
        self.collect(rich_texts=sources).load()
        return [self._finish(self._rich_text(source)) if source else "" for source in sources]

    def _finish(self, html):
        if self.options.sanitise:
            return clean_html(html)
        return mark_safe(html)  # noqa: S308 - every value written below is escaped

    def block_html(self, kind, value=None):
        """One block, given as stored (``{"type": ..., "value": ...}`` or kind and value)."""
        if isinstance(kind, dict):
            kind, value = kind.get("type"), kind.get("value")
        if kind == "paragraph":
            return self._rich_text(value or "")
        if kind == "heading" and isinstance(value, dict):
            level = "h3" if value.get("level") == "h3" else "h2"
            return f"<{level}>{escape(text(value.get('text')))}</{level}>"
        if kind == "image" and isinstance(value, dict):
            return self._figure_html(value)
        if kind == "quote" and isinstance(value, dict):
            attribution = text(value.get("attribution"))
            caption = f"<figcaption>{escape(attribution)}</figcaption>" if attribution else ""
            body = linebreaks(text(value.get("text")), autoescape=True)
            return f'<figure class="quote"><blockquote>{body}</blockquote>{caption}</figure>'
        if kind == "embed" and value:
            return self._embed_html(text(value))
        if kind == "document" and isinstance(value, dict):
            return self._document_html(value)
        return ""

    def _rich_text(self, source):
        rewriter = MultiRuleRewriter(
            [
                LinkRewriter(
                    bulk_rules={
                        "page": lambda attrs: [
                            _opening_a(self.page_urls.get(_as_int(a.get("id")))) for a in attrs
                        ],
                        "document": lambda attrs: [
                            _opening_a(self.document_url(_as_int(a.get("id")))) for a in attrs
                        ],
                    }
                ),
                # Rich text embeds (none of the enabled features makes them)
                # are dropped rather than fetched from their providers.
                EmbedRewriter(bulk_rules={}),
            ]
        )
        html = rewriter(source)
        if not self.options.sanitise:
            # The admin cleans rich text as it is saved, but an import, a
            # script or the database itself may have written it: the site
            # cleans it again as it shows it (the other outputs clean it all).
            html = clean_html(html, absolute=False)
        return html

    def document_url(self, document_id):
        document = self.documents.get(document_id)
        return self.url(document.url) if document is not None else None

    def _document_html(self, value):
        document = self.documents.get(_as_int(value.get("document")))
        if document is None:
            # A document since deleted (or not yet chosen, in a preview): its
            # title, if the editor gave one, without a link.
            title = text(value.get("title"))
            return f'<p class="document-link">{escape(title)}</p>' if title else ""
        title = text(value.get("title")) or text(document.title)
        details = escape(document.file_extension.upper())
        if document.file_size:
            details += f", {filesizeformat(document.file_size)}"
        return (
            f'<p class="document-link"><a href="{escape(self.document_url(document.pk))}">'
            f"{escape(title)}</a> ({details})</p>"
        )

    def _embed_html(self, url):
        if self.options.embeds == "player":
            from wagtail.embeds.embeds import get_embed
            from wagtail.embeds.exceptions import EmbedException

            try:
                return f'<div class="embed">{get_embed(url).html}</div>'
            except EmbedException:
                logger.warning("No player for %s; linked instead", url)
        return f'<p class="embed"><a href="{escape(url)}">{escape(url)}</a></p>'

    def renditions(self, image_id):
        """The image's renditions for the options' filters, or None when it or its file is gone."""
        image = self.images.get(image_id)
        if image is None:
            return None
        try:
            return image.get_renditions(*self.options.image_filters)
        except (SourceImageIOError, OSError):
            # A file lost from storage must not take the whole page or feed down.
            logger.warning("Image %s has no readable file; left out", image_id)
            return None

    def figure_alt(self, value, image_id):
        image_value = value.get("image")
        if isinstance(image_value, dict):
            return "" if image_value.get("decorative") else text(image_value.get("alt_text"))
        return text(self.images[image_id].default_alt_text)

    def _figure_html(self, value):
        image_id = _figure_image_id(value)
        renditions = self.renditions(image_id)
        if not renditions:
            return ""
        first = renditions[self.options.image_filters[0]]
        attributes = (
            f'src="{escape(self.url(first.url))}" alt="{escape(self.figure_alt(value, image_id))}" '
            f'width="{first.width}" height="{first.height}"'
        )
        if len(renditions) > 1:
            srcset = ", ".join(
                f"{self.url(rendition.url)} {rendition.width}w" for rendition in renditions.values()
            )
            attributes += f' srcset="{escape(srcset)}" sizes="{escape(self.options.image_sizes)}"'
            attributes += ' loading="lazy"'
        caption = text(value.get("caption"))
        figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f'<figure class="figure"><img {attributes}>{figcaption}</figure>'

    # Data (the API) ------------------------------------------------------------------

    def data(self, stream_block, streams):
        """Each StreamField value as a list of typed blocks: ``{"type", "id", "value"}``.

        The news body's blocks are written here from the loaded references;
        blocks of other streams (a milestone's meetings) are converted by
        their own block, each block type in one go for all the streams.
        """
        streams = list(streams)
        self.collect(streams=streams).load()
        raw = [list(_raw(stream)) for stream in streams]
        others = {}
        for kind, child in stream_block.child_blocks.items():
            if kind in BODY_KINDS:
                continue
            places = [(s, i) for s, blocks in enumerate(raw) for i, b in enumerate(blocks)]
            places = [(s, i) for s, i in places if raw[s][i].get("type") == kind]
            if places:
                values = child.bulk_to_python([raw[s][i]["value"] for s, i in places])
                for place, native in zip(places, values, strict=True):
                    others[place] = child.get_api_representation(
                        native, context={"request": self.request}
                    )
        result = []
        for s, blocks in enumerate(raw):
            items = []
            for i, block in enumerate(blocks):
                kind = block.get("type")
                if kind in BODY_KINDS:
                    value = self.block_data(kind, block.get("value"))
                elif (s, i) in others:
                    value = others[(s, i)]
                else:
                    continue
                items.append({"type": kind, "id": block.get("id"), "value": value})
            result.append(items)
        return result

    def block_data(self, kind, value):
        if kind == "paragraph":
            return self._finish(self._rich_text(value or ""))
        if kind == "heading":
            value = value or {}
            return {"text": text(value.get("text")), "level": value.get("level") or "h2"}
        if kind == "image":
            value = value or {}
            image_id = _figure_image_id(value)
            image = self.images.get(image_id)
            alt = self.figure_alt(value, image_id) if image is not None else ""
            return {
                "image": image_representation(image, alt=alt) if image is not None else None,
                "caption": value.get("caption"),
            }
        if kind == "quote":
            value = value or {}
            return {"text": value.get("text"), "attribution": value.get("attribution")}
        if kind == "embed":
            # A front end embeds the URL with its own player; the provider's
            # HTML would cost a request to the provider.
            return {"url": value or None}
        if kind == "document":
            document = self.documents.get(_as_int((value or {}).get("document")))
            if document is None:
                return None
            return {
                "title": (value or {}).get("title") or document.title,
                "url": absolute_url(document.url),
                "file_extension": document.file_extension,
                "file_size": document.file_size,
            }
        return None


BODY_KINDS = ("paragraph", "heading", "image", "quote", "embed", "document")


def _raw(stream):
    """A StreamField value's blocks as stored; a list of them as it is."""
    if stream is None:
        return []
    raw = getattr(stream, "raw_data", stream)
    return list(raw)


def _opening_a(url):
    return f'<a href="{escape(url)}">' if url else "<a>"


def _figure_image_id(value):
    """The image id in a figure's stored value (ImageBlock, or a bare id from before)."""
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
