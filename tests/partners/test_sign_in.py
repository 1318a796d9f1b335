"""Sign-in safety: failed sign-ins are throttled per user and address, passwords meet Django's
validators, and cookies are secure outside DEBUG."""

import json

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.test_project import settings_in_subprocess

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failed_sign_ins_lock_out_that_user_from_that_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("maria", password="a-long-test-password-1", is_staff=True)
    User.objects.create_user("jose", password="a-long-test-password-2", is_staff=True)
    for _ in range(2):
        assert sign_in(client, "maria", "wrong").status_code == 200  # the form again, with its error
    assert sign_in(client, "maria", "wrong").status_code == 429  # the third failure locks out
    locked = sign_in(client, "maria", "a-long-test-password-1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address, and the same user from another address, may still sign in.
    assert sign_in(client, "jose", "a-long-test-password-2").status_code == 302
    client.logout()
    assert sign_in(client, "maria", "a-long-test-password-1", address="10.0.0.2").status_code == 302


def test_a_successful_sign_in_resets_the_count(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("maria", password="a-long-test-password-1", is_staff=True)
    for _ in range(2):
        sign_in(client, "maria", "wrong")
    assert sign_in(client, "maria", "a-long-test-password-1").status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "maria", "wrong")
    assert sign_in(client, "maria", "a-long-test-password-1").status_code == 302


@pytest.mark.parametrize("password", ["password", "12345678901", "short"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_cookies_are_secure_without_debug():
    env = {"DEBUG": "0", "SECRET_KEY": "k" * 50}
    result = settings_in_subprocess(env, "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]")
    assert json.loads(result.stdout) == [True, True]
    result = settings_in_subprocess({"DEBUG": "1"}, "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]")
    assert json.loads(result.stdout) == [False, False]


def test_a_username_longer_than_any_is_the_forms_error_not_a_failed_sign_in(client):
    from axes.models import AccessAttempt

    response = sign_in(client, "a" * 10_000, "wrong")
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # axes' username column is shorter than this
    sign_in(client, "a" * 150, "wrong")
    assert AccessAttempt.objects.get().username == "a" * 150
