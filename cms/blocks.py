"""StreamField blocks for the body of news pages and for milestone meetings."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cms import l10n
from cms.fields import MonthFormField
from cms.vocabulary import MEETING_KINDS, MEETING_ORGANISERS

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class Rendered:
    """A body block written by cms.rendering, the renderer of whole bodies.

    The site renders a news body in one go (links and images of every block
    looked up together); rendering a single block the same way, for the
    admin's previews and ``include_block``, keeps one definition of its HTML.
    """

    kind = None

    def render_basic(self, value, context=None):
        from cms.rendering import SITE, Renderer

        request = context.get("request") if context else None
        block = {"type": self.kind, "value": self.get_prep_value(value)}
        return Renderer(SITE, request=request).html([[block]])[0]

    def get_api_representation(self, value, context=None):
        from cms.rendering import API, Renderer

        request = context.get("request") if context else None
        block = {"type": self.kind, "value": self.get_prep_value(value)}
        renderer = Renderer(API, request=request).collect(streams=[[block]]).load()
        return renderer.block_data(self.kind, block["value"])


class ParagraphBlock(Rendered, blocks.RichTextBlock):
    kind = "paragraph"

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        preview_value = (
            "<p>The working group met in Malmö to <b>elaborate the key elements</b> of the "
            "joint innovation policy framework.</p>"
        )
        description = _("A paragraph of text with links and simple formatting.")


class HeadingBlock(Rendered, blocks.StructBlock):
    kind = "heading"
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        preview_value = {"text": "Results of the local consultations", "level": "h2"}
        description = _("A heading that starts a section of the text.")


class FigureBlock(Rendered, blocks.StructBlock):
    kind = "image"
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=255)

    def get_preview_value(self):
        # The newest image in the library, if there is one, makes a truer preview
        # than an empty frame.
        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {
                "image": {"image": image.pk if image else None, "alt_text": ""},
                "caption": "The working-group workshop in Malmö, August 2006",
            }
        )

    class Meta:
        icon = "image"
        description = _("An image with alternative text and an optional caption.")


class QuoteBlock(Rendered, blocks.StructBlock):
    kind = "quote"
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        preview_value = {
            "text": "Metropolitan regions can act as engines of growth when they work together.",
            "attribution": "BaltMet Inno working group",
        }
        description = _("A quotation with the name of who said it.")


class VideoEmbedBlock(Rendered, EmbedBlock):
    kind = "embed"

    class Meta:
        icon = "media"
        # The preview shows where the media goes without fetching it from its provider.
        preview_template = "blocks/embed_preview.html"
        preview_value = "https://vimeo.com/"
        description = _("A video or other media from a URL (YouTube, Vimeo, ...).")


class DocumentLinkBlock(Rendered, blocks.StructBlock):
    kind = "document"
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=255, help_text=_("Link text; the document's title if empty.")
    )

    class Meta:
        icon = "doc-full"
        preview_value = {"title": "Final report: a joint innovation policy framework"}
        description = _("A link to a document in the library, with its type and size.")


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    embed = VideoEmbedBlock()
    document = DocumentLinkBlock()


class MonthBlock(blocks.FieldBlock):
    """A calendar month; stored as "YYYY-MM"."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = MonthFormField(required=required, help_text=help_text)
        super().__init__(**kwargs)

    def to_python(self, value):
        return self.field.to_python(value) if value else None

    def normalize(self, value):
        return self.to_python(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return value.strftime("%Y-%m") if value else None

    def get_api_representation(self, value, context=None):
        return self.get_prep_value(value)

    class Meta:
        icon = "date"


def in_sentence(label):
    """A label inside a sentence: "working-group meeting"; German nouns keep their capital."""
    if translation.get_language() == "de":
        return label
    return label[:1].lower() + label[1:]


class MeetingBlock(blocks.StructBlock):
    """A meeting within a milestone: what kind, when, where, and who hosts it."""

    KINDS = MEETING_KINDS
    ORGANISERS = MEETING_ORGANISERS

    kind = blocks.ChoiceBlock(choices=KINDS)
    name = blocks.CharBlock(
        required=False, max_length=200, help_text=_("Only if the meeting has a title of its own.")
    )
    month = MonthBlock()
    starts_on = blocks.DateBlock(required=False, help_text=_("The day, once it is known."))
    ends_on = blocks.DateBlock(required=False)
    city = SnippetChooserBlock("cms.City", required=False)
    in_every_partner_city = blocks.BooleanBlock(
        required=False,
        help_text=_("Held in each metropolitan area of the network rather than in one city."),
    )
    organiser = blocks.ChoiceBlock(choices=ORGANISERS, default="wp_coordinator")
    host_partners = blocks.ListBlock(
        SnippetChooserBlock("cms.Partner"),
        default=[],
        label=_("Host partners"),
        help_text=_("Partners hosting or co-organising the meeting locally."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value["city"] and not value["in_every_partner_city"]:
            errors["city"] = ValidationError(_("Choose a city, or tick 'in every partner city'."))
        if value["city"] and value["in_every_partner_city"]:
            errors["in_every_partner_city"] = ValidationError(
                _("A meeting held in every partner city has no single city.")
            )
        if value["organiser"] == "partner" and not value["host_partners"]:
            errors["host_partners"] = ValidationError(_("Name the partner that organises it."))
        if value["ends_on"] and not value["starts_on"]:
            errors["starts_on"] = ValidationError(_("Give the first day too."))
        if value["starts_on"] and value["ends_on"] and value["ends_on"] < value["starts_on"]:
            errors["ends_on"] = ValidationError(_("The last day is before the first."))
        if (
            value["starts_on"]
            and value["month"]
            and (
                (value["starts_on"].year, value["starts_on"].month)
                != (value["month"].year, value["month"].month)
            )
        ):
            errors["starts_on"] = ValidationError(_("The day is not in the month given."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    @classmethod
    def visible_text(cls, value):
        """The meeting as the site shows it, in the active language: "Preparatory
        meeting (working-group meeting), March 2006, Copenhagen"."""
        kind = str(dict(cls.KINDS)[value["kind"]])
        what = f"{value['name']} ({in_sentence(kind)})" if value["name"] else kind
        if value["starts_on"]:
            when = l10n.format_period(value["starts_on"], value["ends_on"])
        else:
            when = l10n.format_month(value["month"])
        if value["in_every_partner_city"]:
            where = gettext("in every partner city")
        else:
            where = value["city"].name if value["city"] else ""
        hosts = ", ".join(partner.name for partner in value["host_partners"] if partner)
        if hosts:
            where += f"; {gettext('hosted by')} {hosts}"
        return ", ".join(part for part in (what, when, where) if part)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind_label"] = dict(self.KINDS)[value["kind"]]
        context["kind_in_sentence"] = in_sentence(str(context["kind_label"]))
        context["host_names"] = ", ".join(partner.name for partner in value["host_partners"])
        return context

    def get_api_representation(self, value, context=None):
        city = value["city"]
        return {
            "kind": value["kind"],
            "kind_label": dict(self.KINDS)[value["kind"]],
            "name": value["name"],
            "month": self.child_blocks["month"].get_prep_value(value["month"]),
            "starts_on": value["starts_on"].isoformat() if value["starts_on"] else None,
            "ends_on": value["ends_on"].isoformat() if value["ends_on"] else None,
            "city": city.name if city else None,
            "country": city.country if city else None,
            "in_every_partner_city": value["in_every_partner_city"],
            "organiser": value["organiser"],
            "host_partners": [partner.slug for partner in value["host_partners"]],
        }

    class Meta:
        icon = "group"
        template = "blocks/meeting.html"
        preview_value = {
            "kind": "workshop",
            "name": "",
            "month": "2006-08",
            "starts_on": None,
            "ends_on": None,
            "city": None,
            "in_every_partner_city": True,
            "organiser": "each_city_partner",
            "host_partners": [],
        }
        description = _("A meeting held as part of a milestone.")


class MeetingsBlock(blocks.StreamBlock):
    meeting = MeetingBlock()

    class Meta:
        icon = "group"
