"""What a feed request asks for, checked before any content is read.

Checking happens in two steps. ``FeedParams.parse`` looks only at the query
string (no database), through the parameter layer every endpoint shares
(cms.params): an unknown, repeated or malformed parameter is a 400 problem
that names it. ``FeedParams.resolve`` then looks the values up: a partner,
tag, work package or language that does not exist is a 404 problem. Only a request
that passed both is rendered, so nothing an outsider types reaches a query
unchecked.

Every valid request has one canonical query string (known parameters in a
fixed order, empty values and defaults left out); the views redirect other
spellings to it, so a feed has exactly one URL, its ``rel="self"`` link is
the URL it was fetched from, and the cache holds one copy of it.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings

from wagtail.models import Locale, Site

from cms.models import NewsPage, NewsPageTag, Partner, WorkPackagePage
from cms.params import LanguageTagField, QueryParameters, SlugField, WholeNumberField
from cms.params import content_languages as content_languages
from cms.problems import unknown_value

MAX_PAGE = 1_000_000
# Work package numbers are stored in a PositiveSmallIntegerField.
MAX_WORK_PACKAGE = 32767


def default_language():
    return settings.LANGUAGE_CODE


class CatalogueParameters(QueryParameters):
    """The feed list and the OPML file: in which language."""

    locale = LanguageTagField(help_text="The feeds' language; the site's default if absent.")


class CalendarParameters(CatalogueParameters):
    """The events calendar: the news feed's filters, without pages."""

    work_package = WholeNumberField(
        min_value=1, max_value=MAX_WORK_PACKAGE, help_text="Only news of this work package."
    )
    partner = SlugField(help_text="Only news naming this partner or with an event in its city.")
    tag = SlugField(help_text="Only news with this tag.")


class NewsFeedParameters(CalendarParameters):
    page = WholeNumberField(
        min_value=1, max_value=MAX_PAGE, default=1, help_text="The page of the feed (RFC 5005)."
    )


# In canonical order.
NEWS_PARAMETERS = ("work_package", "partner", "tag", "locale", "page")


@dataclass(frozen=True)
class FeedParams:
    work_package: int | None = None
    partner: str | None = None
    tag: str | None = None
    # A content language code; None is the site's default language.
    locale: str | None = None
    page: int = 1

    @classmethod
    def parse(cls, query, parameters=NewsFeedParameters):
        """The parameters of a QueryDict: a 400 Problem naming every malformed one, a 404
        for a language the site does not have."""
        values = parameters.read(query)
        locale = known_language(values.get("locale"))
        return cls(
            work_package=values.get("work_package"),
            partner=values.get("partner"),
            tag=values.get("tag"),
            locale=None if locale == default_language() else locale,
            page=values.get("page", 1),
        )

    @property
    def language(self):
        return self.locale or default_language()

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

    def resolve(self, site):
        """The objects the parameters name, or a 404 Problem naming the one that names nothing."""
        locale = Locale.objects.filter(language_code=self.language).first()
        if locale is None:
            raise unknown_value("locale", f"there is no content in language {self.language!r}")
        work_package = None
        if self.work_package is not None:
            candidates = list(
                WorkPackagePage.objects.public(site=site)
                .filter(number=self.work_package)
                .select_related("locale")
            )
            if not candidates:
                raise unknown_value("work_package", f"there is no work package {self.work_package}")
            # Its title in the feed's language when it has been translated.
            work_package = next((wp for wp in candidates if wp.locale_id == locale.pk), None)
            work_package = work_package or candidates[0]
        partner = None
        if self.partner is not None:
            partner = Partner.objects.select_related("city").filter(slug=self.partner).first()
            if partner is None:
                raise unknown_value("partner", f"there is no partner {self.partner!r}")
        tag = None
        if self.tag is not None:
            # A tag only drafts or private pages carry is as unknown as one
            # nobody made: its name must not show in a feed's title.
            tag = (
                NewsPageTag.tag_model()
                .objects.filter(
                    slug=self.tag,
                    cms_newspagetag_items__content_object__in=NewsPage.objects.public(
                        site=site
                    ).values("pk"),
                )
                .first()
            )
            if tag is None:
                raise unknown_value("tag", f"there is no tag {self.tag!r}")
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
        return NewsPage.objects.public(site=self.site, locale=self.locale).filtered(
            work_package=self.work_package.number if self.work_package is not None else None,
            partner=self.partner,
            tag=self.tag.slug if self.tag is not None else None,
        )


def known_language(code):
    """``code`` if it is a content language of the site (or None); a 404 Problem otherwise."""
    if code is not None and code not in content_languages():
        raise unknown_value(
            "locale",
            f"{code!r} is not a language of this site; use one of {', '.join(content_languages())}",
        )
    return code
