from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes, activities and outcomes")

    def ready(self):
        from programmes import signals

        signals.connect()
