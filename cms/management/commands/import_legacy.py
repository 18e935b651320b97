from django.core.management.base import BaseCommand, CommandError

from cms.legacy.importer import ImportFailed, LegacyImporter
from cms.legacy.report import report_lines, summary_line


class Command(BaseCommand):
    help = (
        "Import pages exported from the old BaltMet Inno site (text or HTML): the news of "
        "their 'latest news' list, work packages with their milestones, and news or event "
        "articles. Creates what is new, updates what changed, and leaves the rest alone, so "
        "importing a file twice changes nothing. Reports, per file, what it recognised and "
        "what it left out and why. All files are imported in one transaction: if one cannot "
        "be read, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="exported page files")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print the same report, saying what would be created, updated or left "
            "unchanged, and write nothing",
        )
        parser.add_argument(
            "--work-package",
            type=int,
            metavar="N",
            help="the number of the work package whose milestones every file lists, where "
            "the pages do not give it (a page's heading or name is used otherwise)",
        )
        parser.add_argument(
            "--encoding",
            help="the files' character encoding when it is not UTF-8 and the file does not "
            "declare it (e.g. cp1252); without it the encoding is detected and reported",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="refuse the whole batch, writing nothing, if anything in it cannot be read "
            "(an unreadable period or date, a guessed encoding); by default such an item is "
            "left out with a warning that names its file and line",
        )

    def handle(self, *args, paths, dry_run, work_package, encoding, strict, **options):
        verbosity = options["verbosity"]
        importer = LegacyImporter(work_package=work_package, encoding=encoding, strict=strict)
        try:
            report = importer.run(paths, dry_run=dry_run)
        except ImportFailed as failure:
            for name, reason in failure.problems:
                self.stderr.write(f"{name}: {reason}" if name else reason)
            raise CommandError(
                f"{len(failure.problems)} problem(s); nothing was imported."
            ) from None
        if verbosity == 0:
            return
        for line in report_lines(report, verbosity):
            self.stdout.write(line)
        summary = summary_line(report)
        self.stdout.write(summary if report.dry_run else self.style.SUCCESS(summary))
