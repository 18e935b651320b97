"""Plain-text hygiene for whatever an editor or a visitor types."""

import re

# C0 controls except tab, line feed and carriage return, plus DEL and the C1
# controls: XML 1.0 forbids most of them, databases reject NUL, and none of
# them is ever meant.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text):
    return bool(text) and CONTROL_CHARACTERS.search(text) is not None


def strip_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text) if text else text


# Unicode non-characters (U+FDD0..U+FDEF and the last two code points of every
# plane) and lone surrogates: no text ever means them, and XML and some
# databases refuse them.
NON_CHARACTERS = re.compile(
    "[\ufdd0-\ufdef\ud800-\udfff"
    + "".join(chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF))
    + "]"
)


def has_unusable_characters(text):
    """Control characters (NUL among them) or non-characters: never meant in a parameter."""
    return bool(text) and (
        CONTROL_CHARACTERS.search(text) is not None or NON_CHARACTERS.search(text) is not None
    )


def strip_unusable_characters(text):
    """Text without control characters, non-characters or lone surrogates: what XML 1.0
    and UTF-8 can carry, and nothing an editor meant."""
    if not text:
        return text
    return NON_CHARACTERS.sub("", CONTROL_CHARACTERS.sub("", text))
