"""Loads the demo content. Creates what is missing and never overwrites an edit.

Running it again changes nothing: every object is looked up by a stable key
(a slug, a work package number, an image title) before it is created, and a
page that exists is left as the editors made it.
"""

import datetime
import io
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.images.rect import Rect
from wagtail.models import Locale, Page, Site

from cms.demo import content
from cms.demo.images import draw_picture, lettering_box
from cms.editorial import ensure_roles
from cms.models import (
    City,
    HomePage,
    Milestone,
    NewsIndexPage,
    NewsPage,
    Partner,
    PartnerIndexPage,
    WorkPackageIndexPage,
    WorkPackagePage,
)
from cms.translation import add_alias, publish_translation


class DemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.created = 0

    def _created(self, what):
        self.created += 1
        self.log(f"created {what}")

    @transaction.atomic
    def load(self):
        self.ensure_locales()
        cities = self.ensure_cities()
        partners = self.ensure_partners(cities)
        home = self.ensure_home()
        news_index = self.ensure_child(home, NewsIndexPage, content.NEWS_INDEX)
        wp_index = self.ensure_child(home, WorkPackageIndexPage, content.WORK_PACKAGE_INDEX)
        partner_index = self.ensure_child(home, PartnerIndexPage, content.PARTNER_INDEX)
        work_packages = self.ensure_work_packages(wp_index, cities, partners)
        self.ensure_news(news_index, cities, partners, work_packages)
        self.ensure_latvian(home, news_index, partner_index)
        ensure_roles(home, news_index)
        return self.created

    def ensure_locales(self):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            _locale, created = Locale.objects.get_or_create(language_code=code)
            if created:
                self._created(f"locale {code}")

    def ensure_cities(self):
        cities = {}
        for name, slug, country, time_zone in content.CITIES:
            city, created = City.objects.get_or_create(
                slug=slug, defaults={"name": name, "country": country, "time_zone": time_zone}
            )
            if created:
                self._created(f"city {name}")
            cities[slug] = city
        return cities

    def ensure_partners(self, cities):
        partners = {}
        for name, short_name, slug, city, role, website in content.PARTNERS:
            partner, created = Partner.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short_name,
                    "city": cities[city],
                    "role": role,
                    "website": website,
                },
            )
            if created:
                self._created(f"partner {name}")
            partners[slug] = partner
        return partners

    def ensure_home(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        root = Page.get_first_root_node()
        home = HomePage(
            title=content.HOME["title"],
            slug="home",
            lead=content.HOME["lead"],
            body=content.HOME["body"],
            locale=Locale.get_default(),
        )
        placeholder = site.root_page if site is not None else None
        if placeholder is not None and placeholder.slug == "home":
            # Wagtail's own "Welcome" page holds the slug until it makes room.
            placeholder.slug = "welcome-placeholder"
            placeholder.save(update_fields=["slug"])
        root.add_child(instance=home)
        home.save_revision().publish()
        # The site answers at BASE_URL, so that the URLs Wagtail writes (canonical
        # links, the sitemap) agree with those of the feeds and the API.
        base = urlsplit(settings.BASE_URL)
        new_site = site or Site(is_default_site=True)
        new_site.hostname = base.hostname
        new_site.port = base.port or (443 if base.scheme == "https" else 80)
        new_site.root_page = home
        new_site.site_name = settings.WAGTAIL_SITE_NAME
        new_site.save()
        if placeholder is not None and type(placeholder.specific) is Page:
            placeholder.delete()
        self._created("home page")
        return home

    def ensure_child(self, parent, model, fields, **extra):
        existing = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
        if existing is not None:
            return existing
        page = model(**fields, **extra, show_in_menus=True)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self._created(f"{model._meta.verbose_name} {page.title}")
        return page

    def ensure_work_packages(self, wp_index, cities, partners):
        work_packages = {}
        for spec in content.WORK_PACKAGES:
            existing = WorkPackagePage.objects.filter(
                number=spec["number"], locale=wp_index.locale
            ).first()
            if existing is not None:
                work_packages[spec["number"]] = existing
                continue
            page = WorkPackagePage(
                title=spec["title"],
                slug=spec["slug"],
                number=spec["number"],
                objective=spec["objective"],
                description=spec["description"],
            )
            for milestone in spec.get("milestones", []):
                page.milestones.add(self.build_milestone(milestone, cities, partners))
            wp_index.add_child(instance=page)
            page.save_revision().publish()
            self._created(f"work package {page}")
            work_packages[spec["number"]] = page
        return work_packages

    def build_milestone(self, spec, cities, partners):
        start, end = (datetime.date.fromisoformat(f"{month}-01") for month in spec["period"])
        meetings = []
        for meeting in spec["meetings"]:
            city = cities.get(meeting.get("city"))
            meetings.append(
                (
                    "meeting",
                    {
                        "kind": meeting["kind"],
                        "name": meeting.get("name", ""),
                        "month": datetime.date.fromisoformat(f"{meeting['month']}-01"),
                        "starts_on": None,
                        "ends_on": None,
                        "city": city,
                        "in_every_partner_city": meeting.get("in_every_partner_city", False),
                        "organiser": meeting.get("organiser", "wp_coordinator"),
                        "host_partners": [
                            partners[slug] for slug in meeting.get("host_partners", [])
                        ],
                    },
                )
            )
        return Milestone(
            number=spec["number"],
            period_start=start,
            period_end=end,
            description=spec["description"],
            meetings=meetings,
        )

    def ensure_image(self, title, colour):
        Image = get_image_model()
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = draw_picture(title, colour)
            filename = title.lower().replace(" ", "-").replace(",", "") + ".png"
            image = Image(title=title, description=f"{title}: an illustration")
            image.file = ImageFile(_named_bytes(data, filename), name=filename)
            # The focal point is the lettering: every crop keeps the words whole.
            left, top, width, height = lettering_box(title)
            image.set_focal_point(Rect(left, top, left + width, top + height))
            image.save()
            self._created(f"image {title}")
        return image

    def ensure_news(self, news_index, cities, partners, work_packages):
        for spec in content.NEWS:
            if NewsPage.objects.child_of(news_index).filter(slug=spec["slug"]).exists():
                continue
            city = cities[spec["city"]]
            event = spec.get("event")
            page = NewsPage(
                title=spec["title"],
                slug=spec["slug"],
                publication_date=spec["date"].replace(tzinfo=city.tzinfo),
                teaser=spec["teaser"],
                body=_paragraphs(spec["body"]),
                lead_image=self.ensure_image(*spec["image"]) if spec["image"] else None,
            )
            if event:
                page.event_start_date = event["start"]
                page.event_end_date = event.get("end")
                page.event_venue = event.get("venue", "")
                page.event_city = cities[event["city"]]
            page.tags.add(*spec["tags"])
            page.work_packages = [work_packages[number] for number in spec["work_packages"]]
            page.partners = [partners[slug] for slug in spec["partners"]]
            news_index.add_child(instance=page)
            page.save_revision().publish()
            self._created(f"news {page.title}")

    def ensure_latvian(self, home, news_index, partner_index):
        """The Latvian side of the site (content.LATVIAN_HOME, content.LATVIAN_NEWS).
        A page that has a Latvian version already, alias or translation, is left alone."""
        latvian = Locale.objects.filter(language_code="lv").first()
        if latvian is None:
            return
        if home.get_translation_or_none(latvian) is None:
            publish_translation(home, latvian, **content.LATVIAN_HOME)
            self._created("Latvian home page")
        # The work packages' index stays English only: an alias of it would list no
        # work package, none being translated.
        for section in (news_index, partner_index):
            if section.get_translation_or_none(latvian) is None:
                add_alias(section, latvian)
                self._created(f"Latvian alias of {section.title}")
        for slug, spec in content.LATVIAN_NEWS.items():
            english = NewsPage.objects.child_of(news_index).filter(slug=slug).first()
            if english is None or english.get_translation_or_none(latvian) is not None:
                continue
            fields = {**spec, "body": _paragraphs(spec["body"])}
            translation = publish_translation(english, latvian, **fields)
            self._created(f"Latvian news {translation.title}")


def _paragraphs(texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _named_bytes(data, name):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer
