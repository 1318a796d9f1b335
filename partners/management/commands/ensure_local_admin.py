import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the local administrator account for `make run` if it does not exist, printing its "
        "generated password once. Does nothing when the account already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, *args, username, email, **options):
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            self.stdout.write(f"Local administrator '{username}' already exists; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        port = os.environ.get("PORT", "8000")
        users.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the local administrator. Sign in at http://127.0.0.1:{port}/admin/ as "
                f"'{username}' with password: {password}\n"
                "This password is shown only this once; change it in the admin, or reset it with "
                f"`.venv/bin/python manage.py changepassword {username}`."
            )
        )
