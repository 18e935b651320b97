"""Plain-text hygiene for whatever an editor or a visitor types."""

import re

# C0 controls except tab, line feed and carriage return, plus DEL and the C1
# controls: XML 1.0 forbids most of them, databases reject NUL, and none of
# them is ever meant.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text):
    return _CONTROL_CHARACTERS.sub("", text) if text else text
