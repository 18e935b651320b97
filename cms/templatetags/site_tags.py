import datetime

from django import template
from django.utils import timezone, translation

from cms import l10n
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


@register.filter
def local_date(value):
    """A day as the page's language writes it: "13 November 2007", "13. marraskuuta 2007";
    a moment (a publication time) is the day it is in the site's time zone."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return l10n.format_date(value)


@register.simple_tag
def date_range(start, end=None):
    """ "13 June 2007", "13–15 June 2007", "30 June – 2 July 2007", ... in the page's language."""
    return l10n.format_period(start, end)


@register.simple_tag
def month_range(start, end=None):
    """ "January – June 2006", "July 2006 – March 2007", "August 2006", in the page's language."""
    return l10n.format_month_period(start, end)


@register.filter
def local_number(value):
    """A number with the separators of the page's language."""
    return l10n.format_number(value)
