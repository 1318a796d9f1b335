from django.core.management.base import BaseCommand
from django.db import transaction

from programmes.models import CountedParticipation, Participation
from sscportal.cache import invalidate_public_pages


class Command(BaseCommand):
    help = (
        "Count every participation again: rewrite CountedParticipation, the table the participation "
        "figures read, from the participations, their activities, participants and follow-up responses. "
        "Saves and deletions through the admin, the API, the services and the data commands keep it in "
        "step; this is for after writes that send no signals (QuerySet.update(), bulk_create, SQL)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            before = set(CountedParticipation.objects.values_list())  # every column
            CountedParticipation.objects.refresh(Participation.objects.all())
            after = set(CountedParticipation.objects.values_list())
        invalidate_public_pages()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(after)} participations counted; {len(before ^ after)} rows differed from before."
            )
        )
