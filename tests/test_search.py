"""Site search (/search/?q=) and the one search rule behind it (SearchQuerySet.search), which the list
pages' `q` filters share: what the visitor may view only, grouped by kind, in both languages, with a
constant number of queries, and never a server error whatever the text."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners.models import SEARCH_MAX_LENGTH, Agency, Country, PublicationStatus, search_text
from programmes.models import Activity, Practice, Programme
from sscportal.search import SearchView
from tests import factories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def text(response):
    return " ".join(response.content.decode().split())


def search(client, q, prefix=""):
    response = client.get(f"{prefix}/search/", {"q": q})
    assert response.status_code == 200
    return response


def found(response, key):
    """The rows of one group of results."""
    return next(group["rows"] for group in response.context["groups"] if group["key"] == key)


def totals(response):
    return {group["key"]: group["total"] for group in response.context["groups"]}


# The page ------------------------------------------------------------------------------------------


def test_search_is_at_search_in_both_languages():
    assert reverse("search") == "/search/"
    with translation.override("es"):
        assert reverse("search") == "/es/search/"


def test_without_a_query_the_page_shows_a_labelled_form_and_a_hint(client):
    response = search(client, "")
    page = text(response)
    assert '<label for="search-q">' in page and 'name="q"' in page and 'role="search"' in page
    assert "Enter a word or two above" in page
    assert response.context["groups"] == []
    assert "<title>Search — SSC Portal</title>" in page


def test_finds_each_kind_and_links_to_its_public_page_with_its_summary(client):
    programme = factories.ProgrammeFactory(
        title="Mangrove restoration programme", summary="Coastal mangroves."
    )
    tour = factories.StudyTourFactory(title="Mangrove study tour", summary="Visit to mangrove nurseries.")
    event = factories.EventFactory(title="Workshop on mangrove finance")
    practice = factories.PracticeFactory(title="Mangrove credits", summary="A carbon credit scheme.")
    agency = factories.AgencyFactory(name="Mangrove Institute", acronym="MI")
    response = search(client, "mangrove")
    assert [row.pk for row in found(response, "programmes")] == [programme.pk]
    assert [row.pk for row in found(response, "study_tours")] == [tour.pk]
    assert [row.pk for row in found(response, "events")] == [event.pk]
    assert [row.pk for row in found(response, "practices")] == [practice.pk]
    assert [row.pk for row in found(response, "agencies")] == [agency.pk]
    assert totals(response) == {
        "programmes": 1,
        "study_tours": 1,
        "events": 1,
        "practices": 1,
        "countries": 0,
        "agencies": 1,
    }
    page = text(response)
    for record in (programme, tour, event, practice, agency):
        assert f'href="{record.get_absolute_url()}"' in page
    assert "Coastal mangroves." in page and "A carbon credit scheme." in page
    assert "5 results for “mangrove”" in page
    assert "<title>Search: mangrove — SSC Portal</title>" in page


def test_finds_countries_by_english_or_spanish_name_and_by_iso_code(client):
    assert [c.iso3 for c in found(search(client, "Colombia"), "countries")] == ["COL"]
    assert "MEX" in [c.iso3 for c in found(search(client, "México"), "countries")]
    assert [c.iso3 for c in found(search(client, "fji"), "countries")] == ["FJI"]


def test_every_word_must_match_in_any_order_across_title_and_summary(client):
    both = factories.ProgrammeFactory(title="Export promotion", summary="For women entrepreneurs.")
    factories.ProgrammeFactory(title="Export promotion", summary="For cooperatives.")
    assert list(Programme.objects.search("women export")) == [both]


def test_links_to_the_full_filtered_list_which_finds_the_same_rows(client):
    for number in range(3):
        factories.ProgrammeFactory(title=f"Blue economy dialogue {number}")
    factories.ProgrammeFactory(title="Something else")
    response = search(client, "blue economy")
    assert totals(response)["programmes"] == 3
    assert 'href="/programmes/?q=blue+economy"' in text(response)
    listed = client.get("/programmes/", {"q": "blue economy"}).context["object_list"]
    assert {row.pk for row in listed} == {row.pk for row in found(response, "programmes")}


def test_shows_at_most_ten_per_kind_with_the_count_of_all(client):
    for number in range(12):
        factories.StudyTourFactory(title=f"Quinoa value chains tour {number}")
    factories.EventFactory(title="Quinoa fair")
    response = search(client, "quinoa")
    assert len(found(response, "study_tours")) == SearchView.per_group == 10
    assert totals(response)["study_tours"] == 12 and totals(response)["events"] == 1
    assert "Show all 12 matches in the full list" in text(response)


def test_when_nothing_matches_the_page_says_so_and_suggests_what_to_try(client):
    page = text(search(client, "zyzzyva"))
    assert "Nothing matches “zyzzyva”." in page and "try the word in the other language" in page


# Who sees what -------------------------------------------------------------------------------------


def test_drafts_and_records_in_review_never_appear_for_anonymous_visitors(client):
    factories.ProgrammeFactory(title="Secret cocoa programme", publication_status=PublicationStatus.DRAFT)
    factories.StudyTourFactory(title="Secret cocoa tour", publication_status=PublicationStatus.IN_REVIEW)
    factories.EventFactory(title="Secret cocoa workshop", publication_status=PublicationStatus.DRAFT)
    factories.PracticeFactory(title="Secret cocoa practice", publication_status=PublicationStatus.DRAFT)
    response = search(client, "cocoa")
    assert sum(totals(response).values()) == 0
    assert "Secret" not in text(response)


def test_agency_staff_also_find_their_own_agency_drafts(client):
    agency = factories.AgencyFactory()
    draft = factories.ProgrammeFactory(
        title="Cocoa draft", owner=agency, publication_status=PublicationStatus.DRAFT
    )
    factories.ProgrammeFactory(title="Cocoa other draft", publication_status=PublicationStatus.DRAFT)
    client.force_login(factories.agency_user("editor", agency))
    assert [row.pk for row in found(search(client, "cocoa"), "programmes")] == [draft.pk]


def test_participants_are_never_searched(client):
    factories.ParticipationFactory(participant__name="Wanjiru Kamau", participant__email="wk@example.org")
    response = search(client, "Wanjiru")
    assert sum(totals(response).values()) == 0
    assert "wk@example.org" not in text(response)


# Languages -----------------------------------------------------------------------------------------


def test_spanish_page_finds_a_programme_by_its_spanish_title(client):
    programme = factories.ProgrammeFactory(title="Green jobs", title_es="Empleos verdes para jóvenes")
    response = search(client, "jóvenes", prefix="/es")
    assert [row.pk for row in found(response, "programmes")] == [programme.pk]
    assert "Empleos verdes para jóvenes" in text(response)


# Bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "x" * 5000,
        '"unclosed quote',
        "&|!:*",
        "a & b | !c:* <-> (d",
        "'; DROP TABLE programmes_programme; --",
        "-",
        "or",
        "naïve 中文 😀",
        "null\x00byte",
        "\\",
        "'",
    ],
)
def test_strange_or_long_text_never_gives_a_server_error(client, q):
    factories.ProgrammeFactory(title="Something to search")
    response = search(client, q)
    assert len(response.context["q"]) <= SEARCH_MAX_LENGTH


def test_the_text_is_cleaned_and_cut_to_200_characters():
    assert search_text("  green\x00\n\ttransition  ") == "green transition"
    assert len(search_text("word " * 100)) <= SEARCH_MAX_LENGTH
    assert search_text(None) == ""


def test_the_list_pages_q_filter_never_gives_a_server_error(client):
    for path in ("/programmes/", "/study-tours/", "/events/", "/countries/", "/agencies/"):
        for q in ('"', "&|!:*", "x" * 500):
            assert client.get(path, {"q": q}).status_code == 200


# Queries -------------------------------------------------------------------------------------------


def make_matches(count):
    for number in range(count):
        programme = factories.ProgrammeFactory(title=f"Cashew processing {number}")
        factories.StudyTourFactory(title=f"Cashew tour {number}", programme=programme)
        factories.EventFactory(title=f"Cashew workshop {number}", programme=programme)
        factories.PracticeFactory(title=f"Cashew grading {number}")
        factories.AgencyFactory(name=f"Cashew board {number}")


def test_the_number_of_queries_does_not_grow_with_the_number_of_results(client, django_assert_num_queries):
    make_matches(2)
    with CaptureQueriesContext(connection) as few:
        assert sum(totals(search(client, "cashew")).values()) == 10
    make_matches(4)
    with django_assert_num_queries(len(few)):
        assert sum(totals(search(client, "cashew")).values()) == 30


# PostgreSQL: the GIN full-text indexes -------------------------------------------------------------


@on_postgresql
@pytest.mark.parametrize(
    ("model", "index"),
    [(Programme, "programme_search"), (Activity, "activity_search"), (Practice, "practice_search")],
)
def test_postgresql_full_text_search_uses_the_gin_index(model, index):
    with connection.cursor() as cursor:  # the test's transaction: these end with it
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for q in ("green transition", '"green transition" or sme -draft'):
        plan = model.objects.search(q).explain()
        assert f"Bitmap Index Scan on {index}" in plan, plan


def test_best_first_puts_matches_in_the_title_before_matches_in_the_summary_only():
    newer = factories.ProgrammeFactory(
        title="Tourism", summary="A little about coffee.", start_date=datetime.date(2025, 1, 1)
    )
    older = factories.ProgrammeFactory(title="Coffee growers", start_date=datetime.date(2020, 1, 1))
    assert list(Programme.objects.search("coffee", by_relevance=True)) == [older, newer]
    assert list(Programme.objects.search("coffee")) == [newer, older]  # the model's order


def test_study_tours_and_events_come_from_one_query_each_kind_best_first(client):
    newer = factories.StudyTourFactory(
        title="Tour of farms", summary="Some coffee.", start_date=datetime.date(2025, 1, 1), end_date=None
    )
    older = factories.StudyTourFactory(
        title="Coffee tour", start_date=datetime.date(2020, 1, 1), end_date=None
    )
    event = factories.EventFactory(title="Coffee cupping workshop")
    found_per_kind = Activity.objects.search_results_per("kind", "coffee", 10)
    assert found_per_kind == {"study_tour": ([older, newer], 2), "event": ([event], 1)}
    response = search(client, "coffee")
    assert found(response, "study_tours") == [older, newer] and found(response, "events") == [event]


@on_postgresql
def test_postgresql_reads_phrases_or_and_minus_as_web_search_engines_do():
    phrase = factories.ProgrammeFactory(title="Green transition in cities")
    other = factories.ProgrammeFactory(title="Transition to green cities")
    assert set(Programme.objects.search('"green transition"')) == {phrase}
    assert set(Programme.objects.search("green -cities")) == set()
    assert set(Programme.objects.search("transition or nothing")) == {phrase, other}


def test_a_word_also_matches_as_the_start_of_a_longer_word():
    assert set(Country.objects.search("colom").values_list("iso3", flat=True)) == {"COL"}
    factories.AgencyFactory(name="Entrepreneurship Agency")
    assert Agency.objects.search("entrepre").count() == 1
