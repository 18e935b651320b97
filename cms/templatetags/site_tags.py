from django import template
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.formats import date_format

from cms.rendering import SITE, Renderer

register = template.Library()


def _renderer(context):
    return Renderer(SITE, language=translation.get_language(), request=context.get("request"))


@register.simple_tag(takes_context=True)
def body(context, stream):
    """A StreamField body as the site shows it, its references looked up together."""
    return _renderer(context).html([stream])[0]


@register.simple_tag(takes_context=True)
def rich_text(context, source):
    """A rich text field as the site shows it; links to pages nobody may see lose their address."""
    return _renderer(context).rich_text([source])[0]


@register.filter
def is_within(page, section):
    """Whether ``page`` is ``section`` or below it in the page tree."""
    return bool(page and section and page.path.startswith(section.path))


@register.simple_tag
def date_range(start, end=None):
    """ "13 June 2007", "13–15 June 2007", "30 June – 2 July 2007", ..."""
    if not start:
        return ""
    if not end or end == start:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"


@register.simple_tag
def month_range(start, end=None):
    """ "January – June 2006", "July 2006 – March 2007", "August 2006"."""
    if not start:
        return ""
    if not end or (start.year, start.month) == (end.year, end.month):
        return f"{MONTHS[start.month]} {start.year}"
    if start.year == end.year:
        return f"{MONTHS[start.month]} – {MONTHS[end.month]} {end.year}"
    return f"{MONTHS[start.month]} {start.year} – {MONTHS[end.month]} {end.year}"
