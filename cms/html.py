"""HTML that leaves the site: sanitised, with every URL absolute.

Wagtail's rich text stores links as references (``<a linktype="page" id="3">``)
and renders them, like renditions and documents, as site-relative URLs. A feed
reader or a partner's page resolves those against the wrong host, and whatever
an embed provider or an editor's paste put in the HTML (scripts, event
handlers, iframes) must not travel with it.
"""

from django.conf import settings

import nh3

from cms.text import strip_unusable_characters

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li",
    "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "time", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "*": {"lang", "dir"},
}
# Removed together with their content, not unwrapped to text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


def clean_html(html, base=None, absolute=True):
    """Sanitised HTML with relative links and image sources made absolute (unless not
    ``absolute``: the site's own pages keep them relative)."""
    if not html:
        return ""
    return nh3.clean(
        strip_unusable_characters(str(html)),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        url_relative=(
            ("rewrite_with_base", (base or settings.BASE_URL) + "/") if absolute else "pass_through"
        ),
        link_rel=None,
    )
