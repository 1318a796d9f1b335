from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles(sender, **kwargs):
    """After every migrate, each role group has exactly the permissions partners.permissions names."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from partners.permissions import sync_role_groups

    # Apps after this one in INSTALLED_APPS get their permissions later in the same migrate: now, first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_role_groups(Group, Permission)


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners: countries, groups and agencies")

    def ready(self):
        from django.core.checks import register

        from sscportal.cache import connect_invalidation
        from sscportal.checks import secret_key_is_set

        register(secret_key_is_set, deploy=True)  # the project's one check, registered by its first app
        connect_invalidation()  # the public page cache, likewise the project's, wired by its first app
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="partners.sync_roles")
