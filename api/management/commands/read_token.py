from django.core.management.base import BaseCommand, CommandError

from api.models import ReadToken
from cms.models import Partner


class Command(BaseCommand):
    help = "Issue, list or revoke read tokens for the content API."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        issue = commands.add_parser("issue", help="Issue a token; it is printed once.")
        issue.add_argument("name")
        issue.add_argument("--partner", help="The partner's slug.")
        commands.add_parser("list", help="List tokens.")
        revoke = commands.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "issue":
            partner = None
            if options["partner"]:
                partner = Partner.objects.filter(slug=options["partner"]).first()
                if partner is None:
                    raise CommandError(f"No partner with slug {options['partner']!r}.")
            row, token = ReadToken.issue(options["name"], partner=partner)
            self.stdout.write(f"Token for {row.name} (shown once, store it now):\n{token}")
        elif action == "list":
            for row in ReadToken.objects.select_related("partner"):
                state = "active" if row.is_active else f"revoked {row.revoked_at:%Y-%m-%d}"
                partner = row.partner.slug if row.partner else "-"
                used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
                self.stdout.write(
                    f"{row.prefix}  {state:<18} {partner:<30} used {used}  {row.name}"
                )
        else:
            row = ReadToken.objects.filter(prefix=options["prefix"]).first()
            if row is None:
                raise CommandError(f"No token with prefix {options['prefix']!r}.")
            row.revoke()
            self.stdout.write(f"Revoked {row}.")
