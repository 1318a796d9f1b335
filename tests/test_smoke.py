import json

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"South-South" in response.content
