"""The content API's endpoints: thin views over api.selectors and api.representations.

Each view reads its parameters with its serializer of api.params (so every
bad value is a 400 problem naming it), asks a selector for the items, and
hands them to a representation builder. Caching, conditional requests, throttling and CORS
happen in front of the views (api.middleware, django-cors-headers).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property

from wagtail.models import Locale, Page, Site

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import params, preview, selectors, serializers
from api.authentication import ReadTokenAuthentication
from api.problems import InvalidPreviewToken, exception_handler
from api.representations import (
    NEWS_FIELDS,
    PARTNER_FIELDS,
    WORK_PACKAGE_FIELDS,
    Builder,
    iso_datetime,
)
from api.schema import (
    ID_PARAMETER,
    PARTNER_SLUG_PARAMETER,
    PREVIEW_TOKEN_PARAMETER,
    SLUG_PARAMETER,
    documented,
)
from cms.links import absolute_url
from cms.models import NewsPage, PublicationEvent, WorkPackagePage
from cms.problems import PROBLEM_TYPES
from cms.public import public_pages

PAGE_TYPES = {
    "cms.newspage": "news",
    "cms.workpackagepage": "work_package",
}


SITES = {}


class JsonOnly(BaseContentNegotiation):
    """The API speaks JSON whatever the Accept header says, so it never answers 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(APIView):
    authentication_classes = [ReadTokenAuthentication]
    permission_classes = [AllowAny]
    # Rates are applied by api.middleware, before the response cache.
    throttle_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly
    http_method_names = ["get", "head", "options"]

    def get_exception_handler(self):
        return exception_handler

    def dispatch(self, request, *args, **kwargs):
        # Labels (a meeting's kind, a partner's role) come in the default
        # language, whatever the client's Accept-Language: responses are cached
        # without it.
        with translation.override(settings.LANGUAGE_CODE):
            return super().dispatch(request, *args, **kwargs)

    def options(self, request, *args, **kwargs):
        return Response(status=204, headers={"Allow": ", ".join(self.allowed_methods)})

    @cached_property
    def site(self):
        request = self.request._request
        # Sites change rarely, and every change makes a new content version
        # (cms.publication), so a site found for a host holds for the version.
        key = (request.get_host(), getattr(request, "api_content_version", None))
        site = SITES.get(key) if key[1] else None
        if site is None:
            site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
            if key[1]:
                if len(SITES) > 100:
                    SITES.clear()
                SITES[key] = site
        return site

    def builder(self, fields=None, live=True):
        return Builder(request=self.request._request, site=self.site, fields=fields, live=live)

    def list_response(self, query, selection, offset, limit, build):
        items, count = selection.page_and_count(offset, limit)
        results = build(items)
        return Response(
            {
                "count": count,
                "next": self.page_link(query, offset + limit, limit)
                if offset + limit < count
                else None,
                "previous": self.page_link(query, max(0, offset - limit), limit)
                if offset > 0
                else None,
                "results": results,
            }
        )

    def page_link(self, query, offset, limit):
        values = {name: query.get(name) for name in query if name not in ("offset", "limit")}
        values["limit"] = limit
        if offset:
            values["offset"] = offset
        return absolute_url(f"{self.request.path}?{urlencode(sorted(values.items()))}")


def _news_filters(values):
    return selectors.NewsFilters(
        locale=values.get("locale"),
        work_package=values.get("work_package"),
        partner=values.get("partner"),
        tag=values.get("tag"),
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        event_from=values.get("event_from"),
        event_to=values.get("event_to"),
        search=values.get("search"),
    )


def _fields(values, available):
    return values.get("fields") or frozenset(available)


class ApiRoot(ApiView):
    @documented(
        serializers.ApiRootSerializer,
        summary="The API's endpoints",
        tags=["meta"],
        operation_id="api_root",
        example="root",
    )
    def get(self, request):
        params.NoParameters.read(request.query_params)
        return Response(
            {
                name: absolute_url(f"/api/v1/{path}")
                for name, path in (
                    ("news", "news/"),
                    ("events", "events/"),
                    ("work_packages", "work-packages/"),
                    ("partners", "partners/"),
                    ("tags", "tags/"),
                    ("resolve", "pages/resolve/"),
                    ("changes", "changes/"),
                )
            }
            | {"schema": absolute_url("/api/schema/"), "docs": absolute_url("/api/docs/")}
        )


class NewsList(ApiView):
    events = False
    parameters = params.NewsListParameters

    @documented(
        serializers.NewsListSerializer,
        operation_id="news_list",
        summary="List news",
        parameters=params.NewsListParameters,
        tags=["news"],
        example="news_list",
    )
    def get(self, request):
        values = self.parameters.read(request.query_params)
        fields = _fields(values, NEWS_FIELDS)
        selection = selectors.select_news(
            self.site,
            _news_filters(values),
            ordering=values.get("ordering"),
            events=self.events,
            fields=None if fields == frozenset(NEWS_FIELDS) else fields,
        )
        return self.list_response(
            request.query_params,
            selection,
            values["offset"],
            values["limit"],
            self.builder(fields).news,
        )


class EventList(NewsList):
    events = True
    parameters = params.EventListParameters

    @documented(
        serializers.NewsListSerializer,
        operation_id="events_list",
        summary="List news with event details",
        description="News that announce or report an event, ordered by when the event starts.",
        parameters=params.EventListParameters,
        tags=["news"],
        example="events",
    )
    def get(self, request):
        return super().get(request)


class NewsDetail(ApiView):
    @documented(
        serializers.NewsItemSerializer,
        operation_id="news_detail",
        summary="One news item by id",
        parameters=[ID_PARAMETER, params.NewsDetailParameters],
        tags=["news"],
        not_found=True,
        example="news_item",
    )
    def get(self, request, pk):
        fields = _fields(params.NewsDetailParameters.read(request.query_params), NEWS_FIELDS)
        page = selectors.news_by_id(self.site, pk)
        if page is None:
            raise Http404("No public news item has this id.")
        return Response(self.builder(fields).news([page])[0])


class NewsBySlug(ApiView):
    @documented(
        serializers.NewsItemSerializer,
        operation_id="news_by_slug",
        summary="One news item by slug",
        description="The slug is unique within a language; `locale` defaults to English.",
        parameters=[SLUG_PARAMETER, params.NewsBySlugParameters],
        tags=["news"],
        not_found=True,
        example="news_item",
    )
    def get(self, request, slug):
        values = params.NewsBySlugParameters.read(request.query_params)
        fields = _fields(values, NEWS_FIELDS)
        locale = values.get("locale") or settings.LANGUAGE_CODE
        page = selectors.news_by_slug(self.site, slug, locale)
        if page is None:
            raise Http404("No public news item has this slug in this language.")
        return Response(self.builder(fields).news([page])[0])


class WorkPackageList(ApiView):
    @documented(
        serializers.WorkPackageListSerializer,
        operation_id="work_packages_list",
        summary="List work packages",
        description="Work packages with their milestones and the milestones' meetings inline.",
        parameters=params.WorkPackageListParameters,
        tags=["work packages"],
        example="work_package_list",
    )
    def get(self, request):
        values = params.WorkPackageListParameters.read(request.query_params)
        fields = _fields(values, WORK_PACKAGE_FIELDS)
        selection = selectors.select_work_packages(
            self.site, locale=values.get("locale"), ordering=values.get("ordering")
        )
        return self.list_response(
            request.query_params,
            selection,
            values["offset"],
            values["limit"],
            self.builder(fields).work_packages,
        )


class WorkPackageDetail(ApiView):
    @documented(
        serializers.WorkPackageSerializer,
        operation_id="work_package_detail",
        summary="One work package by id",
        parameters=[ID_PARAMETER, params.WorkPackageDetailParameters],
        tags=["work packages"],
        not_found=True,
        example="work_package",
    )
    def get(self, request, pk):
        values = params.WorkPackageDetailParameters.read(request.query_params)
        fields = _fields(values, WORK_PACKAGE_FIELDS)
        page = selectors.work_package_by_id(self.site, pk)
        if page is None:
            raise Http404("No public work package has this id.")
        return Response(self.builder(fields).work_packages([page])[0])


class PartnerList(ApiView):
    @documented(
        serializers.PartnerListSerializer,
        operation_id="partners_list",
        summary="List partners",
        parameters=params.PartnerListParameters,
        tags=["partners"],
        example="partner_list",
    )
    def get(self, request):
        values = params.PartnerListParameters.read(request.query_params)
        fields = _fields(values, PARTNER_FIELDS)
        selection = selectors.select_partners(
            role=values.get("role"),
            country=values.get("country"),
            city=values.get("city"),
            ordering=values.get("ordering"),
        )
        index_url = absolute_url(selectors.partner_index_url(self.site, self.request._request))
        return self.list_response(
            request.query_params,
            selection,
            values["offset"],
            values["limit"],
            lambda partners: self.builder(fields).partners(partners, index_url=index_url),
        )


class PartnerDetail(ApiView):
    @documented(
        serializers.PartnerSerializer,
        operation_id="partner_detail",
        summary="One partner by slug",
        parameters=[PARTNER_SLUG_PARAMETER, params.PartnerDetailParameters],
        tags=["partners"],
        not_found=True,
        example="partner",
    )
    def get(self, request, slug):
        values = params.PartnerDetailParameters.read(request.query_params)
        fields = _fields(values, PARTNER_FIELDS)
        partner = selectors.partner_by_slug(slug)
        if partner is None:
            raise Http404("No partner has this slug.")
        index_url = absolute_url(selectors.partner_index_url(self.site, self.request._request))
        return Response(self.builder(fields).partners([partner], index_url=index_url)[0])


class TagList(ApiView):
    @documented(
        serializers.TagListSerializer,
        operation_id="tags_list",
        summary="List the tags of public news",
        parameters=params.TagListParameters,
        tags=["news"],
        example="tag_list",
    )
    def get(self, request):
        values = params.TagListParameters.read(request.query_params)
        fields = _fields(values, params.TAG_FIELDS)
        locale = values.get("locale")
        selection = selectors.select_tags(self.site, locale=locale, ordering=values.get("ordering"))
        index_url = absolute_url(selectors.news_index_url(self.site, locale, self.request._request))
        return self.list_response(
            request.query_params,
            selection,
            values["offset"],
            values["limit"],
            lambda rows: self.builder(fields).tags(rows, index_url=index_url, locale=locale),
        )


class Resolve(ApiView):
    @documented(
        serializers.PageSerializer,
        operation_id="pages_resolve",
        summary="The page at a site path",
        description=(
            "For a headless front end: the API representation of the public page at `path` "
            "(news items and work packages as their endpoints give them; other pages with "
            "title, lead, intro and body)."
        ),
        parameters=params.ResolveParameters,
        tags=["pages"],
        not_found=True,
        example="news_item",
    )
    def get(self, request):
        path = params.ResolveParameters.read(request.query_params)["path"]
        page = self.resolve(path)
        if page is None:
            raise Http404("No public page has this path.")
        return Response(self.builder().any(page))

    def resolve(self, path):
        site = self.site
        language = translation.get_language_from_path(path)
        rest = path
        if language:
            rest = path[len(language) + 1 :]
        language = language or settings.LANGUAGE_CODE
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            return None
        root = site.root_page.get_translation_or_none(locale)
        if root is None:
            return None
        segments = [segment for segment in rest.split("/") if segment]
        url_path = root.url_path + "".join(f"{segment}/" for segment in segments)
        page = (
            public_pages(site=site, locale=locale)
            .filter(url_path=url_path)
            .select_related("locale")
            .specific()
            .first()
        )
        return page


class Changes(ApiView):
    @documented(
        serializers.ChangesSerializer,
        operation_id="changes_list",
        summary="What changed since a cursor or a time",
        description=(
            "The publication journal, oldest first: `published` and `updated` entries carry "
            "the item's current representation (null if it is no longer public; a later entry "
            "says why), `unpublished` and `deleted` entries are tombstones without content. "
            "Pass the `cursor` of a response as `since` to get what happened after it."
        ),
        parameters=params.ChangesParameters,
        tags=["sync"],
        example="changes",
    )
    def get(self, request):
        values = params.ChangesParameters.read(request.query_params)
        limit, kind, locale = values["limit"], values.get("type"), values.get("locale")
        since = values.get("since")
        cursor = since if isinstance(since, int) else 0
        if since is not None and not isinstance(since, int):
            # The cursor of a time is the last entry before it.
            cursor = (
                PublicationEvent.objects.filter(occurred_at__lt=since)
                .order_by("-id")
                .values_list("id", flat=True)
                .first()
                or 0
            )
        events = PublicationEvent.objects.order_by("id").filter(id__gt=cursor)
        if kind == "page":
            events = events.exclude(page_type__in=PAGE_TYPES)
        elif kind is not None:
            events = events.filter(
                page_type__in=[name for name, value in PAGE_TYPES.items() if value == kind]
            )
        if locale:
            events = events.filter(locale=locale)
        rows = list(events[: limit + 1])
        has_more = len(rows) > limit
        rows = rows[:limit]
        items = self.current_items(rows)
        results = [
            {
                "cursor": event.id,
                "event": event.kind,
                "time": iso_datetime(event.occurred_at),
                "id": event.page_id,
                "type": PAGE_TYPES.get(event.page_type, "page"),
                "locale": event.locale,
                "item": None if event.is_tombstone else items.get(event.page_id),
            }
            for event in rows
        ]
        next_cursor = rows[-1].id if rows else cursor
        next_query = {"since": next_cursor, "limit": limit}
        if kind:
            next_query["type"] = kind
        if locale:
            next_query["locale"] = locale
        return Response(
            {
                "cursor": next_cursor,
                "has_more": has_more,
                "next": absolute_url(f"{request.path}?{urlencode(next_query)}")
                if has_more
                else None,
                "results": results,
            }
        )

    def current_items(self, rows):
        wanted = {event.page_id for event in rows if not event.is_tombstone}
        if not wanted:
            return {}
        builder = self.builder()
        public = set(builder.public_ids(wanted).values_list("pk", flat=True))
        news = list(
            NewsPage.objects.filter(pk__in=public).select_related("lead_image", "event_city")
        )
        work_packages = list(
            WorkPackagePage.objects.filter(pk__in=public).select_related("coordinator__city")
        )
        found = {page.pk for page in news + work_packages}
        others = list(Page.objects.filter(pk__in=public - found).specific())
        items = {}
        for pages, build in (
            (news, builder.news),
            (work_packages, builder.work_packages),
            (others, builder.pages),
        ):
            for page, item in zip(pages, build(pages), strict=True):
                items[page.pk] = item
        return items


class Preview(ApiView):
    @documented(
        serializers.PageSerializer,
        operation_id="preview",
        summary="The draft a preview token names",
        description=(
            "Editors get a signed token from the Wagtail editor (Preview via API), sent in "
            "the X-Preview-Token header. The token names one revision and expires; the "
            "response is that revision's representation and is never cached."
        ),
        parameters=[PREVIEW_TOKEN_PARAMETER],
        tags=["pages"],
        not_found=True,
        forbidden=True,
        cached=False,
        example="news_item",
    )
    def get(self, request):
        token = params.preview_token(request._request)
        try:
            revision = preview.revision_for_token(token)
        except preview.TokenError as error:
            raise InvalidPreviewToken(str(error)) from error
        if revision is None:
            raise Http404("The revision this link names no longer exists.")
        page = revision.as_object()
        item = self.builder(live=False).any(page)
        return Response(
            item,
            headers={
                "Cache-Control": "private, no-store",
                "X-Robots-Tag": "noindex",
                "X-Preview-Revision": str(revision.pk),
            },
        )


class ProblemType(ApiView):
    schema = None

    def get(self, request, slug):
        if slug not in PROBLEM_TYPES:
            raise Http404("No such problem type.")
        status, title, explanation = PROBLEM_TYPES[slug]
        return Response({"type": slug, "title": title, "status": status, "detail": explanation})


class NotFound(ApiView):
    schema = None

    def get(self, request, rest=""):
        raise Http404("There is no API endpoint at this address; see /api/v1/.")
