from django.core.management.base import BaseCommand

from privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonimiseer gesloten casussen waarvan de bewaartermijn verstreken is (--dry-run: alleen tonen)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wat er zou gebeuren; wijzig niets.")

    def handle(self, *args, dry_run=False, **options):
        result = apply_retention(dry_run=dry_run)
        verb = "Zou anonimiseren" if dry_run else "Geanonimiseerd"
        for case in result.cases:
            self.stdout.write(f"{verb}: {case.reference} ({case.region.name}, gesloten {case.closed_at:%d-%m-%Y})")
        self.stdout.write(self.style.SUCCESS(f"{verb}: {result.count} casus(sen)."))
