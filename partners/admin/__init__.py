"""The admin of the partners app (partners.py; partner systems' API access in tokens.py) and the pieces
every owned record's admin shares (owned.py), which programmes/admin imports from here."""

from partners.admin import (
    partners,  # noqa: F401 (registers the screens)
    tokens,  # noqa: F401 (registers partner systems and API tokens)
)
from partners.admin.owned import (
    HTTPS_URL_FIELDS,
    OWNED_FIELDSET,
    OWNED_LIST_DISPLAY,
    OWNED_LIST_FILTER,
    ForListAdminMixin,
    OwnedAdminMixin,
    OwnedExportMixin,
    OwnedImportExportMixin,
    OwnedInlineFormSet,
    OwnedInlineMixin,
    RestrictedChoicesMixin,
    ViewableRelatedOnlyFieldListFilter,
)

__all__ = [
    "HTTPS_URL_FIELDS",
    "OWNED_FIELDSET",
    "OWNED_LIST_DISPLAY",
    "OWNED_LIST_FILTER",
    "ForListAdminMixin",
    "OwnedAdminMixin",
    "OwnedExportMixin",
    "OwnedImportExportMixin",
    "OwnedInlineFormSet",
    "OwnedInlineMixin",
    "RestrictedChoicesMixin",
    "ViewableRelatedOnlyFieldListFilter",
]
