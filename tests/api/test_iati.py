"""The IATI activity XML export (programmes/iati.py, programmes/api/iati.py): it validates against the
official IATI 2.03 schema (loaded offline from programmes/data/iati/), writes only codes from the IATI
codelists, shows published programmes only and streams with a constant number of queries."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from partners.models import AgencyKind, PublicationStatus
from programmes.choices import Modality, PartnerRole, ProgrammeStatus
from programmes.models import Programme, SustainableDevelopmentGoal, Theme
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    EventFactory,
    ProgrammeFactory,
    ProgrammePartnerFactory,
    country,
)

pytestmark = pytest.mark.django_db

IATI_DIR = Path(__file__).resolve().parents[2] / "programmes" / "data" / "iati"
FEED = "/api/v1/iati/activities.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def schema():
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(IATI_DIR / "iati-activities-schema.xsd"), parser))


def codes(codelist):
    """The active codes of an IATI codelist copied into programmes/data/iati/codelists/."""
    root = etree.parse(str(IATI_DIR / "codelists" / f"{codelist}.xml"))
    return {item.findtext("code") for item in root.iter("codelist-item") if item.get("status") != "withdrawn"}


def fetch(client, url, schema):
    """The XML document at `url`, read to the end of the stream, checked against the IATI schema."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.streaming
    document = etree.fromstring(b"".join(response.streaming_content))
    schema.assertValid(document)
    assert document.get("version") == "2.03"
    return document


def activity_of(document, programme):
    [activity] = [
        a
        for a in document.findall("iati-activity")
        if a.findtext("iati-identifier").endswith(f"-P{programme.pk}")
    ]
    return activity


def assert_codes_in_codelists(document):
    for activity in document.findall("iati-activity"):
        assert activity.find("activity-status").get("code") in codes("ActivityStatus")
        assert {d.get("type") for d in activity.findall("activity-date")} <= codes("ActivityDateType")
        for org in activity.findall("participating-org"):
            assert org.get("role") in codes("OrganisationRole")
            assert org.get("type") in codes("OrganisationType")
        assert activity.find("reporting-org").get("type") in codes("OrganisationType")
        assert {c.get("code") for c in activity.findall("recipient-country")} <= codes("Country")
        assert {t.get("vocabulary") for t in activity.findall("tag")} <= codes("TagVocabulary")
        assert {t.get("code") for t in activity.findall("tag[@vocabulary='2']")} <= codes("UNSDG-Goals")
        for collaboration in activity.findall("collaboration-type"):
            assert collaboration.get("code") in codes("CollaborationType")
        currencies = {v.get("currency") for v in activity.findall("budget/value")}
        currencies |= {activity.get("default-currency")} - {None}
        assert currencies <= codes("Currency")
        countries = activity.findall("recipient-country")
        if countries:
            assert sum(Decimal(c.get("percentage")) for c in countries) == 100
        identifier = activity.findtext("iati-identifier")
        assert identifier.startswith(activity.find("reporting-org").get("ref") + "-")


def triangular_programme():
    """A triangular programme with five partner roles, three host countries (one draft activity in a
    fourth), a budget, Spanish text, a theme and two SDGs."""
    programme = ProgrammeFactory(
        title="Triangular programme on value chains",
        title_es="Programa triangular sobre cadenas de valor",
        summary="Peer learning on value chains.",
        summary_es="Aprendizaje entre pares sobre cadenas de valor.",
        description="Three study tours and a workshop.",
        modality=Modality.TRIANGULAR,
        status=ProgrammeStatus.ACTIVE,
        start_date=datetime.date(2023, 3, 1),
        end_date=datetime.date(2027, 2, 28),
        budget=Decimal("1250000.50"),
        currency="USD",
        external_id="TRI-2023-01",
    )
    programme.themes.add(Theme.objects.get(slug="value-chains"))
    programme.sdgs.add(*SustainableDevelopmentGoal.objects.filter(number__in=[8, 17]))
    for role, kind, iso3 in [
        (PartnerRole.LEAD, AgencyKind.UN_ENTITY, None),
        (PartnerRole.FUNDING, AgencyKind.DEVELOPMENT_BANK, None),
        (PartnerRole.FACILITATING, AgencyKind.COOPERATION_AGENCY, "KOR"),
        (PartnerRole.PROVIDING, AgencyKind.COOPERATION_AGENCY, "COL"),
        (PartnerRole.RECEIVING, AgencyKind.GOVERNMENT, "SLV"),
    ]:
        agency = AgencyFactory(kind=kind, country=country(iso3) if iso3 else None)
        ProgrammePartnerFactory(programme=programme, agency=agency, role=role)
    owner = programme.owner
    ActivityFactory(programme=programme, owner=owner, host_country=country("COL"))
    ActivityFactory(programme=programme, owner=owner, host_country=country("COL"))
    EventFactory(programme=programme, owner=owner, host_country=country("THA"))
    ActivityFactory(
        programme=programme,
        owner=owner,
        host_country=country("KEN"),
        publication_status=PublicationStatus.DRAFT,
    )
    return programme


def test_demo_data_feed_validates_against_the_iati_schema(client, schema):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    document = fetch(client, FEED, schema)
    published = Programme.objects.published()
    assert published.exists()
    assert len(document.findall("iati-activity")) == published.count()
    assert_codes_in_codelists(document)


def test_demo_programme_alone_validates_against_the_iati_schema(client, schema):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    programme = Programme.objects.published().first()
    document = fetch(client, f"/api/v1/iati/activities/{programme.slug}.xml", schema)
    [activity] = document.findall("iati-activity")
    assert activity.findtext("title/narrative") == programme.title_en


def test_triangular_programme_maps_partners_countries_budget_and_spanish_text(client, schema):
    programme = triangular_programme()
    document = fetch(client, f"/api/v1/iati/activities/{programme.slug}.xml", schema)
    assert_codes_in_codelists(document)
    activity = activity_of(document, programme)

    assert activity.findtext("iati-identifier") == f"XX-SSCPORTAL-A{programme.owner.pk}-P{programme.pk}"
    assert activity.get("default-currency") == "USD"
    titles = {n.get(XML_LANG): n.text for n in activity.findall("title/narrative")}
    assert titles == {
        None: "Triangular programme on value chains",
        "es": "Programa triangular sobre cadenas de valor",
    }
    descriptions = {n.get(XML_LANG): n.text for n in activity.findall("description/narrative")}
    assert descriptions[None] == "Peer learning on value chains.\n\nThree study tours and a workshop."
    assert descriptions["es"] == "Aprendizaje entre pares sobre cadenas de valor."
    roles = sorted(org.get("role") for org in activity.findall("participating-org"))
    assert roles == ["1", "2", "3", "4", "4"]  # funding, lead, facilitating, providing and receiving
    assert activity.find("other-identifier").attrib == {"ref": "TRI-2023-01", "type": "A1"}
    assert activity.find("activity-status").get("code") == "2"
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"2": "2023-03-01", "3": "2027-02-28"}
    countries = {c.get("code"): c.get("percentage") for c in activity.findall("recipient-country")}
    assert countries == {"CO": "66.67", "TH": "33.33"}  # the draft activity in Kenya is left out
    tags = {(t.get("vocabulary"), t.get("code")) for t in activity.findall("tag")}
    assert tags == {("99", "value-chains"), ("99", "triangular"), ("2", "8"), ("2", "17")}
    theme = activity.find("tag[@code='value-chains']")
    assert theme.get("vocabulary-uri") == "http://testserver/programmes/?theme="
    assert {n.get(XML_LANG): n.text for n in theme.findall("narrative")} == {
        None: "Value chains",
        "es": "Cadenas de valor",
    }
    assert activity.find("collaboration-type").get("code") == "8"
    budget = activity.find("budget")
    assert budget.find("period-start").get("iso-date") == "2023-03-01"
    assert budget.find("period-end").get("iso-date") == "2027-02-28"
    assert budget.findtext("value") == "1250000.50"
    assert budget.find("value").get("currency") == "USD"
    link = activity.find("document-link")
    assert link.get("url") == f"http://testserver/programmes/{programme.slug}/"
    assert link.find("category").get("code") == "A12"


@pytest.mark.parametrize(
    ("modality", "collaboration_types"),
    [(Modality.BILATERAL, ["1"]), (Modality.REGIONAL, []), (Modality.TRIANGULAR, ["8"])],
)
def test_modality_gives_the_collaboration_type_iati_allows(client, schema, modality, collaboration_types):
    programme = ProgrammeFactory(modality=modality)
    activity = activity_of(fetch(client, FEED, schema), programme)
    assert [c.get("code") for c in activity.findall("collaboration-type")] == collaboration_types
    assert activity.find("tag[@vocabulary='99']").get("code") == modality


def test_three_host_countries_share_exactly_one_hundred_per_cent(client, schema):
    programme = ProgrammeFactory()
    for iso3 in ("COL", "THA", "KEN"):
        ActivityFactory(programme=programme, owner=programme.owner, host_country=country(iso3))
    activity = activity_of(fetch(client, FEED, schema), programme)
    countries = {c.get("code"): c.get("percentage") for c in activity.findall("recipient-country")}
    assert countries == {"CO": "33.34", "KE": "33.33", "TH": "33.33"}  # the spare hundredth: first code


def test_without_hosted_activities_the_receiving_partners_are_the_recipient_countries(client, schema):
    programme = ProgrammeFactory()
    ProgrammePartnerFactory(programme=programme, role=PartnerRole.RECEIVING, agency__country=country("SLV"))
    ProgrammePartnerFactory(programme=programme, role=PartnerRole.PROVIDING, agency__country=country("COL"))
    activity = activity_of(fetch(client, FEED, schema), programme)
    assert [(c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")] == [
        ("SV", "100")
    ]


def test_programme_without_partners_names_its_owner_as_accountable(client, schema):
    programme = ProgrammeFactory()
    activity = activity_of(fetch(client, FEED, schema), programme)
    [org] = activity.findall("participating-org")
    assert org.get("role") == "2"
    assert org.get("ref") == activity.find("reporting-org").get("ref")


@pytest.mark.parametrize(
    ("status", "start", "end", "expected"),
    [
        (ProgrammeStatus.PLANNED, "2030-01-01", "2031-12-31", {"1": "2030-01-01", "3": "2031-12-31"}),
        (ProgrammeStatus.ACTIVE, "2030-01-01", None, {"1": "2030-01-01"}),  # not begun yet: planned
        (ProgrammeStatus.COMPLETED, "2020-01-01", "2021-06-30", {"2": "2020-01-01", "4": "2021-06-30"}),
        (ProgrammeStatus.SUSPENDED, "2020-01-01", "2039-06-30", {"2": "2020-01-01", "3": "2039-06-30"}),
    ],
)
def test_activity_dates_are_actual_only_when_they_happened(client, schema, status, start, end, expected):
    programme = ProgrammeFactory(
        status=status,
        start_date=datetime.date.fromisoformat(start),
        end_date=end and datetime.date.fromisoformat(end),
    )
    activity = activity_of(fetch(client, FEED, schema), programme)
    assert {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")} == expected


def test_budget_without_an_end_date_is_left_out(client, schema):
    programme = ProgrammeFactory(budget=Decimal("1000"), currency="EUR", end_date=None)
    activity = activity_of(fetch(client, FEED, schema), programme)
    assert activity.find("budget") is None
    assert activity.get("default-currency") == "EUR"


def test_control_characters_in_text_still_give_valid_xml(client, schema):
    programme = ProgrammeFactory(title="Bad\x08 title\x0b <&>", summary="Line\x1f one")
    activity = activity_of(fetch(client, FEED, schema), programme)
    assert activity.findtext("title/narrative") == "Bad title <&>"


def test_drafts_and_programmes_in_review_never_appear(client, schema):
    published = ProgrammeFactory()
    draft = ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    in_review = ProgrammeFactory(publication_status=PublicationStatus.IN_REVIEW)
    document = fetch(client, FEED, schema)
    identifiers = [a.findtext("iati-identifier") for a in document.findall("iati-activity")]
    assert [i.rsplit("-P", 1)[1] for i in identifiers] == [str(published.pk)]
    for programme in (draft, in_review):
        assert client.get(f"/api/v1/iati/activities/{programme.slug}.xml").status_code == 404


def test_unknown_programme_is_not_found(client):
    assert client.get("/api/v1/iati/activities/no-such-programme.xml").status_code == 404


def test_signed_in_staff_get_only_published_programmes_too(admin_client, schema):
    published = ProgrammeFactory()
    ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    document = fetch(admin_client, FEED, schema)
    assert [a.findtext("iati-identifier") for a in document.findall("iati-activity")] == [
        f"XX-SSCPORTAL-A{published.owner.pk}-P{published.pk}"
    ]


def test_with_nothing_published_the_feed_is_an_empty_well_formed_file(client):
    ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    response = client.get(FEED)
    document = etree.fromstring(b"".join(response.streaming_content))
    assert document.tag == "iati-activities"
    assert len(document) == 0


def test_writes_are_not_allowed(client):
    assert client.post(FEED).status_code == 405


def test_feed_makes_the_same_number_of_queries_for_two_and_six_programmes(client, schema):
    def queries():
        with CaptureQueriesContext(connection) as context:
            document = fetch(client, FEED, schema)
        return len(context.captured_queries), len(document.findall("iati-activity"))

    for _ in range(2):
        triangular_programme()
    two = queries()
    for _ in range(4):
        triangular_programme()
    six = queries()
    assert two[1] == 2 and six[1] == 6
    assert two[0] == six[0]
