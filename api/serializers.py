"""The shapes of the API's responses, as DRF serializers for the OpenAPI schema.

The data itself is built by api.representations, in bulk and in a fixed number
of queries; these classes are the contract it is held to. The test suite
validates every response it receives against the schema generated from them,
so the two cannot drift apart unnoticed.

Only ``id`` and ``type`` are required in an item: ``fields=`` may leave out
any other.
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers as s

from cms.models import Partner
from cms.models.pages import TEASER_MAX_LENGTH

LANGUAGE_HELP = "Language code of the content, e.g. en, de, fi."
DATETIME_HELP = "ISO 8601 with the offset of the site's time zone."


def optional(field_class, *args, **kwargs):
    return field_class(*args, required=False, **kwargs)


def one_of(*values):
    return s.ChoiceField(choices=[(value, value) for value in values])


class TranslationSerializer(s.Serializer):
    locale = s.CharField(help_text=LANGUAGE_HELP)
    id = s.IntegerField()
    title = s.CharField()
    url = s.URLField(help_text="The translation's canonical URL (an hreflang alternate).")


class CommonItemSerializer(s.Serializer):
    """What every item carries."""

    id = s.IntegerField(help_text="Stable id of the item.")
    url = optional(s.URLField, allow_null=True, help_text="Canonical absolute URL on the site.")
    published = optional(s.DateTimeField, allow_null=True, help_text=DATETIME_HELP)
    updated = optional(
        s.DateTimeField, allow_null=True, help_text="When it was last published. " + DATETIME_HELP
    )
    locale = optional(s.CharField, allow_null=True, help_text=LANGUAGE_HELP)
    translations = optional(
        s.ListField,
        child=TranslationSerializer(),
        help_text="The item in the other languages it is published in.",
    )


class RenditionSerializer(s.Serializer):
    width = s.IntegerField()
    height = s.IntegerField()
    url = s.URLField()


class ImageSerializer(s.Serializer):
    id = s.IntegerField()
    title = s.CharField()
    alt = s.CharField(allow_blank=True, help_text="Alternative text; empty for decorative images.")
    width = s.IntegerField()
    height = s.IntegerField()
    renditions = s.ListField(
        child=RenditionSerializer(), help_text="The image at widths 480, 960 and 1600."
    )


class TagRefSerializer(s.Serializer):
    slug = s.CharField()
    name = s.CharField()


class WorkPackageRefSerializer(s.Serializer):
    id = s.IntegerField()
    number = s.IntegerField(allow_null=True, help_text="Null where the number is not known.")
    title = s.CharField()
    url = s.URLField()


class PartnerRefSerializer(s.Serializer):
    id = s.IntegerField()
    slug = s.CharField()
    name = s.CharField()
    short_name = s.CharField(allow_blank=True)
    city = s.CharField()
    country = s.CharField(help_text="ISO 3166 country code.")


class CitySerializer(s.Serializer):
    name = s.CharField()
    slug = s.CharField()
    country = s.CharField(help_text="ISO 3166 country code.")
    time_zone = s.CharField(help_text="IANA time zone, e.g. Europe/Riga.")


class EventSerializer(s.Serializer):
    start_date = s.DateField()
    end_date = s.DateField(help_text="The last day; the start date for a one-day event.")
    start_time = s.CharField(allow_null=True, help_text="HH:MM local to the city, if known.")
    end_time = s.CharField(allow_null=True)
    starts_at = s.DateTimeField(allow_null=True, help_text="In the city's time zone.")
    ends_at = s.DateTimeField(allow_null=True)
    venue = s.CharField(allow_blank=True)
    city = CitySerializer(allow_null=True)


# Body blocks --------------------------------------------------------------------


class BlockSerializer(s.Serializer):
    id = s.CharField(allow_null=True, help_text="The block's stable id within the body.")


class ParagraphBlockSerializer(BlockSerializer):
    type = one_of("paragraph")
    value = s.CharField(help_text="Display-ready HTML with absolute URLs.")


class HeadingValueSerializer(s.Serializer):
    text = s.CharField()
    level = one_of("h2", "h3")


class HeadingBlockSerializer(BlockSerializer):
    type = one_of("heading")
    value = HeadingValueSerializer()


class FigureValueSerializer(s.Serializer):
    image = ImageSerializer(allow_null=True)
    caption = s.CharField(allow_blank=True, allow_null=True)


class ImageBlockSerializer(BlockSerializer):
    type = one_of("image")
    value = FigureValueSerializer()


class QuoteValueSerializer(s.Serializer):
    text = s.CharField()
    attribution = s.CharField(allow_blank=True, allow_null=True)


class QuoteBlockSerializer(BlockSerializer):
    type = one_of("quote")
    value = QuoteValueSerializer()


class EmbedValueSerializer(s.Serializer):
    url = s.URLField(allow_null=True)


class EmbedBlockSerializer(BlockSerializer):
    type = one_of("embed")
    value = EmbedValueSerializer()


class DocumentValueSerializer(s.Serializer):
    title = s.CharField()
    url = s.URLField()
    file_extension = s.CharField(allow_blank=True)
    file_size = s.IntegerField(allow_null=True, help_text="Bytes.")


class DocumentBlockSerializer(BlockSerializer):
    type = one_of("document")
    value = DocumentValueSerializer()


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="BodyBlock",
        serializers={
            "paragraph": ParagraphBlockSerializer,
            "heading": HeadingBlockSerializer,
            "image": ImageBlockSerializer,
            "quote": QuoteBlockSerializer,
            "embed": EmbedBlockSerializer,
            "document": DocumentBlockSerializer,
        },
        resource_type_field_name="type",
    )
)
class BodyBlockField(s.JSONField):
    pass


# Items --------------------------------------------------------------------------


class NewsItemSerializer(CommonItemSerializer):
    type = one_of("news")
    title = optional(s.CharField)
    slug = optional(s.CharField)
    teaser = optional(
        s.CharField, allow_blank=True, help_text=f"Plain text, at most {TEASER_MAX_LENGTH} chars."
    )
    body = optional(s.ListField, child=BodyBlockField(), help_text="Typed blocks, in order.")
    lead_image = optional(ImageSerializer, allow_null=True)
    tags = optional(s.ListField, child=TagRefSerializer())
    work_packages = optional(s.ListField, child=WorkPackageRefSerializer())
    partners = optional(s.ListField, child=PartnerRefSerializer())
    event = optional(EventSerializer, allow_null=True)


class MeetingSerializer(s.Serializer):
    kind = s.CharField()
    kind_label = s.CharField()
    name = s.CharField(allow_blank=True, allow_null=True)
    month = s.CharField(help_text="YYYY-MM")
    starts_on = s.DateField(allow_null=True)
    ends_on = s.DateField(allow_null=True)
    city = s.CharField(allow_null=True)
    country = s.CharField(allow_null=True)
    in_every_partner_city = s.BooleanField()
    organiser = s.CharField()
    host_partners = s.ListField(child=s.CharField(), help_text="Partner slugs.")


class MilestoneSerializer(s.Serializer):
    number = s.IntegerField()
    title = s.CharField(allow_blank=True)
    period_start = s.CharField(help_text="YYYY-MM")
    period_end = s.CharField(help_text="YYYY-MM")
    description = s.CharField()
    meetings = s.ListField(child=MeetingSerializer())


class PeriodSerializer(s.Serializer):
    start = s.CharField(help_text="YYYY-MM")
    end = s.CharField(help_text="YYYY-MM")


class WorkPackageSerializer(CommonItemSerializer):
    type = one_of("work_package")
    title = optional(s.CharField)
    slug = optional(s.CharField)
    number = optional(
        s.IntegerField, allow_null=True, help_text="Null where the number is not known."
    )
    objective = optional(s.CharField)
    description = optional(s.CharField, allow_blank=True, help_text="HTML.")
    coordinator = optional(PartnerRefSerializer, allow_null=True)
    period = optional(PeriodSerializer, allow_null=True, help_text="From its milestones.")
    milestones = optional(s.ListField, child=MilestoneSerializer())
    news = optional(
        s.URLField,
        allow_null=True,
        help_text="The API list of news in this work package; null without a number, by "
        "which the list is filtered.",
    )


class PartnerSerializer(CommonItemSerializer):
    type = one_of("partner")
    slug = optional(s.CharField)
    name = optional(s.CharField)
    short_name = optional(s.CharField, allow_blank=True)
    role = optional(s.ChoiceField, choices=Partner.Role.choices)
    role_label = optional(s.CharField)
    city = optional(CitySerializer)
    country = optional(s.CharField)
    website = optional(s.CharField, allow_blank=True)
    logo = optional(ImageSerializer, allow_null=True)
    description = optional(s.CharField, allow_blank=True)
    news = optional(s.URLField, help_text="The API list of news concerning the partner.")


class TagSerializer(CommonItemSerializer):
    type = one_of("tag")
    slug = optional(s.CharField)
    name = optional(s.CharField)
    count = optional(s.IntegerField, help_text="How many public news carry the tag.")
    news = optional(s.URLField, help_text="The API list of news with this tag.")


class OtherPageSerializer(CommonItemSerializer):
    type = one_of("home", "news_index", "work_package_index", "partner_index", "page")
    title = optional(s.CharField)
    slug = optional(s.CharField)
    lead = optional(s.CharField, allow_null=True)
    intro = optional(s.CharField, allow_null=True, help_text="HTML.")
    body = optional(s.CharField, allow_null=True, help_text="HTML.")


PageSerializer = PolymorphicProxySerializer(
    component_name="Page",
    serializers={
        "news": NewsItemSerializer,
        "work_package": WorkPackageSerializer,
        "home": OtherPageSerializer,
        "news_index": OtherPageSerializer,
        "work_package_index": OtherPageSerializer,
        "partner_index": OtherPageSerializer,
        "page": OtherPageSerializer,
    },
    resource_type_field_name="type",
)


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="ChangedItem",
        serializers=[NewsItemSerializer, WorkPackageSerializer, OtherPageSerializer],
        resource_type_field_name=None,
    )
)
class ChangedItemField(s.JSONField):
    pass


# Lists ---------------------------------------------------------------------------


class ListSerializer(s.Serializer):
    count = s.IntegerField(help_text="How many items match, on all pages.")
    next = s.URLField(allow_null=True, help_text="The next page, or null on the last.")
    previous = s.URLField(allow_null=True, help_text="The previous page, or null on the first.")


class NewsListSerializer(ListSerializer):
    results = s.ListField(child=NewsItemSerializer())


class WorkPackageListSerializer(ListSerializer):
    results = s.ListField(child=WorkPackageSerializer())


class PartnerListSerializer(ListSerializer):
    results = s.ListField(child=PartnerSerializer())


class TagListSerializer(ListSerializer):
    results = s.ListField(child=TagSerializer())


class ChangeSerializer(s.Serializer):
    cursor = s.IntegerField(help_text="Pass as since= to continue after this entry.")
    event = one_of("published", "updated", "unpublished", "deleted")
    time = s.DateTimeField()
    id = s.IntegerField(help_text="The page's id.")
    type = one_of("news", "work_package", "page")
    locale = s.CharField()
    item = ChangedItemField(
        allow_null=True,
        help_text="Current representation; null in tombstones and for pages no longer public.",
    )


class ChangesSerializer(s.Serializer):
    cursor = s.IntegerField(help_text="Where the next request should start (its since=).")
    has_more = s.BooleanField()
    next = s.URLField(allow_null=True, help_text="The next batch, if there is more now.")
    results = s.ListField(child=ChangeSerializer())


class ApiRootSerializer(s.Serializer):
    news = s.URLField()
    events = s.URLField()
    work_packages = s.URLField()
    partners = s.URLField()
    tags = s.URLField()
    resolve = s.URLField()
    changes = s.URLField()
    schema = s.URLField()
    docs = s.URLField()


class InvalidParamSerializer(s.Serializer):
    name = s.CharField(help_text="The query parameter.")
    reason = s.CharField(help_text="What is wrong with it.")


class ProblemSerializer(s.Serializer):
    """RFC 9457 problem details."""

    type = s.URLField(help_text="A URI naming the kind of problem; it explains it.")
    title = s.CharField()
    status = s.IntegerField()
    detail = s.CharField()
    invalid_params = optional(s.ListField, child=InvalidParamSerializer())
