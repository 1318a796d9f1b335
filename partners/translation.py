"""Fields shown to the public in English and Spanish (django-modeltranslation adds name_en, name_es…)."""

from modeltranslation.translator import TranslationOptions, register

from partners.audit import audit
from partners.models import Agency, AgencyMembership, Country, CountryGroup, PartnerSystem, PartnerToken


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(CountryGroup)
class CountryGroupTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Agency)
class AgencyTranslationOptions(TranslationOptions):
    fields = ("description",)


# Audit trail, registered after the translation fields exist (partners/audit.py).
audit(Agency, AgencyMembership, PartnerSystem, PartnerToken)
