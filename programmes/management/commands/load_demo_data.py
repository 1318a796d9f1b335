from django.core.management.base import BaseCommand, CommandError

from programmes.demo import MissingReferenceData, load_demo_data
from programmes.indicators import programme_skills_applied
from sscportal.cache import invalidate_public_pages


class Command(BaseCommand):
    help = (
        "Load the demo data: ESCAP's interregional MSME programme with APC Colombia and MINCIT, the 2024 "
        "study tour to Bogota, its participants (invented), practices and adoptions (idempotent). "
        "Needs the reference data (load_reference_data)."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_data()
        except MissingReferenceData as error:
            raise CommandError(str(error)) from error
        invalidate_public_pages()  # also after writes that send no signals
        if result.changed:
            created, updated = result.describe(result.created), result.describe(result.updated)
            summary = "; ".join(
                part for part in (created and f"created {created}", updated and f"updated {updated}") if part
            )
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already up to date: nothing changed."))
        share = programme_skills_applied(result.programme)
        self.stdout.write(
            f"{result.programme}: {share.numerator} of {share.denominator} followed-up participations "
            f"apply their new skills ({share.percent}%)."
        )
