"""What a feed request asks for, checked before any content is read.

Checking happens in two steps. ``FeedParams.parse`` looks only at the query
string (no database): an unknown, repeated or malformed parameter is a 400
that names it. ``FeedParams.resolve`` then looks the values up: a partner,
tag, work package or language that does not exist is a 404. Only a request
that passed both is rendered, so nothing an outsider types reaches a query
unchecked.

Every valid request has one canonical query string (known parameters in a
fixed order, empty values and defaults left out); the views redirect other
spellings to it, so a feed has exactly one URL, its ``rel="self"`` link is
the URL it was fetched from, and the cache holds one copy of it.
"""

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings

from wagtail.models import Locale, Site

from cms.models import NewsPage, NewsPageTag, Partner, WorkPackagePage
from cms.text import strip_control_characters

# In canonical order.
NEWS_PARAMETERS = ("work_package", "partner", "tag", "locale", "page")
CALENDAR_PARAMETERS = ("work_package", "partner", "tag", "locale")
OPML_PARAMETERS = ("locale",)

MAX_PAGE = 1_000_000
# Work package numbers are stored in a PositiveSmallIntegerField.
MAX_WORK_PACKAGE = 32767
PARTNER_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
# Tag slugs may be Unicode (taggit keeps non-Latin letters).
TAG_SLUG = re.compile(r"^[-\w]{1,100}$")
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$")


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE


class FeedRequestError(Exception):
    """A request the feeds refuse: 400 for a malformed one, 404 for an unknown value."""

    def __init__(self, status, parameter, reason):
        super().__init__(f"{parameter}: {reason}")
        self.status = status
        self.parameter = parameter
        self.reason = reason


def _bad(parameter, reason):
    return FeedRequestError(400, parameter, reason)


def _unknown(parameter, reason):
    return FeedRequestError(404, parameter, reason)


def _shown(value, limit=40):
    """A refused value, fit to be quoted back in an error message."""
    value = strip_control_characters(value)
    return repr(value if len(value) <= limit else value[:limit] + "…")


@dataclass(frozen=True)
class FeedParams:
    work_package: int | None = None
    partner: str | None = None
    tag: str | None = None
    # A content language code; None is the site's default language.
    locale: str | None = None
    page: int = 1

    @classmethod
    def parse(cls, query, allowed=NEWS_PARAMETERS):
        """Parameters from a QueryDict, or FeedRequestError(400) naming the first bad one."""
        for name in query:
            if name not in allowed:
                raise _bad(
                    strip_control_characters(name)[:40],
                    f"unknown parameter; this feed accepts {', '.join(allowed)}",
                )
            if len(query.getlist(name)) > 1:
                raise _bad(name, "given more than once; give it once")
        values = {name: query.get(name, "").strip() for name in allowed}
        params = cls(
            work_package=_parse_work_package(values.get("work_package", "")),
            partner=_parse_slug("partner", values.get("partner", ""), PARTNER_SLUG),
            tag=_parse_slug("tag", values.get("tag", ""), TAG_SLUG),
            locale=_parse_locale(values.get("locale", "")),
            page=_parse_page(values.get("page", "")),
        )
        # Only once nothing is malformed: an unknown language is a 404, not a 400.
        if params.locale is not None and params.locale not in content_languages():
            raise _unknown(
                "locale",
                f"{params.locale!r} is not a language of this site; "
                f"use one of {', '.join(content_languages())}",
            )
        if params.locale == default_language():
            params = replace(params, locale=None)
        return params

    @property
    def language(self):
        return self.locale or default_language()

    @property
    def is_filtered(self):
        return any([self.work_package, self.partner, self.tag])

    def items(self, include_page=True):
        """(name, value) pairs of the canonical query string."""
        pairs = [
            ("work_package", self.work_package),
            ("partner", self.partner),
            ("tag", self.tag),
            ("locale", self.locale),
        ]
        if include_page and self.page != 1:
            pairs.append(("page", self.page))
        return [(name, str(value)) for name, value in pairs if value is not None]

    def query_string(self, include_page=True):
        return urlencode(self.items(include_page=include_page))

    def with_page(self, page):
        return replace(self, page=page)

    def first_page(self):
        return replace(self, page=1)

    def resolve(self, site):
        """The objects the parameters name, or FeedRequestError(404)."""
        locale = Locale.objects.filter(language_code=self.language).first()
        if locale is None:
            raise _unknown("locale", f"there is no content in language {self.language!r}")
        work_package = None
        if self.work_package is not None:
            candidates = list(
                WorkPackagePage.objects.public(site=site)
                .filter(number=self.work_package)
                .select_related("locale")
            )
            if not candidates:
                raise _unknown("work_package", f"there is no work package {self.work_package}")
            # Its title in the feed's language when it has been translated.
            work_package = next((wp for wp in candidates if wp.locale_id == locale.pk), None)
            work_package = work_package or candidates[0]
        partner = None
        if self.partner is not None:
            partner = Partner.objects.select_related("city").filter(slug=self.partner).first()
            if partner is None:
                raise _unknown("partner", f"there is no partner {self.partner!r}")
        tag = None
        if self.tag is not None:
            tag = NewsPageTag.tag_model().objects.filter(slug=self.tag).first()
            if tag is None:
                raise _unknown("tag", f"there is no tag {self.tag!r}")
        return ResolvedFilters(
            params=self,
            site=site,
            locale=locale,
            work_package=work_package,
            partner=partner,
            tag=tag,
        )


@dataclass(frozen=True)
class ResolvedFilters:
    params: FeedParams
    site: Site
    locale: Locale
    work_package: WorkPackagePage | None
    partner: Partner | None
    tag: object | None

    def news(self):
        """The public news the filters select, in no particular order yet."""
        news = NewsPage.objects.public(site=self.site, locale=self.locale)
        if self.work_package is not None:
            news = news.in_work_package(self.work_package.number)
        if self.partner is not None:
            news = news.concerning_partner(self.partner)
        if self.tag is not None:
            news = news.tagged(self.tag.slug)
        return news


def _parse_work_package(value):
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 5:
        raise _bad("work_package", f"must be a work package number, not {_shown(value)}")
    number = int(value)
    if not 1 <= number <= MAX_WORK_PACKAGE:
        raise _bad("work_package", f"must be between 1 and {MAX_WORK_PACKAGE}, not {number}")
    return number


def _parse_slug(name, value, pattern):
    if not value:
        return None
    if not pattern.match(value):
        raise _bad(name, f"must be a slug (letters, digits, - and _), not {_shown(value)}")
    return value


def _parse_locale(value):
    if not value:
        return None
    if not LANGUAGE_TAG.match(value):
        raise _bad("locale", f"must be a language code such as 'de', not {_shown(value)}")
    return value.lower()


def _parse_page(value):
    if not value:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 7:
        raise _bad("page", f"must be a page number (1, 2, ...), not {_shown(value)}")
    page = int(value)
    if not 1 <= page <= MAX_PAGE:
        raise _bad("page", f"must be between 1 and {MAX_PAGE}, not {page}")
    return page
