"""The audit trail: every create, change and delete of a record is kept, with user, time and values
(django-simple-history, chosen because it is well kept, stores each version as a row of a plain
historical table that the ORM can query, and brings admin history, diff and revert pages).

Models are registered from the apps' translation.py, after django-modeltranslation has added the
title_en/title_es… fields, so that the historical tables carry them too.
"""

import simple_history
from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from simple_history.models import HistoricalRecords


class HistoricalRecordsWithProxies(HistoricalRecords):
    """Also records saves and deletes made through the model's proxies (StudyTour and
    CapacityBuildingEvent are proxies of Activity), into the model's one history. A record's past
    versions are as personal as the record: they carry its `personal_data` flag, so that THE permission
    rule (partners.permissions.restrict) applies to historical versions as it does to records (the API's
    removals feed asks which versions a client could have viewed)."""

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        history_model.personal_data = getattr(model, "personal_data", False)
        return history_model

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is not self.cls:
            return
        for proxy in apps.get_models():
            if proxy._meta.proxy and proxy._meta.concrete_model is sender:
                post_save.connect(self.post_save, sender=proxy, weak=False)
                post_delete.connect(self.post_delete, sender=proxy, weak=False)
                pre_delete.connect(self.pre_delete, sender=proxy, weak=False)
                proxy._meta.simple_history_manager_attribute = self.manager_name


def audit(*models, m2m_fields=None):
    """Keep the history of these models; m2m_fields maps a model to the many-to-many fields whose
    changes (themes, SDGs, organisers…) are kept with it."""
    for model in models:
        simple_history.register(
            model, records_class=HistoricalRecordsWithProxies, m2m_fields=(m2m_fields or {}).get(model, ())
        )
