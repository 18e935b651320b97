"""The page types of the site: home, news, work packages and partners."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageManager, PagePermissionTester
from wagtail.search import index

from cms import l10n
from cms.blocks import RICH_TEXT_FEATURES, MeetingBlock, MeetingsBlock, NewsBodyBlock
from cms.editorial import partner_editor_city
from cms.fields import MonthField, month_end
from cms.models.partners import City, Partner
from cms.page_forms import SitePageForm
from cms.public import PublicPageManager, PublicPageQuerySet, has_expired, public_pages

TEASER_MAX_LENGTH = 300


class SitePage(Page):
    """What every page of the site shares: the public queryset, its routing and caching."""

    objects = PublicPageManager()
    base_form_class = SitePageForm
    # Surrogate keys of the lists a page of this type shows (see cms.frontend_cache).
    cache_tags = ()

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Wagtail has let the request through its view restrictions already;
        # a page behind one is still never shared with anyone else.
        if not self.get_view_restrictions().exists():
            # Imported here: the response cache reads the content version, a
            # model of this package.
            from cms.response_cache import mark_public

            tags = (f"page-{self.pk}", f"translations-{self.translation_key}", *self.cache_tags)
            mark_public(response, max_age=settings.SITE_MAX_AGE, tags=tags)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_translations"] = self.public_translations(request)
        return context

    def save(self, *args, **kwargs):
        self.__dict__.pop("_search_text", None)
        return super().save(*args, **kwargs)

    def search_text(self):
        """What a visitor reads on the page, as plain text in the page's language:
        indexed for the site's search, and the source of the results' snippets."""
        # Kept until the next save: the search backend asks for it once for each
        # column of the entry it writes (title, body, autocomplete), and it
        # costs queries (work packages, partners) and a walk of the body.
        if "_search_text" not in self.__dict__:
            with translation.override(self.locale.language_code):
                parts = self.visible_text_parts()
            self._search_text = "\n".join(
                text for text in (str(part or "").strip() for part in parts) if text
            )
        return self._search_text

    def visible_text_parts(self):
        return [self.search_description]

    def public_translations(self, request):
        """The page in each language it is published in, for the switcher and hreflang."""
        translations = (
            public_pages()
            .filter(translation_key=self.translation_key)
            .select_related("locale")
            .order_by("locale__language_code")
        )
        if len(translations) < 2:
            return []
        return [
            {
                "language": page.locale.language_code,
                "name": get_language_info(page.locale.language_code)["name_local"],
                "url": page.get_url(request),
                "full_url": page.get_full_url(request),
                "current": page.pk == self.pk,
            }
            for page in translations
        ]

    def route(self, request, path_components):
        # A URL serves only a page that cms.public calls public (view
        # restrictions aside: Wagtail asks for a login or password).
        if path_components:
            # Wagtail routes through draft sections to the live pages below
            # them; what is below a section that is not public is not either.
            if not self.live or has_expired(self):
                raise Http404
            return super().route(request, path_components)
        result = super().route(request, path_components)
        # A page whose expiry time has passed must not wait for the next
        # publish_scheduled run to disappear.
        if has_expired(self):
            raise Http404
        # While a language's home page is a draft, Wagtail routes /lv/... from
        # the English home page: that URL belongs to a Latvian page, and must
        # not show an English one in Latvian chrome.
        if self.locale_id != Locale.get_active().pk:
            raise Http404
        return result


class HomePage(SitePage):
    cache_tags = ("news", "workpackages")
    lead = models.CharField(
        max_length=300, help_text=_("One or two sentences that say what the project is.")
    )
    body = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    latest_news_count = models.PositiveSmallIntegerField(
        default=5, help_text=_("How many of the latest news items the home page lists.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("latest_news_count"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.NewsIndexPage", "cms.WorkPackageIndexPage", "cms.PartnerIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def visible_text_parts(self):
        return [self.lead, strip_tags(self.body)]

    @classmethod
    def can_create_at(cls, parent):
        # One home page per site; its translations are made by copying, which
        # does not pass through here.
        return super().can_create_at(parent) and not cls.objects.exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = NewsPage.objects.public_for_request(request).for_listing()
        context["latest_news"] = latest[: self.latest_news_count]
        context["news_index"] = NewsIndexPage.objects.public_for_request(request).first()
        context["work_packages"] = WorkPackagePage.objects.public_for_request(request).in_order()
        return context


class NewsIndexPage(SitePage):
    cache_tags = ("news",)
    intro = models.CharField(max_length=300, blank=True)
    items_per_page = models.PositiveSmallIntegerField(default=10)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("items_per_page")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_news = NewsPage.objects.public_for_request(request).child_of(self)
        news = all_news
        filters = {}

        # A filter that names nothing public is a 404, not an empty list: the
        # page is cached per query, and made-up values must not fill the cache.
        tag = request.GET.get("tag", "").strip()
        if tag:
            news = news.filtered(tag=tag)
            filters["tag"] = tag
            # Known only if public news carry it: a draft's tag names nothing.
            context["tag"] = (
                NewsPageTag.tag_model()
                .objects.filter(slug=tag, cms_newspagetag_items__content_object__in=all_news)
                .first()
            )
            if context["tag"] is None:
                raise Http404("no public news has this tag")

        work_package = request.GET.get("work_package", "").strip()
        if work_package:
            if not work_package.isdigit():
                raise Http404("work_package must be a work package number")
            news = news.filtered(work_package=int(work_package))
            filters["work_package"] = work_package
            context["work_package"] = (
                WorkPackagePage.objects.public_for_request(request)
                .filter(number=int(work_package))
                .first()
            )
            if context["work_package"] is None:
                raise Http404("there is no such work package")

        paginator = Paginator(news.for_listing(), self.items_per_page)
        try:
            context["news_page"] = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404("no such page of news") from error
        context["filters"] = filters
        context["filter_query"] = urlencode(filters)
        context["tags"] = (
            NewsPageTag.tag_model()
            .objects.filter(cms_newspagetag_items__content_object__in=all_news)
            .distinct()
            .order_by("name")
        )
        # The filter is by number: a work package without one cannot be chosen.
        context["all_work_packages"] = (
            WorkPackagePage.objects.public_for_request(request)
            .filter(number__isnull=False)
            .order_by("number")
        )
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPageQuerySet(PublicPageQuerySet):
    """Filters that the site, the API and the feeds share, so they agree on meaning."""

    def for_listing(self):
        """Newest first, with what a list shows loaded in a fixed number of queries."""
        return self.order_by("-publication_date", "-pk").select_related(
            "lead_image", "event_city", "locale"
        )

    def for_feed(self):
        """For_listing plus every relation an entry shows, prefetched."""
        return self.for_listing().prefetch_related("tags", "partners__city", "work_packages")

    def filtered(
        self,
        work_package=None,
        partner=None,
        tag=None,
        published_from=None,
        published_before=None,
        event_from=None,
        event_to=None,
        events_only=False,
    ):
        """News that pass every filter given; the one place the filters are combined.

        The site's news index, the API, the feeds, the widget and the webhook
        outbox all filter through here, so "news of work package 3" or "news
        concerning Riga" means the same everywhere. ``work_package`` (numbers)
        and ``tag`` (slugs) take one value or several, matching any of them;
        ``partner`` is a Partner: news naming it or with an event in its city.
        ``event_from`` keeps events still on that day (multi-day events
        overlap it); ``event_to`` those starting by then.
        """
        news = self
        work_packages = _several(work_package)
        if work_packages:
            links = NewsPage.work_packages.through.objects.filter(
                workpackagepage__number__in=work_packages
            )
            news = news.filter(pk__in=links.values("newspage_id"))
        if partner is not None:
            named = NewsPage.partners.through.objects.filter(partner=partner)
            news = news.filter(
                Q(pk__in=named.values("newspage_id")) | Q(event_city_id=partner.city_id)
            )
        tags = _several(tag)
        if tags:
            tagged = NewsPageTag.objects.filter(tag__slug__in=tags)
            news = news.filter(pk__in=tagged.values("content_object_id"))
        if published_from is not None:
            news = news.filter(publication_date__gte=published_from)
        if published_before is not None:
            news = news.filter(publication_date__lt=published_before)
        if events_only or event_from is not None or event_to is not None:
            news = news.filter(event_start_date__isnull=False)
        if event_from is not None:
            news = news.filter(
                Q(event_end_date__gte=event_from)
                | Q(event_end_date__isnull=True, event_start_date__gte=event_from)
            )
        if event_to is not None:
            news = news.filter(event_start_date__lte=event_to)
        return news


def _several(values):
    """A filter's values as a list: one value, several, or none (None or empty)."""
    if values is None or values == "":
        return []
    if isinstance(values, list | tuple | set | frozenset):
        return sorted(values, key=str)
    return [values]


class NewsPagePermissionTester(PagePermissionTester):
    """Partner editors may act only on news that concerns their own city."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.city = partner_editor_city(user)

    def in_scope(self):
        return self.city is None or (self.city is not False and self.page.concerns_city(self.city))

    def can_edit(self):
        return self.in_scope() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.in_scope() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return self.in_scope() and super().can_publish()

    def can_unpublish(self):
        return self.in_scope() and super().can_unpublish()

    def can_submit_for_moderation(self):
        return self.in_scope() and super().can_submit_for_moderation()

    def can_lock(self):
        return self.in_scope() and super().can_lock()

    def can_copy(self):
        return self.in_scope() and super().can_copy()

    def can_move(self):
        return self.in_scope() and super().can_move()


class NewsPageForm(SitePageForm):
    def clean(self):
        cleaned_data = super().clean()
        city = partner_editor_city(self.for_user) if self.for_user else None
        if city is not None:
            partners = cleaned_data.get("partners") or []
            in_city = city is not False and (
                cleaned_data.get("event_city") == city
                or any(partner.city_id == city.pk for partner in partners)
            )
            if not in_city:
                raise ValidationError(
                    _(
                        "Partner editors write the news of their own city: name a partner "
                        "there, or make it the city of the event."
                    )
                )
        return cleaned_data


class NewsPage(SitePage):
    """A news item; with event details it also announces or reports an event."""

    cache_tags = ("workpackages",)

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    publication_date = models.DateTimeField(
        default=timezone.now,
        help_text=_("The date the news is dated; feeds and lists are ordered by it."),
    )
    teaser = models.TextField(
        max_length=TEASER_MAX_LENGTH,
        help_text=_("Plain text shown in lists and feeds, at most 300 characters."),
    )
    body = StreamField(NewsBodyBlock(), blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)
    work_packages = ParentalManyToManyField(
        "cms.WorkPackagePage", blank=True, related_name="news_pages"
    )
    partners = ParentalManyToManyField(Partner, blank=True, related_name="news_pages")

    event_start_date = models.DateField(_("event starts on"), null=True, blank=True)
    event_end_date = models.DateField(_("event ends on"), null=True, blank=True)
    event_start_time = models.TimeField(_("starting time"), null=True, blank=True)
    event_end_time = models.TimeField(_("ending time"), null=True, blank=True)
    event_venue = models.CharField(_("venue"), max_length=200, blank=True)
    event_city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="news_events",
    )

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("publication_date"),
        FieldPanel("teaser", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_start_date"), FieldPanel("event_end_date")]),
                FieldRowPanel([FieldPanel("event_start_time"), FieldPanel("event_end_time")]),
                FieldRowPanel([FieldPanel("event_venue"), FieldPanel("event_city")]),
            ],
            heading=_("Event"),
            help_text=_("Only for news that announce or report an event."),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("work_packages", widget=forms.CheckboxSelectMultiple),
                # Checkboxes: a multiple select wants Ctrl-click, and loses a
                # selection to a click without it.
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("What the news concerns"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.SearchField("event_venue"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("event_city", [index.SearchField("name")]),
        # The event's dates and place, the partners and work packages concerned.
        index.SearchField("search_text"),
        index.FilterField("publication_date"),
        index.FilterField("event_start_date"),
    ]

    base_form_class = NewsPageForm
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        # Every list, feed and API page is ordered by date; events by their day.
        indexes = [
            models.Index(fields=["-publication_date"], name="news_publication_date"),
            models.Index(fields=["event_start_date"], name="news_event_start_date"),
        ]

    def permissions_for_user(self, user):
        return NewsPagePermissionTester(user, self)

    def visible_text_parts(self):
        parts = [self.teaser]
        if self.has_event:
            place = [self.event_venue, self.event_city.name if self.event_city_id else ""]
            parts.append(l10n.format_period(self.event_start_date, self.event_end_date))
            parts.append(", ".join(part for part in place if part))
        parts.extend(self.body.stream_block.get_searchable_content(self.body))
        # As the page lists them: the work packages that are public.
        concerned = [work_package.pk for work_package in self.work_packages.all()]
        if concerned:
            # The page is indexed at every save: no query where there is nothing to ask.
            parts.extend(map(str, WorkPackagePage.objects.public().filter(pk__in=concerned)))
        parts.extend(f"{partner.name}, {partner.city.name}" for partner in self.partners.all())
        return parts

    def concerns_city(self, city):
        return self.event_city_id == city.pk or any(
            partner.city_id == city.pk for partner in self.partners.all()
        )

    @classmethod
    def concerning_city_q(cls, city):
        """The condition of concerns_city, for a query over pages of any type."""
        named = cls.partners.through.objects.filter(partner__city=city)
        events = cls.objects.filter(event_city=city)
        return Q(pk__in=named.values("newspage_id")) | Q(pk__in=events.values("pk"))

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        # Set on the admin's page listing for a partner editor (cms.wagtail_hooks).
        if getattr(self, "concerns_editors_city", False):
            return _("%(title)s · your city") % {"title": title}
        return title

    def clean(self):
        super().clean()
        errors = {}
        has_event_detail = any(
            [
                self.event_end_date,
                self.event_start_time,
                self.event_end_time,
                self.event_venue,
                self.event_city_id,
            ]
        )
        if has_event_detail and not self.event_start_date:
            errors["event_start_date"] = _("An event needs the day it starts.")
        if self.event_start_date and not self.event_city_id:
            errors["event_city"] = _("An event needs the city it takes place in.")
        if (
            self.event_end_date
            and self.event_start_date
            and (self.event_end_date < self.event_start_date)
        ):
            errors["event_end_date"] = _("The event ends before it starts.")
        if self.event_end_time and not self.event_start_time:
            errors["event_start_time"] = _("Give the starting time too.")
        if (
            self.event_start_time
            and self.event_end_time
            and (self.event_end_date or self.event_start_date) == self.event_start_date
            and self.event_end_time <= self.event_start_time
        ):
            errors["event_end_time"] = _("The event ends before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_event(self):
        return self.event_start_date is not None

    @property
    def event_last_date(self):
        return self.event_end_date or self.event_start_date

    @property
    def event_starts_at(self):
        """The start as an aware datetime in the city's time zone, if a time is given."""
        if not (self.has_event and self.event_start_time and self.event_city_id):
            return None
        return datetime.datetime.combine(
            self.event_start_date, self.event_start_time, tzinfo=self.event_city.tzinfo
        )

    @property
    def event_ends_at(self):
        if not (self.has_event and self.event_end_time and self.event_city_id):
            return None
        return datetime.datetime.combine(
            self.event_last_date, self.event_end_time, tzinfo=self.event_city.tzinfo
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["work_packages_concerned"] = (
            WorkPackagePage.objects.public_for_request(request)
            .filter(pk__in=[work_package.pk for work_package in self.work_packages.all()])
            .in_order()
        )
        # In a preview the relations are in memory, not yet in the database.
        context["partners_concerned"] = self.partners.all()
        return context


class WorkPackageIndexPage(SitePage):
    cache_tags = ("workpackages",)
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.WorkPackagePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("work package index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["work_packages"] = (
            WorkPackagePage.objects.public_for_request(request).child_of(self).in_order()
        )
        return context


class WorkPackagePageQuerySet(PublicPageQuerySet):
    def in_order(self):
        """By number; work packages whose number is not known come last, by title."""
        return self.order_by(F("number").asc(nulls_last=True), "title", "pk")


class WorkPackagePageForm(SitePageForm):
    def clean(self):
        cleaned_data = super().clean()
        milestones = self.formsets.get("milestones")
        if milestones is not None:
            seen = set()
            for form in milestones.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                number = form.cleaned_data.get("number")
                if number in seen:
                    form.add_error("number", _("Another milestone has this number."))
                seen.add(number)
        return cleaned_data


class WorkPackagePage(SitePage):
    cache_tags = ("news",)
    objects = PageManager.from_queryset(WorkPackagePageQuerySet)()

    # Some pages of the old site name a work package without its number; it is
    # then known by its title until an editor or a later import gives one.
    number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The work package's number, unique in each language: WP 3 is 3. Leave it "
            "empty where the number is not known."
        ),
    )
    objective = models.TextField(
        max_length=1000, help_text=_("What the work package sets out to achieve, in brief.")
    )
    coordinator = models.ForeignKey(
        Partner,
        verbose_name=_("co-ordinating partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_work_packages",
    )
    description = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    base_form_class = WorkPackagePageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("coordinator")]),
        FieldPanel("objective", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("description"),
        InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("objective"),
        index.SearchField("description"),
        index.FilterField("number"),
        # Milestones with their titles, periods and meetings (names, kinds,
        # months, places, hosts), as the page shows them.
        index.SearchField("search_text"),
    ]

    parent_page_types = ["cms.WorkPackageIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("work package page")

    def __str__(self):
        return self.title if self.number is None else f"WP {self.number}: {self.title}"

    def clean(self):
        super().clean()
        if self.number is None:
            return
        clash = (
            WorkPackagePage.objects.filter(number=self.number, locale_id=self.locale_id)
            .exclude(translation_key=self.translation_key)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "number": _("Work package %(number)s is %(title)s already.")
                    % {"number": self.number, "title": clash.title}
                }
            )

    def visible_text_parts(self):
        parts = [str(self), self.objective, strip_tags(self.description)]
        if self.coordinator is not None:
            parts.append(f"{self.coordinator.name}, {self.coordinator.city.name}")
        milestones = sorted(self.milestones.all(), key=lambda milestone: milestone.number)
        parts.extend(milestone.visible_text() for milestone in milestones)
        return parts

    @cached_property
    def period(self):
        milestones = list(self.milestones.all())
        if not milestones:
            return None
        return (
            min(milestone.period_start for milestone in milestones),
            max(milestone.period_end for milestone in milestones),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # By number, as the API lists them: the editor's order of the inline panel
        # is not kept by every way milestones are made (an import, the demo).
        context["milestones"] = sorted(
            self.milestones.all(), key=lambda milestone: milestone.number
        )
        related = NewsPage.objects.public_for_request(request)
        if self.number is not None:
            related = related.filtered(work_package=self.number)
        else:
            # Known by its title only: the news linked to this very page.
            related = related.filter(work_packages=self)
        context["related_news"] = related.for_listing()[:5]
        return context


class Milestone(Orderable):
    page = ParentalKey(WorkPackagePage, on_delete=models.CASCADE, related_name="milestones")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)
    period_start = MonthField(_("from (month)"))
    period_end = MonthField(_("to (month)"))
    description = models.TextField(help_text=_("What happens in this milestone."))
    meetings = StreamField(MeetingsBlock(), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("description"),
        FieldPanel("meetings"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")

    def __str__(self):
        return f"Milestone {self.number}"

    def visible_text(self):
        """The milestone as the work package page shows it, in the active language."""
        heading = translation.gettext("Milestone %(number)s") % {"number": self.number}
        if self.title:
            heading += f": {self.title}"
        period = l10n.format_month_period(self.period_start, self.period_end)
        meetings = [MeetingBlock.visible_text(block.value) for block in self.meetings or []]
        return "\n".join(part for part in (heading, period, self.description, *meetings) if part)

    @property
    def period_last_day(self):
        return month_end(self.period_end) if self.period_end else None

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        for meeting in self.meetings or []:
            month = meeting.value["month"]
            if (
                self.period_start
                and self.period_end
                and month
                and not (self.period_start <= month <= self.period_end)
            ):
                raise ValidationError(
                    {
                        "meetings": _(
                            "A meeting in %(month)s falls outside the milestone's period."
                        )
                        % {"month": month.strftime("%B %Y")}
                    }
                )


class PartnerIndexPage(SitePage):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Every partner's name, city, country and role, as the page lists them.
    search_fields = [*Page.search_fields, index.SearchField("search_text")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("partner index page")

    def visible_text_parts(self):
        partners = Partner.objects.select_related("city").order_by("city__name", "name")
        return [strip_tags(self.intro)] + [
            f"{partner.name}, {partner.city.name}, {partner.city.get_country_display()}, "
            f"{partner.get_role_display()}"
            for partner in partners
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = Partner.objects.select_related("city", "logo").order_by("city__name", "name")
        context["members"] = [p for p in partners if not p.is_observer]
        context["observers"] = [p for p in partners if p.is_observer]
        return context
