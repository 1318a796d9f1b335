from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Agency, PartnerSystem, PartnerSystemRole
from partners.services import (
    DEFAULT_TOKEN_DAYS,
    MAX_TOKEN_DAYS,
    partner_system_issue_token,
    partner_system_save,
)


class Command(BaseCommand):
    help = (
        "Issue an API token for a partner system of an agency (the system is registered if new, or its "
        "role updated). The token is printed once: only its hash is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="The agency's slug, e.g. apc-colombia.")
        parser.add_argument("--name", required=True, help="The partner system's name.")
        parser.add_argument("--role", required=True, choices=PartnerSystemRole.values)
        parser.add_argument("--read-only", action="store_true", help="The token may only read.")
        parser.add_argument(
            "--days", type=int, default=DEFAULT_TOKEN_DAYS, help=f"Days of validity (1 to {MAX_TOKEN_DAYS})."
        )
        parser.add_argument("--contact", default="", help="Who runs the system: a name and an email address.")

    @transaction.atomic
    def handle(self, *args, agency, name, role, read_only, days, contact, **options):
        try:
            agency_record = Agency.objects.get(slug=agency)
        except Agency.DoesNotExist as missing:
            raise CommandError(f"No agency with the slug '{agency}'.") from missing
        system = PartnerSystem.objects.filter(agency=agency_record, name=name).first()
        created = system is None
        if created:
            system = PartnerSystem(agency=agency_record, name=name)
        system.role = role
        system.contact = contact or system.contact
        system.is_active = True
        try:
            system = partner_system_save(partner_system=system, user=None)
            token, clear_token = partner_system_issue_token(
                partner_system=system, user=None, days=days, read_only=read_only
            )
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from invalid
        verb = "Registered" if created else "Updated"
        scope = "read-only" if read_only else "read and write"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {system} as {role} (account {system.user.username}); "
                f"token {token.token_key}…, {scope}, expires {token.expiry:%Y-%m-%d %H:%M} UTC."
            )
        )
        self.stdout.write(f"Token (shown only this once): {clear_token}")
