"""Django's makemessages, over what visitors read.

The site's catalogs (locale/<language>/LC_MESSAGES/django.po) hold the strings
of the public outputs only: the site's templates, the partners' widget and
iframe, the feeds' titles and descriptions, and the choice labels visitors see
(cms/vocabulary.py). Each of them needs a translation into every language of
the site (tests/cms/test_catalogs.py). The editors' interface is Wagtail's,
which brings its own translations; its help texts stay out of these catalogs.
"""

from pathlib import Path

from django.core.management.commands import makemessages

# Paths relative to the project's root, where `make messages` runs the command.
PUBLIC_SOURCES = (
    "frontend_templates/",
    "partners/templates/partners/embed/",
    "feeds/",
    "cms/vocabulary.py",
    "cms/templatetags/",
    "cms/views.py",
)


def is_public_source(path):
    relative = Path(path).as_posix().removeprefix("./")
    return relative.startswith(PUBLIC_SOURCES) and "/migrations/" not in relative


class Command(makemessages.Command):
    help = "Extract the strings visitors read into the site's catalogs (locale/)."

    def find_files(self, root):
        return [found for found in super().find_files(root) if is_public_source(found.path)]
