"""The portal refuses to serve without a SECRET_KEY when DEBUG is off."""

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "SECRET_KEY must be set when DEBUG is off (export SECRET_KEY=...)."


def secret_key_missing() -> bool:
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return True


def require_secret_key():
    """Called by the WSGI and ASGI entry points before they serve anything."""
    if secret_key_missing():
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


def secret_key_is_set(app_configs, **kwargs):
    """Deploy check (`manage.py check --deploy`): the same refusal, as an error."""
    return [Error(MISSING_SECRET_KEY, id="sscportal.E001")] if secret_key_missing() else []
