from django.core.management.base import BaseCommand

from partners.refdata import load_reference_data
from sscportal.cache import invalidate_public_pages


class Command(BaseCommand):
    help = "Load or update countries, M49 regions, country groups, themes and SDGs (idempotent)."

    def handle(self, *args, **options):
        counts = load_reference_data()
        invalidate_public_pages()  # bulk writes send no signals
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data up to date: {summary}."))
