"""Every feed the site offers: for the /feeds/ page, the OPML file and WebSub pings.

Site-wide news in each language that has a public news section, and the
news of each work package, partner and topic in one language.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Locale

from cms.models import NewsIndexPage, NewsPage, NewsPageTag, Partner, WorkPackagePage
from feeds.entries import absolute_uri, text
from feeds.formats import rfc822
from feeds.news import feed_url, language_name, latest_change
from feeds.params import FeedParams, default_language


@dataclass(frozen=True)
class FeedGroup:
    """One subject's feeds: the same news as RSS, Atom, JSON Feed and a calendar."""

    title: str
    params: FeedParams
    language: str
    html_url: str

    def url(self, kind, origin=None):
        return feed_url(kind, self.params, origin)


def _params(language, **filters):
    return FeedParams(locale=None if language == default_language() else language, **filters)


def site_wide_groups(site):
    """The site-wide news feed of every language whose news section is public."""
    groups = []
    indexes = NewsIndexPage.objects.public(site=site).select_related("locale")
    by_language = {index.locale.language_code: index for index in indexes}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        index = by_language.get(code)
        if index is None:
            continue
        groups.append(
            FeedGroup(
                title=_("All news (%(language)s)") % {"language": language_name(code)},
                params=_params(code),
                language=code,
                html_url=_absolute(index),
            )
        )
    return groups


def subject_groups(site, language):
    """Feeds per work package, partner and topic, in ``language``."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return [], [], []
    news_index = NewsIndexPage.objects.public(site=site, locale=locale).first()
    news_url = _absolute(news_index)
    # Feeds are chosen by number: a work package without one has none of its own.
    numbered = WorkPackagePage.objects.public(site=site, locale=locale).filter(number__isnull=False)
    work_packages = [
        FeedGroup(
            title=text(f"WP {wp.number}: {wp.title}"),
            params=_params(language, work_package=wp.number),
            language=language,
            html_url=_absolute(wp),
        )
        for wp in numbered.order_by("number")
    ]
    partners = [
        FeedGroup(
            title=text(partner.name),
            params=_params(language, partner=partner.slug),
            language=language,
            html_url=partner.website or news_url,
        )
        for partner in Partner.objects.select_related("city").order_by("name")
    ]
    public_news = NewsPage.objects.public(site=site, locale=locale)
    tags = (
        NewsPageTag.tag_model()
        .objects.filter(
            pk__in=NewsPageTag.objects.filter(content_object__in=public_news).values("tag_id")
        )
        .order_by("name")
    )
    topics = [
        FeedGroup(
            title=text(tag.name),
            params=_params(language, tag=tag.slug),
            language=language,
            html_url=f"{news_url}?tag={tag.slug}" if news_index is not None else news_url,
        )
        for tag in tags
    ]
    return work_packages, partners, topics


def _absolute(page):
    if page is None:
        return settings.BASE_URL + "/"
    return absolute_uri(page.get_url(None) or "/")


def opml(site, language, origin):
    """OPML 2.0 listing the site-wide feeds and those per work package and partner."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _("%(site)s news feeds") % {
        "site": settings.WAGTAIL_SITE_NAME
    }
    updated = latest_change()
    ET.SubElement(head, "dateCreated").text = rfc822(updated)
    ET.SubElement(head, "dateModified").text = rfc822(updated)
    ET.SubElement(head, "ownerName").text = settings.WAGTAIL_SITE_NAME
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    work_packages, partners, _topics = subject_groups(site, language)
    sections = [
        (_("All news"), site_wide_groups(site)),
        (_("News by work package"), work_packages),
        (_("News by partner"), partners),
    ]
    for title, groups in sections:
        section = ET.SubElement(body, "outline", text=title, title=title)
        for group in groups:
            ET.SubElement(
                section,
                "outline",
                type="rss",
                text=group.title,
                title=group.title,
                xmlUrl=group.url("rss", origin),
                htmlUrl=group.html_url,
                language=group.language,
            )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
