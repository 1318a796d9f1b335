from django.core.management.base import BaseCommand
from django.db import transaction

from programmes.models import (
    CountedAdoption,
    CountedParticipation,
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
        "ProgrammePlace (what the public region and country filters read: where each programme's partner "
        "agencies are based and its published activities were hosted) and CountedAdoption (what the "
        "pipeline and knowledge flow figures read: published adoptions with their practices, countries, "
        "regions and the days between their dated stages). Saves "
        "and deletions through the admin, the API, the services and the data commands keep them in step; "
        "this is for after writes that send no signals (QuerySet.update(), bulk_create, SQL)."
    )

    def handle(self, *args, **options):
        for model, records in (
            (CountedParticipation, Participation.objects.all()),
            (ProgrammePlace, Programme.objects.all()),
            (CountedAdoption, PolicyAdoption.objects.all()),
        ):
            # every column but a row number of its own (a place's id is new on each refresh)
            fields = [field.attname for field in model._meta.concrete_fields if not field.auto_created]
            with transaction.atomic():
                before = set(model.objects.values_list(*fields))
                model.objects.refresh(records)
                after = set(model.objects.values_list(*fields))
            self.stdout.write(
                self.style.SUCCESS(
                    f"{model._meta.verbose_name_plural}: {len(after)} rows; "
                    f"{len(before ^ after)} differed from before."
                )
            )
        invalidate_public_pages()
