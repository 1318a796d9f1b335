"""The three roles as groups with their model permissions (see partners/permissions.py).

partners.apps also keeps them in step after every later migrate, so that models added later get
their permissions in the roles without a migration of their own."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_role_groups(apps, schema_editor):
    from partners.permissions import sync_role_groups

    # Permissions are normally created after all migrations ran; create them now for these apps.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_role_groups(apps, schema_editor):
    from partners.permissions import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLES.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_agencymembership"),
        ("programmes", "0002_publication_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
