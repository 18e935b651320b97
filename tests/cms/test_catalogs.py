"""The site's gettext catalogs (locale/): one per language, complete, compiled, current.

`make messages` writes them (makemessages over the public sources, then Babel's
compiler); these tests fail when a template or a public string changes and the
catalogs were not made again, or when a language lacks a translation."""

import io
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from cms.management.commands.makemessages import PUBLIC_SOURCES, is_public_source

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Django's translation functions, as makemessages passes them to xgettext.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def catalog(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as source:
        return read_po(source, locale=language)


def strings(messages):
    """Each message's id and translation (plurals as tuples, as the .po gives them)."""

    def frozen(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {frozen(message.id): frozen(message.string) for message in messages if message.id}


def public_files():
    root = Path(settings.BASE_DIR)
    for source in PUBLIC_SOURCES:
        path = root / source
        for found in sorted(path.rglob("*")) if path.is_dir() else [path]:
            relative = found.relative_to(root)
            if found.is_file() and is_public_source(relative):
                yield found, relative


@cache
def source_messages():
    """Every message of the public sources, extracted as makemessages extracts them."""
    found = set()
    for path, relative in public_files():
        if path.suffix in (".html", ".txt"):
            code = templatize(path.read_text(encoding="utf-8"), origin=str(relative))
        elif path.suffix == ".py":
            code = path.read_text(encoding="utf-8")
        else:
            continue
        for _line, message, _comments, context in extract(
            "python", io.BytesIO(code.encode()), keywords=KEYWORDS, options={"encoding": "utf-8"}
        ):
            found.add((context, message if isinstance(message, str) else tuple(message)))
    return frozenset(found)


def test_there_is_a_catalog_for_every_language_but_english():
    for language in TRANSLATED:
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        assert (folder / "django.po").is_file(), f"no catalog for {language}: run make messages"
        assert (folder / "django.mo").is_file(), f"{language} is not compiled: run make messages"


def test_the_public_sources_have_strings_to_translate():
    messages = {message for _context, message in source_messages()}
    assert {
        "Latest news",
        "Read more",
        "All news",
        'Did you mean <a href="?q=%(url)s">%(suggestion)s</a>?',
    } <= messages


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_holds_exactly_the_strings_of_the_sources(language):
    in_catalog = {(message.context, message.id) for message in catalog(language) if message.id}
    in_sources = source_messages()
    assert not in_sources - in_catalog, "strings missing from the catalog: run make messages"
    assert not in_catalog - in_sources, "strings no source has any more: run make messages"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated_with_its_placeholders(language):
    messages = catalog(language)
    untranslated = [
        message.id
        for message in messages
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert untranslated == []
    # Babel's checks: the same %(name)s placeholders, a form for every plural.
    problems = [
        (message.id, [str(error) for error in errors]) for message, errors in messages.check()
    ]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_the_current_source(language):
    source = strings(catalog(language))
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled_file:
        compiled = strings(read_mo(compiled_file))
    assert compiled == source, f"{language}'s django.mo is stale: run make messages"
