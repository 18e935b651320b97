"""Pictures for the demo content, drawn here so that loading needs no download."""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def draw_picture(caption, colour):
    """A PNG: bands of the colour, like a Baltic shore, with the caption on it.

    The same caption and colour always give the same bytes, so the loader can
    recognise a picture it made before.
    """
    base = _rgb(colour)
    picture = Image.new("RGB", (WIDTH, HEIGHT), base)
    draw = ImageDraw.Draw(picture)
    seed = hashlib.sha256(caption.encode()).digest()
    for band in range(9):
        lightness = 0.35 + 0.07 * band
        top = int(HEIGHT * (0.30 + 0.08 * band)) + seed[band] % 40 - 20
        fill = tuple(
            min(255, int(channel * lightness + 255 * (1 - lightness) * 0.55)) for channel in base
        )
        draw.polygon(
            [
                (0, top),
                (WIDTH // 3, top - seed[band + 9] % 60),
                (WIDTH, top + 30),
                (WIDTH, HEIGHT),
                (0, HEIGHT),
            ],
            fill=fill,
        )
    for position, text, size in _lettering(caption):
        draw.text(position, text, font=ImageFont.load_default(size=size), fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _lettering(caption):
    return [((80, 90), caption, 84), ((80, 200), "BaltMet Inno", 44)]


def lettering_box(caption):
    """(left, top, width, height) around the picture's text, as the image's focal
    point: a crop to another shape (Wagtail's fill-) keeps the text whole."""
    edges = [
        (x + left, y + top, x + right, y + bottom)
        for (x, y), text, size in _lettering(caption)
        for left, top, right, bottom in [ImageFont.load_default(size=size).getbbox(text)]
    ]
    left, top = min(edge[0] for edge in edges), min(edge[1] for edge in edges)
    right = min(WIDTH, max(edge[2] for edge in edges))
    bottom = max(edge[3] for edge in edges)
    return left, top, right - left, bottom - top
