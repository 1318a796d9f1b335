"""The reference data every portal starts with: all ISO countries in their M49 regions, the groups."""

import csv

import pytest
from django.core.management import call_command

from partners.models import Country, CountryGroup, CountryGroupKind
from partners.refdata import DATA_DIR, load_reference_data

pytestmark = pytest.mark.django_db


def csv_rows(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_iso_country_is_present_with_its_region():
    rows = csv_rows("countries.csv")
    assert len(rows) == 249
    countries = {c.iso3: c for c in Country.objects.select_related("region", "subregion")}
    assert len(countries) == 249
    for row in rows:
        country = countries[row["alpha3"]]
        assert country.iso2 == row["alpha2"]
        assert country.m49_code == row["numeric"]
        if row["region_code"]:
            assert country.region.m49_code == row["region_code"]
            assert country.region.name_en == row["region_name"]
            assert country.subregion.m49_code == row["subregion_code"]
        else:
            assert country.region is None  # Antarctica has no M49 region


def test_countries_carry_spanish_names_flags_and_income_group():
    colombia = Country.objects.get(iso3="COL")
    assert (colombia.name_en, colombia.name_es) == ("Colombia", "Colombia")
    assert colombia.region.name_es == "Américas"
    assert colombia.subregion.name_en == "Latin America and the Caribbean"
    assert colombia.intermediate_region.name_en == "South America"
    assert colombia.income_group == "upper-middle"
    assert Country.objects.get(iso3="AFG").is_ldc and Country.objects.get(iso3="AFG").is_lldc
    assert Country.objects.get(iso3="FJI").is_sids
    assert Country.objects.filter(is_ldc=True).count() == 44
    assert Country.objects.filter(is_lldc=True).count() == 32


def test_regions_form_a_hierarchy_and_list_their_members():
    latin_america = CountryGroup.objects.get(code="M49-419")
    assert latin_america.kind == CountryGroupKind.GEOGRAPHIC_REGION
    assert latin_america.parent.code == "M49-019"
    assert latin_america.members.filter(iso3="GTM").exists()
    assert (
        CountryGroup.objects.get(code="M49-142").members.count()
        == Country.objects.filter(region__code="M49-142").count()
    )


def test_groups_have_their_members_and_kinds():
    expected = {row["group_code"] for row in csv_rows("country_groups.csv")}
    assert expected == {"ASEAN", "SAARC", "CARICOM", "CELAC", "APEC", "FEALAC"}
    fealac = CountryGroup.objects.get(code="FEALAC")
    assert fealac.members.count() == 36
    assert fealac.kind == CountryGroupKind.INTERREGIONAL_PLATFORM
    assert fealac.founded_year == 1999  # launched 1999 (proposed 1998), per SOURCES.md
    assert CountryGroup.objects.get(code="ASEAN").members.count() == 11
    assert CountryGroup.objects.get(code="APEC").kind == CountryGroupKind.INTERREGIONAL_PLATFORM


def test_loading_again_changes_nothing():
    def snapshot():
        return (
            list(Country.objects.order_by("iso3").values_list()),
            list(CountryGroup.objects.order_by("code").values_list()),
            sorted(CountryGroup.members.through.objects.values_list("countrygroup_id", "country_id")),
        )

    before = snapshot()
    load_reference_data()
    call_command("load_reference_data", verbosity=0)
    assert snapshot() == before


def test_loading_repairs_a_changed_membership():
    fealac = CountryGroup.objects.get(code="FEALAC")
    fealac.members.remove(Country.objects.get(iso3="COL"))
    fealac.members.add(Country.objects.get(iso3="FRA"))
    load_reference_data()
    assert fealac.members.filter(iso3="COL").exists()
    assert not fealac.members.filter(iso3="FRA").exists()


def test_sources_are_shipped_with_the_data():
    assert (DATA_DIR / "SOURCES.md").exists()
