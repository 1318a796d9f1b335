import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from partners.models import Agency, AgencyMembership
from partners.permissions import ROLES


class Command(BaseCommand):
    help = (
        "Create or update a user who works for an agency, with a role: editor, reviewer or administrator. "
        "A new user gets a generated password, printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="The agency's slug, e.g. apc-colombia.")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")

    @transaction.atomic
    def handle(self, *args, username, agency, role, email, **options):
        try:
            agency_record = Agency.objects.get(slug=agency)
        except Agency.DoesNotExist as missing:
            raise CommandError(f"No agency with the slug '{agency}'.") from missing
        if email:
            try:
                validate_email(email)
            except ValidationError as invalid:
                raise CommandError(f"'{email}' is not a valid email address.") from invalid
        users = get_user_model()
        user, created = users.objects.get_or_create(username=username, defaults={"email": email})
        password = None
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        if email:
            user.email = email
        user.is_staff = True  # the admin is where agency staff work
        user.save()
        # One role at a time: the new role replaces the others.
        user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
        user.groups.add(Group.objects.get(name=ROLES[role]))
        AgencyMembership.objects.get_or_create(user=user, agency=agency_record)
        agencies = ", ".join(str(m.agency) for m in user.agency_memberships.select_related("agency"))
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username}: {role} for {agencies}."))
        if password:
            self.stdout.write(f"Password (shown only this once): {password}")
