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
    font = ImageFont.load_default(size=84)
    draw.text((80, 90), caption, font=font, fill=(255, 255, 255))
    draw.text((80, 200), "BaltMet Inno", font=ImageFont.load_default(size=44), fill=(235, 240, 245))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
