"""The network's partner organisations and the cities they are in."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from cms.vocabulary import COUNTRIES, PARTNER_ROLES


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not an IANA time zone."), params={"value": value})


class City(index.Indexed, models.Model):
    """A city where partners are based and meetings and events take place."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    country = models.CharField(max_length=2, choices=COUNTRIES)
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Europe/Riga; event times in this city are local to it."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("time_zone")]),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("cities")

    def __str__(self):
        return self.name

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class Partner(index.Indexed, models.Model):
    """An organisation taking part in the project, as partner or observer."""

    class Role(models.TextChoices):
        LEAD_PARTNER = "lead_partner", PARTNER_ROLES["lead_partner"]
        COORDINATOR = "coordinator", PARTNER_ROLES["coordinator"]
        PARTNER = "partner", PARTNER_ROLES["partner"]
        OBSERVER = "observer", PARTNER_ROLES["observer"]

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=60, blank=True, help_text=_("How the partner is usually called, if shorter.")
    )
    slug = models.SlugField(
        max_length=100, unique=True, help_text=_("Used in feed and API filters: ?partner=<slug>.")
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="partners")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTNER)
    website = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(blank=True, max_length=1000)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("city"), FieldPanel("role")]),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.FilterField("role"),
        index.RelatedFields("city", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def country(self):
        return self.city.country

    def get_country_display(self):
        return self.city.get_country_display()

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_observer(self):
        return self.role == self.Role.OBSERVER
