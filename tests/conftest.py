"""Test set-up shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data (countries, regions, groups, themes, SDGs),
    loaded once per session by the same command `make run` uses; tests roll back around it."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Templates resolve {% static %} without a collectstatic manifest in tests; passwords hash fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached public page (sscportal/cache.py), so that it sees fresh renders."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to a Spanish page must not leave Spanish active for the
    next test (modeltranslation writes `title` to the active language's column)."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def generous_api_rates(settings):
    """Tests make many API requests from one address; tests/api/test_throttling.py sets its own rates."""
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "partner": "100000/minute"}
