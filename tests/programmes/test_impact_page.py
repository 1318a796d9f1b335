"""The impact page (/impact/): outcome figures with their denominators, charts with their tables and
CSV downloads, the programme list's filters, published records only, no personal data, a constant
number of queries."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PublicationStatus
from programmes.charts import columns, flow_diagram, funnel
from programmes.indicators import Flow, adoption_pipeline, outcome_records
from tests import factories
from tests.programmes.test_indicators import adoption, took_part

pytestmark = pytest.mark.django_db

IMPACT = "/impact/"


def text(response):
    """The page's text with tags removed (and its markup kept in attributes: hrefs stay readable)."""
    html = re.sub(r"<(?!a )[^>]+>", "", response.content.decode())
    return " ".join(html.split())


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def outcomes():
    """A study tour in Colombia with three participations (two answered, one applies) and two adoptions."""
    tour = factories.StudyTourFactory(start_date=datetime.date(2024, 11, 18))
    took_part(tour, country="CRI", answers=[(True, True)])
    took_part(tour, country="GTM", answers=[(False, False)])
    took_part(tour, country="PHL", participant__name="Ana Secret", participant__email="ana@example.org")
    adoption(
        "MYS",
        "CRI",
        [("interest", datetime.date(2025, 1, 1)), ("piloting", datetime.date(2025, 3, 2))],
        activity=tour,
    )
    adoption("COL", "PHL", [("interest", datetime.date(2025, 2, 1))], activity=tour)
    return tour


def test_the_page_says_each_share_with_what_it_is_a_share_of(client, outcomes):
    page = text(client.get(IMPACT))
    assert "50 per cent" in page and "1 of 2 who answered, out of 3 who took part" in page
    assert "67 per cent" in page  # coverage: 2 of 3 answered
    assert "Ana Secret" not in page and "ana@example.org" not in page


def test_drafts_never_count_on_the_page(client, outcomes):
    draft_tour = factories.StudyTourFactory(publication_status=PublicationStatus.DRAFT)
    took_part(draft_tour, answers=[(True, True)])
    adoption(
        "MYS", "GTM", [("interest", datetime.date(2025, 1, 1))], publication_status=PublicationStatus.DRAFT
    )
    response = client.get(IMPACT)
    assert response.context["impact"].follow_up.participants == 3
    assert response.context["impact"].pipeline.total == 2


def test_empty_data_says_there_is_nothing_yet(client):
    page = text(client.get(IMPACT))
    assert "No follow-up responses yet" in page
    assert "<svg" not in page  # no empty charts


def test_the_charts_are_accessible_svg_with_unlocalised_coordinates(client, outcomes):
    for path in (IMPACT, "/es" + IMPACT):
        page = client.get(path).content.decode()
        assert page.count('role="img"') == 3
        assert 'aria-labelledby="pipeline-chart-title pipeline-chart-desc"' in page
        assert '<title id="flows-chart-title">' in page and "<desc" in page
        assert 'width="0,' not in page and 'y="0,' not in page  # no decimal commas in Spanish
        assert "style=" not in page  # the Content Security Policy allows no inline styles


def test_the_filters_choose_the_programmes_counted(client, outcomes):
    other = factories.StudyTourFactory(host_country=factories.country("THA"))
    took_part(other, country="THA", answers=[(True, False)])
    everything = client.get(IMPACT).context["impact"]
    assert everything.follow_up.participants == 4
    americas = client.get(IMPACT, {"country": "COL"}).context
    assert americas["filtered"] and americas["impact"].follow_up.participants == 3
    assert americas["impact"].pipeline.total == 2


@pytest.mark.parametrize("query", ["?region=nowhere", "?year=abc", "?country=XXX&theme=none", "?sdg=99"])
def test_bad_filters_are_shown_as_errors_and_left_out(client, outcomes, query):
    response = client.get(IMPACT + query)
    assert response.status_code == 200
    assert response.context["impact"].follow_up.participants == 3


def test_each_table_downloads_as_csv_with_the_page_filters(client, outcomes):
    response = client.get(IMPACT + "follow-up-by-country.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="follow-up-by-country.csv"' in response["Content-Disposition"]
    table = rows(response)
    assert table[0][:3] == ["Country", "Took part", "Answered the follow-up"]
    assert ["Costa Rica", "1", "1", "100", "1", "100", "1", "100"] in table
    assert ["Philippines", "1", "0", "0", "0", "", "0", ""] in table  # no answer: no percentage
    pipeline = rows(client.get(IMPACT + "adoption-pipeline.csv"))
    assert pipeline[1][:3] == ["Interest", "1", "2"] and pipeline[3][:5] == [
        "Piloting",
        "1",
        "1",
        "1",
        "60.0",
    ]
    assert len(rows(client.get(IMPACT + "flows-by-country.csv", {"country": "THA"}))) == 1  # headers only
    subregions = rows(client.get(IMPACT + "flows-by-subregion.csv"))
    assert subregions[0][:2] == ["Practice from", "Adopted in"]
    assert sorted(row[:2] + row[-1:] for row in subregions[1:]) == [
        ["Latin America and the Caribbean", "South-eastern Asia", "1"],
        ["South-eastern Asia", "Latin America and the Caribbean", "1"],
    ]
    spanish_subregions = rows(client.get("/es" + IMPACT + "flows-by-subregion.csv"))
    assert spanish_subregions[1][:2] == ["América Latina y el Caribe", "Asia sudoriental"]  # by name
    by_country = rows(client.get(IMPACT + "adoptions-by-adopting-country.csv"))
    assert by_country[0][-4:] == [
        "Average days to “Adapting”",
        "Average days to “Piloting”",
        "Average days to “Adopted”",
        "Average days to “Scaled”",
    ]
    assert sorted(by_country[1:]) == [  # stages now, all, then days from the stage before (none: empty)
        ["Costa Rica", "0", "0", "1", "0", "0", "1", "", "60.0", "", ""],
        ["Philippines", "1", "0", "0", "0", "0", "1", "", "", "", ""],
    ]
    reach_rows = rows(client.get(IMPACT + "programmes-reach.csv"))
    assert reach_rows[1] == [outcomes.programme.title, "0", "0", "3", "3"]
    spanish = rows(client.get("/es" + IMPACT + "follow-up-by-country.csv"))
    assert spanish[0][0] == "País"


def test_the_page_links_each_table_to_its_csv_with_the_filters(client, outcomes):
    page = client.get(IMPACT, {"country": "COL"}).content.decode()
    assert 'href="/impact/flows-by-region.csv?country=COL"' in page
    assert 'href="/impact/flows-by-subregion.csv?country=COL"' in page


def test_an_unknown_table_is_not_found(client):
    assert client.get(IMPACT + "participants-names.csv").status_code == 404


def test_the_page_makes_the_same_number_of_queries_for_little_and_much_data(client, outcomes):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    few = queries(IMPACT), queries(IMPACT + "?region=M49-019"), queries(IMPACT + "flows-by-country.csv")
    for iso3 in ("THA", "VNM", "IDN", "PER"):
        tour = factories.StudyTourFactory(host_country=factories.country(iso3), end_date=None)
        took_part(tour, country=iso3, answers=[(True, False)])
        adoption("COL", iso3, [("interest", datetime.date(2025, 1, 1))], activity=tour)
    assert (
        queries(IMPACT),
        queries(IMPACT + "?region=M49-019"),
        queries(IMPACT + "flows-by-country.csv"),
    ) == few


def test_the_funnel_draws_reached_and_now_in_proportion():
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1)), ("adopted", datetime.date(2025, 6, 1))])
    adoption("MYS", "GTM", [("interest", datetime.date(2025, 1, 1))])
    chart = funnel(adoption_pipeline(outcome_records().adoptions))
    bars = {bar.label: bar for bar in chart.bars}
    assert bars["Interest"].width == 2 * bars["Adopted"].width
    assert bars["Interest"].inner_width == bars["Adopted"].inner_width == bars["Adopted"].width
    assert bars["Scaled"].width == 0


def test_the_flow_diagram_gives_each_flow_a_band_as_wide_as_its_adoptions():
    flows = [Flow("Asia", "Americas", (0, 0, 3, 0, 0)), Flow("Americas", "Asia", (1, 0, 0, 0, 0))]
    chart = flow_diagram(flows)
    heights = {(node.side, node.label): node.height for node in chart.nodes}
    assert heights[("origin", "Asia")] == 3 * heights[("origin", "Americas")]
    assert {(link.origin, link.adopting, link.value) for link in chart.links} == {
        ("Asia", "Americas", 3),
        ("Americas", "Asia", 1),
    }
    assert flow_diagram([]).links == []


def test_columns_are_as_tall_as_their_values():
    chart = columns([(2023, 10, "10"), (2024, 5, "5")])
    assert chart.bars[0].height == 2 * chart.bars[1].height
    assert chart.bars[0].y + chart.bars[0].height == chart.baseline


def test_programme_and_activity_pages_show_their_outcomes(client, outcomes):
    for path in (outcomes.programme.get_absolute_url(), outcomes.get_absolute_url()):
        page = text(client.get(path))
        assert "50 per cent of followed-up participants now apply" in page
        assert "(1 of 2 who answered, out of 3 who took part)" in page
        assert "50 per cent say they fed a policy measure (1 of 2 who answered)" in page
        assert "2 reported adoptions of practices shown by other countries" in page


def test_country_and_agency_pages_show_the_outcomes_of_their_programmes_and_link_to_the_impact_page(
    client, outcomes
):
    colombia = text(client.get("/countries/col/"))  # the tour's host country
    assert "50 per cent of followed-up participants now apply" in colombia
    assert 'href="/impact/?country=COL"' in colombia
    elsewhere = text(client.get("/countries/tha/"))
    assert "No follow-up responses yet" in elsewhere
    partner = factories.ProgrammePartnerFactory(programme=outcomes.programme)
    agency = text(client.get(partner.agency.get_absolute_url()))
    assert "2 reported adoptions" in agency and f'href="/impact/?agency={partner.agency.slug}"' in agency


def test_a_draft_programme_is_counted_but_never_named(client):
    """A published study tour of a draft programme counts in the figures; the page, its CSV and the
    API's breakdown by programme show it as programmes not published, never the draft's title or slug."""
    draft = factories.ProgrammeFactory(
        title="Unannounced programme", slug="unannounced", publication_status=PublicationStatus.DRAFT
    )
    tour = factories.StudyTourFactory(programme=draft, owner=draft.owner)
    took_part(tour, answers=[(True, True)])
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1))], programme=draft, activity=tour)
    page = text(client.get(IMPACT))
    assert "Follow-up by programme" in page and "Programmes not published" in page
    table = rows(client.get("/impact/follow-up-by-programme.csv"))
    assert table[1][:3] == ["Programmes not published", "1", "1"]
    spanish = rows(client.get("/es/impact/follow-up-by-programme.csv"))
    assert spanish[1][0] == "Programas no publicados"
    follow_up = client.get("/api/v1/indicators/follow-up/?by=programme").json()
    pipeline = client.get("/api/v1/indicators/pipeline/?by=programme").json()
    assert [group["key"] for group in follow_up["groups"]] == [None]
    assert [group["key"] for group in pipeline["groups"]] == [None]
    for answer in (page, str(table), str(follow_up), str(pipeline)):
        assert "Unannounced" not in answer and "unannounced" not in answer


def test_a_table_makes_the_rows_a_page_shows_and_all_of_them_for_its_csv():
    from programmes.impact import PAGE_ROWS, Table

    made = []
    table = Table("numbers", "Numbers", ["n"], list(range(50)), lambda n: made.append(n) or [n])
    assert table.page_rows == [[n] for n in range(PAGE_ROWS)]
    assert made == list(range(PAGE_ROWS))  # only the rows the page shows
    assert table.is_cut and table.row_count == 50
    assert rows(table.csv_response()) == [["n"], *([str(n)] for n in range(50))]


def test_a_tables_rows_show_as_the_template_showed_each_cell(settings):
    """Table.page_rows_html makes the rows the template once made cell by cell: the first cell heads the
    row, other label cells are text, text is escaped, numbers are in the page's language and a missing
    figure is a dash."""
    from django.utils import translation

    from programmes.impact import Table

    cells = ["<b>Peru</b>", "Chile & Peru", 1234, 12.5, None]
    table = Table("t", "T", ["a", "b", "c", "d", "e"], [cells], label_columns=2)
    with translation.override("es"):
        assert table.page_rows_html == [
            '<tr><th scope="row">&lt;b&gt;Peru&lt;/b&gt;</th><td class="text">Chile &amp; Peru</td>'
            "<td>1234</td><td>12,5</td><td>—</td></tr>"
        ]
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("en"):
        assert "<td>1,234</td><td>12.5</td>" in table.page_rows_html[0]


def test_a_csv_download_counts_only_the_figures_of_its_table(client, outcomes):
    def tables_read(path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return {
            table
            for table in ("countedparticipation", "countedadoption")
            if any(f'"programmes_{table}"' in query["sql"] for query in queries)
        }

    assert tables_read(IMPACT) == {"countedparticipation", "countedadoption"}
    assert tables_read(IMPACT + "reach-by-gender.csv") == {"countedparticipation"}
    assert tables_read(IMPACT + "adoptions-by-practice.csv") == {"countedadoption"}


def test_a_table_of_the_first_groups_says_how_many_its_download_has():
    from programmes.impact import PAGE_ROWS, Table
    from programmes.indicators import Largest

    table = Table("numbers", "Numbers", ["n"], Largest(list(range(PAGE_ROWS)), 1234))
    assert table.row_count == 1234 and table.is_cut and len(table.page_rows) == PAGE_ROWS
    assert not Table("numbers", "Numbers", ["n"], Largest([1, 2], 2)).is_cut
