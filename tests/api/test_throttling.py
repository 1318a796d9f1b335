"""Throttling: anonymous clients per address and partner systems per token, answering 429 with
Retry-After in the API's error shape."""

import pytest

from partners.models import PartnerSystem
from partners.services import partner_system_issue_token, partner_system_save
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/themes/"


@pytest.fixture
def low_rates(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "partner": "5/minute"}


def test_anonymous_clients_get_429_with_retry_after_over_the_rate(client, low_rates):
    for _ in range(3):
        assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["errors"][0]["code"] == "throttled"


def test_addresses_are_counted_apart_and_a_forged_forwarded_for_changes_nothing(client, low_rates):
    for _ in range(3):
        client.get(URL, REMOTE_ADDR="10.0.0.1")
    assert client.get(URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429
    assert client.get(URL, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_each_partner_system_has_its_own_rate(client, low_rates):
    headers = {}
    for name in ("system a", "system b"):
        system = partner_system_save(
            partner_system=PartnerSystem(name=name, agency=factories.AgencyFactory(), role="editor"),
            user=factories.agency_user("administrator"),
        )
        _token, key = partner_system_issue_token(partner_system=system, user=None)
        headers[name] = {"Authorization": f"Token {key}"}
    for _ in range(5):
        assert client.get(URL, headers=headers["system a"]).status_code == 200
    assert client.get(URL, headers=headers["system a"]).status_code == 429
    assert client.get(URL, headers=headers["system b"]).status_code == 200
    assert client.get(URL).status_code == 200  # anonymous clients are counted apart
