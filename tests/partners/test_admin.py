"""The admin of countries, country groups and agencies: every screen opens, lists run a constant number
of queries, both languages can be entered and a bad value is shown next to its field."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Agency, AgencyKind, Country, CountryGroup, PartnerSystem, PartnerToken
from tests import factories
from tests.factories import country

pytestmark = pytest.mark.django_db

# Countries and country groups come from the reference data; agencies are built.
BUILDERS = {
    Country: lambda: country("COL"),
    CountryGroup: lambda: CountryGroup.objects.get(code="FEALAC"),
    Agency: lambda: factories.AgencyFactory(),
}


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def changelist_query_count(client, model, rows, monkeypatch):
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", rows)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows
    return len(queries)


def test_every_partners_model_has_an_admin():
    registered = {model for model in admin.site._registry if model._meta.app_label == "partners"}
    assert registered == set(BUILDERS) | {PartnerSystem, PartnerToken}  # API access: tests/api/test_tokens.py


@pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)
def test_changelist_search_add_and_change_pages_open(admin_client, model):
    instance = BUILDERS[model]()
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "changelist"), {"q": "a"}).status_code == 200  # search_fields resolve
    assert admin_client.get(url(model, "add")).status_code == 200
    assert admin_client.get(url(model, "change", instance.pk)).status_code == 200


@pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)
def test_changelist_runs_the_same_number_of_queries_for_2_and_6_rows(admin_client, model, monkeypatch):
    if model is Agency:  # countries and groups are in the reference data already
        factories.AgencyFactory.create_batch(6)
    assert changelist_query_count(admin_client, model, 2, monkeypatch) == changelist_query_count(
        admin_client, model, 6, monkeypatch
    )


def test_changelist_search_finds_a_country_by_its_spanish_name(admin_client):
    response = admin_client.get(url(Country, "changelist"), {"q": "Filipinas"})
    assert [c.iso3 for c in response.context["cl"].result_list] == ["PHL"]


def test_an_agency_is_entered_with_english_and_spanish_descriptions(admin_client):
    response = admin_client.post(
        url(Agency, "add"),
        {
            "name": "Agencia Presidencial de Cooperación Internacional de Colombia",
            "acronym": "APC-Colombia",
            "slug": "apc-colombia-test",
            "kind": AgencyKind.COOPERATION_AGENCY,
            "country": country("COL").pk,
            "website": "",
            "description_en": "Colombia's cooperation agency.",
            "description_es": "La agencia de cooperación de Colombia.",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    agency = Agency.objects.get(slug="apc-colombia-test")
    assert (agency.description_en, agency.description_es) == (
        "Colombia's cooperation agency.",
        "La agencia de cooperación de Colombia.",
    )


def test_a_bad_m49_code_is_shown_next_to_its_field_and_nothing_is_saved(admin_client):
    response = admin_client.post(
        url(CountryGroup, "add"),
        {
            "name_en": "Test Network",
            "name_es": "",
            "code": "TESTNET",
            "slug": "testnet",
            "kind": "network",
            "description_en": "",
            "description_es": "",
            "website": "",
            "founded_year": "2001",
            "m49_code": "12",
            "parent": "",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["m49_code"] == ["An M49 code has three digits."]
    assert "An M49 code has three digits." in response.content.decode()
    assert not CountryGroup.objects.filter(code="TESTNET").exists()
