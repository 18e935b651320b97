"""How an image leaves the CMS: as renditions at several widths, never as an id."""

from wagtail.images.models import Filter

from cms.links import absolute_url

# Widths offered to every consumer: a list thumbnail, a column, a full-width hero.
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FILTERS = tuple(f"width-{width}" for width in RENDITION_WIDTHS)


# Parsed once: parsing a filter spec on every call costs more than finding a
# prefetched rendition (the content API shows dozens of images per response).
_FILTERS = tuple(Filter(spec=spec) for spec in RENDITION_FILTERS)


def renditions(image):
    """The image's standard renditions, created on first use, fetched in one query."""
    return image.get_renditions(*_FILTERS)


def image_representation(image, alt=None):
    if image is None:
        return None
    sizes = [
        {
            "width": rendition.width,
            "height": rendition.height,
            "url": absolute_url(rendition.url),
        }
        for rendition in renditions(image).values()
    ]
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text if alt is None else alt,
        "width": image.width,
        "height": image.height,
        "renditions": sizes,
    }
