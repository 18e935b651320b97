"""A NewsFeed written out as RSS 2.0, Atom 1.0 (both with feedgen) or JSON Feed 1.1.

feedgen 1.0.0 has traps, each worked around here and tested in tests/feeds:

- ``add_entry()`` prepends: entries are added with ``order="append"``.
- The RSS channel ``<link>`` is the href of the last ``link()`` call: the
  alternate link is added last.
- RSS keeps only the ``rel="self"`` atom:link: hub and paging links are
  written by the extension below.
- ``updated()`` defaults to now(): every timestamp is set from the content.
- Atom entry links lose ``rel``, ``type`` and ``length`` (feedgen bug #135),
  so an enclosure would become a second alternate link: Atom entry links are
  written by the extension below, never through ``link()``.
- ``content(type="CDATA")`` writes an invalid Atom type: content is escaped
  HTML (``type="html"``).
- ``media:content`` and ``media:thumbnail`` go into a ``media:group`` unless
  given ``group=None``.
- Control characters raise ValueError: cms.text strips them from every
  string first (feeds.entries.text).
- RFC 822 dates are formatted with ``locale.setlocale``, which is
  process-wide and not thread-safe: feedgen is never given an RSS date; the
  extension writes pubDate and lastBuildDate itself.
"""

import datetime
import email.utils
import html
import json

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# feeds/static/feeds/logo.png
LOGO_SIZE = (144, 72)


def rfc822(moment):
    """An RFC 822 date, in English whatever the process locale, without setlocale."""
    return email.utils.format_datetime(moment.astimezone(datetime.UTC), usegmt=True)


def paging_links(feed):
    """RFC 5005 paged-feed links that exist for this page, in a fixed order."""
    links = [
        ("first", feed.first_url),
        ("previous", feed.previous_url),
        ("next", feed.next_url),
        ("last", feed.last_url),
    ]
    return [(rel, href) for rel, href in links if href]


class _FeedExtension(BaseExtension):
    """Channel-level output feedgen cannot produce correctly."""

    feed = None
    media_type = None

    def extend_ns(self):
        return {"dc": DC_NS}

    def extend_rss(self, rss):
        channel = rss.find("channel")
        for rel, href in paging_links(self.feed):
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=href, rel=rel, type=self.media_type)
        if self.feed.channel.hub_url:
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=self.feed.channel.hub_url, rel="hub")
        xml_elem("lastBuildDate", channel).text = rfc822(self.feed.updated)
        return rss

    def extend_atom(self, atom):
        # feedgen writes Atom feed-level links correctly.
        return atom


class _EntryExtension(BaseEntryExtension):
    """Entry-level output feedgen cannot produce correctly."""

    entry = None
    author = None

    def extend_atom(self, element):
        entry = self.entry
        element.set(XML_LANG, entry.language)
        xml_elem("link", element, rel="alternate", type="text/html", href=entry.url)
        if entry.image is not None:
            image = entry.image.image
            xml_elem(
                "link",
                element,
                rel="enclosure",
                type=image.mime_type,
                length=str(image.length),
                href=image.url,
            )
        return element

    def extend_rss(self, element):
        entry = self.entry
        xml_elem("pubDate", element).text = rfc822(entry.published)
        xml_elem(f"{{{DC_NS}}}creator", element).text = self.author
        xml_elem(f"{{{DC_NS}}}language", element).text = entry.language
        return element


class _FeedGenerator(FeedGenerator):
    def __init__(self):
        super().__init__()
        # feedgen stamps lastBuildDate with now() and formats it with
        # setlocale; the extension writes the content's date instead.
        self._FeedGenerator__rss_lastBuildDate = None


def _title(title, kind):
    """A title as the format carries it.

    Atom says a title is text (type="text"). RSS leaves it open, and many
    readers render an RSS title as HTML: a title that mentions ``<script>``
    would be markup to them. Escaped as HTML once more, every reader shows the
    text the editor wrote (feedparser reads it as text/html).
    """
    return html.escape(title, quote=False) if kind == "rss" else title


def _generator(feed, kind):
    channel = feed.channel
    generator = _FeedGenerator()
    generator.register_extension("baltmet", _FeedExtension, _EntryExtension)
    generator.load_extension("media")
    generator.baltmet.feed = feed
    generator.baltmet.media_type = "application/rss+xml" if kind == "rss" else None
    generator.id(channel.id)
    generator.title(_title(channel.title, kind))
    generator.description(channel.subtitle)
    generator.language(channel.language)
    generator.author(name=channel.author_name, uri=channel.author_url)
    generator.icon(channel.icon_url)
    # Also the Atom logo; RSS readers need its size (RSS allows 144 x 400 at most).
    generator.image(channel.logo_url, width=str(LOGO_SIZE[0]), height=str(LOGO_SIZE[1]))
    if kind == "atom":
        generator.updated(feed.updated)
    else:
        generator.ttl(channel.ttl_minutes)
    media_type = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    generator.link(href=channel.self_url, rel="self", type=media_type)
    if kind == "atom":
        if channel.hub_url:
            generator.link(href=channel.hub_url, rel="hub")
        for rel, href in paging_links(feed):
            generator.link(href=href, rel=rel, type=media_type)
    # Last: RSS takes the channel <link> from the last link() call.
    generator.link(href=channel.alternate_url, rel="alternate", type="text/html")

    for entry in feed.entries:
        item = generator.add_entry(order="append")
        item.baltmet.entry = entry
        item.baltmet.author = channel.author_name
        item.id(entry.id)
        item.title(_title(entry.title, kind))
        if entry.summary:
            # Plain text, escaped into HTML: a teaser that mentions <script>
            # is shown as written, never read as markup.
            item.summary(html.escape(entry.summary, quote=False), type="html")
        item.content(entry.content_html, type="html")
        if entry.categories:
            item.category(
                [
                    {"term": category.term, "label": category.label, "scheme": category.scheme}
                    for category in entry.categories
                ]
            )
        if kind == "atom":
            item.published(entry.published)
            item.updated(entry.updated)
            item.author(name=channel.author_name, uri=channel.author_url)
        else:
            # The tag: URI is an id, not a URL a reader could open.
            item.guid(entry.id, permalink=False)
            item.link(href=entry.url)
            if entry.image is not None:
                image = entry.image.image
                item.enclosure(image.url, str(image.length), image.mime_type)
        if entry.image is not None:
            image, thumbnail = entry.image.image, entry.image.thumbnail
            item.media.content(
                url=image.url,
                fileSize=str(image.length),
                type=image.mime_type,
                medium="image",
                width=str(image.width),
                height=str(image.height),
                group=None,
            )
            item.media.thumbnail(
                url=thumbnail.url,
                width=str(thumbnail.width),
                height=str(thumbnail.height),
                group=None,
            )
    return generator


def rss(feed):
    return _generator(feed, "rss").rss_str(pretty=False)


def atom(feed):
    return _generator(feed, "atom").atom_str(pretty=False)


def _date(moment):
    return moment.isoformat()


def json_feed(feed):
    channel = feed.channel
    author = {"name": channel.author_name, "url": channel.author_url}
    document = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.alternate_url,
        "feed_url": channel.self_url,
        "description": channel.subtitle,
        "icon": channel.icon_url,
        "favicon": channel.favicon_url,
        "authors": [author],
        "language": channel.language,
    }
    if feed.next_url:
        document["next_url"] = feed.next_url
    if channel.hub_url:
        document["hubs"] = [{"type": "WebSub", "url": channel.hub_url}]
    document["items"] = [_json_item(entry, author) for entry in feed.entries]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _json_item(entry, author):
    item = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
    }
    if entry.summary:
        item["summary"] = entry.summary
    if entry.image is not None:
        item["image"] = entry.image.image.url
        item["attachments"] = [
            {
                "url": entry.image.image.url,
                "mime_type": entry.image.image.mime_type,
                "size_in_bytes": entry.image.image.length,
            }
        ]
    item["date_published"] = _date(entry.published)
    item["date_modified"] = _date(entry.updated)
    item["authors"] = [author]
    if entry.tags:
        item["tags"] = entry.tags
    item["language"] = entry.language
    if entry.event is not None:
        event = entry.event
        item["_event"] = {
            "starts": event.starts.isoformat(),
            "ends": event.ends.isoformat() if event.ends else None,
            "all_day": event.all_day,
            "location": event.location,
            "time_zone": event.time_zone,
        }
    return item
