"""CSV of every list (`?format=csv`), with the same filters, streamed."""

import csv
import io

import pytest

from tests import factories
from tests.api.conftest import LIST_RESOURCES

pytestmark = pytest.mark.django_db

LISTS = LIST_RESOURCES


def rows_of(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_exports_csv_streamed(client, published, resource):
    response = client.get(f"/api/v1/{resource}/?format=csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = b"".join(response.streaming_content).decode().splitlines()[0]
    assert header.startswith("id,")


def test_the_csv_has_every_matching_row_with_related_records_by_code(client):
    theme = factories.ProgrammeFactory(title="Green", slug="green", modality="triangular")
    factories.ProgrammePartnerFactory(
        programme=theme, agency=factories.AgencyFactory(slug="apc"), role="facilitating"
    )
    factories.ProgrammeFactory.create_batch(30, modality="triangular")
    factories.ProgrammeFactory(slug="bilateral", modality="bilateral")

    rows = rows_of(client.get("/api/v1/programmes/?format=csv&modality=triangular"))

    assert len(rows) == 31  # no pages
    green = next(row for row in rows if row["slug"] == "green")
    assert green["partners"] == "apc:facilitating"
    assert green["start_date"] == "2022-01-01"
    assert green["public_url"] == "http://testserver/programmes/green/"
    assert "bilateral" not in {row["slug"] for row in rows}


def test_cells_that_would_be_formulas_are_defused(client):
    factories.ProgrammeFactory(title='=HYPERLINK("http://evil")', slug="evil")
    row = rows_of(client.get("/api/v1/programmes/?format=csv"))[0]
    assert row["title"].startswith("'=")


def test_bad_filters_in_csv_are_a_400_naming_the_field(client):
    response = client.get("/api/v1/programmes/?format=csv&country=XXX")
    assert response.status_code == 400
    assert "country" in response.content.decode()


def test_personal_data_csv_is_empty_for_anonymous_clients(client, published):
    assert rows_of(client.get("/api/v1/participations/?format=csv")) == []


def test_on_activities_format_is_both_the_output_and_the_activity_format_filter(client):
    factories.StudyTourFactory(slug="online", format="virtual", host_country=None)
    factories.StudyTourFactory(slug="visit")
    assert [row["slug"] for row in rows_of(client.get("/api/v1/study-tours/?format=virtual&format=csv"))] == [
        "online"
    ]
    assert [row["slug"] for row in client.get("/api/v1/study-tours/?format=virtual").json()["results"]] == [
        "online"
    ]
    assert client.get("/api/v1/study-tours/?format=csv").streaming
