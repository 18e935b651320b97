from django.core.management.base import BaseCommand, CommandError

from cms.legacy.importer import ImportFailed, LegacyImporter

VERBS = {
    "created": ("created", "would create"),
    "updated": ("updated", "would update"),
    "unchanged": ("unchanged", "unchanged"),
    "skipped": ("skipped", "would skip"),
}


class Command(BaseCommand):
    help = (
        "Import pages exported from the old BaltMet Inno site (text or HTML): the news of "
        "their 'latest news' list, work packages with their milestones, and news or event "
        "articles. Creates what is new, updates what changed, and leaves the rest alone, so "
        "importing a file twice changes nothing. All files are imported in one transaction: "
        "if one cannot be read, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="exported page files")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say what would be created, updated or left unchanged, and write nothing",
        )
        parser.add_argument(
            "--work-package",
            type=int,
            metavar="N",
            help="the work package whose milestones the files list, for pages whose text "
            "does not name it",
        )
        parser.add_argument(
            "--encoding",
            help="the files' character encoding when it is not UTF-8 and the file does not "
            "declare it (e.g. cp1252)",
        )

    def handle(self, *args, paths, dry_run, work_package, encoding, **options):
        verbosity = options["verbosity"]
        importer = LegacyImporter(work_package=work_package, encoding=encoding)
        try:
            report = importer.run(paths, dry_run=dry_run)
        except ImportFailed as failure:
            for name, reason in failure.problems:
                self.stderr.write(f"{name}: {reason}" if name else reason)
            raise CommandError(
                f"{len(failure.problems)} problem(s); nothing was imported."
            ) from None
        self._print(report, verbosity)

    def _print(self, report, verbosity):
        if verbosity == 0:
            return
        for outcome in report.outcomes:
            verb = VERBS[outcome.action][1 if report.dry_run else 0]
            line = f"{verb} {outcome.kind} {outcome.label}"
            if outcome.changes and outcome.action != "unchanged":
                line += f": {'; '.join(outcome.changes)}"
            self.stdout.write(line)
            if verbosity > 1:
                self.stdout.write(f"    from {', '.join(outcome.sources)}")
            for note in outcome.notes:
                self.stdout.write(f"    note: {note}")
        counts = ", ".join(
            f"{report.count(action)} {VERBS[action][1 if report.dry_run else 0]}"
            for action in VERBS
        )
        unmatched = sorted(report.unmatched_places)
        if unmatched:
            self.stdout.write(f"Places not matched to a city: {', '.join(unmatched)}.")
        summary = f"{len(report.files)} file(s) read: {counts}."
        if report.dry_run:
            self.stdout.write(f"{summary} Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
