"""Comparable forms of names and titles, so that spelling variants meet.

The old site wrote "Malmo" and "St. Petersburg" where the new one has "Malmö"
and "St Petersburg", and "Balt Met Inno" beside "BaltMet Inno".
"""

import re
import unicodedata

from cms.legacy.dates import find_dates

# Letters that Unicode does not decompose into a base letter and a mark.
_TRANSLITERATION = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
    }
)
# The German and Scandinavian way of writing umlauts without them: "Malmoe".
_UMLAUTS_SPELLED = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_SAINT = re.compile(r"\b(?:saint|sankt|st)\b\.?", re.IGNORECASE)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_PROJECT_NAME = re.compile(r"\bbalt\s*met\b", re.IGNORECASE)

# Words that say nothing about which item a title is.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "the",
        "to",
        "with",
        "its",
        "their",
        "this",
        "that",
        "new",
        "will",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
    ]
)


def fold(text):
    """Lower case ASCII: accents removed, special letters transliterated."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _words(text):
    return _NON_WORD.sub(" ", text).split()


def place_keys(name):
    """The forms under which a place name is recognised."""
    keys = set()
    for variant in (name, name.translate(_UMLAUTS_SPELLED)):
        words = _words(_SAINT.sub(" st ", fold(variant)))
        if words:
            keys.add(" ".join(words))
    return keys


def title_key(title):
    """A title with case, accents, spacing and punctuation taken out."""
    return "".join(_words(_PROJECT_NAME.sub("baltmet", fold(title))))


# "WP 3:", "Work package 3 -", "Workpackage no. 3", "WP:" before a name; "work package" after it.
_WORK_PACKAGE_PREFIX = re.compile(
    r"^\s*(?:wp|work\s*package)\s*(?:no\.?\s*)?\d*\s*[:.,\u2013\u2014-]?\s*", re.IGNORECASE
)
_WORK_PACKAGE_SUFFIX = re.compile(
    r"\s*[\u2013\u2014-]?\s*\b(?:wp|work\s*package)\s*$", re.IGNORECASE
)


def work_package_key(title):
    """A work package's name as compared: "WP 3: Cluster development" meets
    "Cluster Development" and "Work package “Cluster development”"."""
    text = fold(title).strip()
    text = _WORK_PACKAGE_SUFFIX.sub("", _WORK_PACKAGE_PREFIX.sub("", text))
    return " ".join(_words(_PROJECT_NAME.sub("baltmet", text)))


def title_words(title):
    """The distinctive words of a title, without its dates, for comparing two titles."""
    for mention in reversed(find_dates(title)):
        title = title[: mention.span[0]] + " " + title[mention.span[1] :]
    words = _words(_PROJECT_NAME.sub("baltmet", fold(title)))
    return frozenset(word for word in words if word not in _STOPWORDS)


def similarity(first, second):
    """Jaccard similarity of two sets of words, 0 to 1."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
