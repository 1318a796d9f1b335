from django.core.management.base import BaseCommand
from django.db import transaction

from programmes.models import (
    CountedAdoption,
    CountedParticipation,
    CountedProgramme,
    Participation,
    PolicyAdoption,
    Programme,
    ProgrammePlace,
)
from sscportal.cache import invalidate_public_pages


class Command(BaseCommand):
    help = (
        "Rewrite the derived tables from the records: CountedParticipation (what the participation "
        "figures read: participations with their activities, participants and follow-up responses), "
        "CountedProgramme (their totals per programme), "
        "ProgrammePlace (what the public region and country filters read: where each programme's partner "
        "agencies are based and its published activities were hosted) and CountedAdoption (what the "
        "pipeline and knowledge flow figures read: published adoptions with their practices, countries, "
        "regions and the days between their dated stages). Saves "
        "and deletions through the admin, the API, the services and the data commands keep them in step; "
        "this is for after writes that send no signals (QuerySet.update(), bulk_create, SQL)."
    )

    def handle(self, *args, **options):
        tables = {
            CountedParticipation: Participation.objects.all(),
            CountedProgramme: Programme.objects.all(),  # refreshed with them, and any left stale
            ProgrammePlace: Programme.objects.all(),
            CountedAdoption: PolicyAdoption.objects.all(),
        }
        with transaction.atomic():
            # each table as it was before any refresh (CountedParticipation's refreshes CountedProgramme)
            before = {model: self.rows(model) for model in tables}
            for model, records in tables.items():
                model.objects.refresh(records)
        for model in tables:
            after = self.rows(model)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{model._meta.verbose_name_plural}: {len(after)} rows; "
                    f"{len(before[model] ^ after)} differed from before."
                )
            )
        invalidate_public_pages()

    @staticmethod
    def rows(model) -> set[tuple]:
        """Every row of `model`, each as every column but a row number of its own (a place's id is new
        on each refresh)."""
        fields = [field.attname for field in model._meta.concrete_fields if not field.auto_created]
        return set(model.objects.values_list(*fields))
