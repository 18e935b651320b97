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
