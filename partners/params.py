"""The query parameters of the widget's data and iframe, and of oEmbed (cms.params).

The widget names its portal with ``portal``; ``partner``, its name before the
partner app had its own home, is accepted for one release (deprecated: in the
feeds and the API ``partner`` is a partner organisation, not a portal).
"""

from urllib.parse import urlsplit

from rest_framework import serializers

from cms.params import (
    ChoiceField,
    LanguageTagField,
    QueryParameters,
    SlugField,
    TextField,
    WholeNumberField,
)

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
MIN_SIZE = 100
MAX_SIZE = 10_000
MAX_URL_LENGTH = 2000


class WidgetParameters(QueryParameters):
    portal = SlugField(help_text="The partner portal's slug, as registered by the network.")
    partner = SlugField(help_text="Deprecated: the former name of `portal`.")
    limit = WholeNumberField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        help_text=f"How many items, 1 to {MAX_LIMIT}; {DEFAULT_LIMIT} if absent.",
    )
    locale = LanguageTagField(help_text="The language; the portal's own if absent.")
    lang = LanguageTagField(
        help_text="The language of dates and messages (a BCP 47 tag such as de or de-AT); "
        "the widget sends its host page's. The content's language if absent or not one "
        "of the site's."
    )

    def validate(self, values):
        portal, former = values.get("portal"), values.pop("partner", None)
        if portal is not None and former is not None and portal != former:
            raise serializers.ValidationError(
                {"partner": "The former name of portal; give portal alone."}
            )
        if portal is None and former is None:
            raise serializers.ValidationError(
                {"portal": "Required: the slug of the partner portal."}
            )
        values["portal_given_as"] = "portal" if portal is not None else "partner"
        values["portal"] = portal or former
        return values


class CardParameters(QueryParameters):
    """A card's address takes no parameters."""


class OEmbedParameters(QueryParameters):
    # Consumers (WordPress, for one) add parameters of their own.
    ignore_unknown = True

    url = TextField(
        required=True,
        max_length=MAX_URL_LENGTH,
        error_messages={
            "required": "Required: the address of a news page of this site.",
            "max_length": f"Longer than {MAX_URL_LENGTH} characters.",
        },
        help_text="The address of a news page of this site.",
    )
    format = ChoiceField(choices=["json", "xml"], default="json", help_text="Only json is offered.")
    maxwidth = WholeNumberField(min_value=MIN_SIZE, max_value=MAX_SIZE, help_text="In pixels.")
    maxheight = WholeNumberField(min_value=MIN_SIZE, max_value=MAX_SIZE, help_text="In pixels.")

    def validate_url(self, value):
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError for a malformed port
        except ValueError as error:
            raise serializers.ValidationError("Not a URL.") from error
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise serializers.ValidationError("Must be an absolute http(s) URL of a news page.")
        return value
