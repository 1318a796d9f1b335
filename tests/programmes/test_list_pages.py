"""The public list pages of programmes, study tours and events: filtered by querystring, paginated,
published rows only for the public, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import PublicationStatus
from programmes.choices import Modality
from programmes.filtersets import ActivityFilterSet, ProgrammeFilterSet
from programmes.models import Theme
from programmes.views import CapacityBuildingEventListView, ProgrammeListView, StudyTourListView
from tests import factories

pytestmark = pytest.mark.django_db

PROGRAMMES, STUDY_TOURS, EVENTS = "/programmes/", "/study-tours/", "/events/"


def text(response):
    return " ".join(response.content.decode().split())


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def make_programmes(count):
    green = Theme.objects.get_or_create(slug="green-transition", defaults={"name": "Green transition"})[0]
    for _ in range(count):
        programme = factories.ProgrammeFactory()
        programme.themes.add(green)
        programme.sdgs.add(8)
        factories.ProgrammePartnerFactory(programme=programme)
        factories.ProgrammePartnerFactory(
            programme=programme, agency=factories.AgencyFactory(country=factories.country("THA"))
        )


def make_activities(count):
    for _ in range(count):
        factories.StudyTourFactory().themes.add(Theme.objects.first())
        factories.EventFactory()


def test_urls_are_named_after_the_model():
    assert reverse("programmes:programme_list") == PROGRAMMES
    assert reverse("programmes:studytour_list") == STUDY_TOURS
    assert reverse("programmes:event_list") == EVENTS


def test_list_views_use_the_shared_filtersets():
    assert ProgrammeListView.filterset_class is ProgrammeFilterSet
    assert StudyTourListView.filterset_class is ActivityFilterSet
    assert CapacityBuildingEventListView.filterset_class is ActivityFilterSet


def test_programme_list_shows_each_programme_with_its_partners_and_themes(client):
    programme = factories.ProgrammeFactory(
        title="Interregional SME partnership", modality=Modality.TRIANGULAR
    )
    programme.themes.add(Theme.objects.get_or_create(slug="msme", defaults={"name": "MSME support"})[0])
    factories.ProgrammePartnerFactory(programme=programme, agency__acronym="APC")
    response = client.get(PROGRAMMES)
    assert response.status_code == 200
    page = text(response)
    assert f'<a href="{programme.get_absolute_url()}">Interregional SME partnership</a>' in page
    assert "Triangular" in page and "APC" in page and "MSME support" in page
    assert 'role="search"' in page and "<caption>1 programme</caption>" in page


def test_activity_lists_show_each_kind_on_its_own_page(client):
    tour = factories.StudyTourFactory(title="Visit to Bogota SMEs")
    event = factories.EventFactory(title="Workshop on ESG tools")
    tours, events = text(client.get(STUDY_TOURS)), text(client.get(EVENTS))
    assert tour.title in tours and event.title not in tours
    assert event.title in events and tour.title not in events
    assert (
        tour.programme.title in tours
        and f'Bogota, <a href="{tour.host_country.get_absolute_url()}">Colombia</a>' in tours
    )
    assert "Workshop" in events and "In person" in events


def test_filters_come_from_the_querystring(client):
    triangular = factories.ProgrammeFactory(title="Triangular one", modality=Modality.TRIANGULAR)
    factories.ProgrammeFactory(title="Bilateral one", modality=Modality.BILATERAL)
    response = client.get(PROGRAMMES, {"modality": "triangular"})
    assert list(response.context["object_list"]) == [triangular]
    tour = factories.StudyTourFactory(host_country=factories.country("MYS"))
    factories.StudyTourFactory()
    response = client.get(STUDY_TOURS, {"country": "mys"})
    assert list(response.context["object_list"]) == [tour]


def test_a_bad_filter_value_is_shown_as_an_error_and_left_out(client):
    factories.ProgrammeFactory()
    response = client.get(PROGRAMMES, {"country": "ZZZ", "year": "abc", "sdg": "99", "region": "x"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1
    assert set(response.context["filter"].errors) == {"country", "year", "sdg", "region"}
    page = text(response)
    assert "Some filters were not recognised" in page
    assert 'aria-describedby="id_country_error"' in page and 'id="id_country_error"' in page
    assert client.get(EVENTS, {"event_kind": "party", "year": "abc"}).status_code == 200


def test_empty_result_says_how_to_widen_the_search(client):
    factories.ProgrammeFactory(modality=Modality.BILATERAL)
    page = text(client.get(PROGRAMMES, {"modality": "triangular"}))
    assert "No programmes match these filters." in page
    assert f'<a href="{PROGRAMMES}">Clear the filters</a>' in page


def test_pagination_keeps_the_filters(client):
    for _ in range(27):
        factories.ProgrammeFactory(modality=Modality.TRIANGULAR)
    factories.ProgrammeFactory(modality=Modality.BILATERAL)
    response = client.get(PROGRAMMES, {"modality": "triangular"})
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 27
    page = text(response)
    assert 'href="?modality=triangular&amp;page=2"' in page
    assert 'aria-label="Pages"' in page
    second = client.get(PROGRAMMES, {"modality": "triangular", "page": 2})
    assert len(second.context["object_list"]) == 2
    assert 'href="?modality=triangular&amp;page=1"' in text(second)


def test_a_page_beyond_the_end_shows_the_last_page(client):
    for _ in range(26):
        factories.StudyTourFactory()
    response = client.get(STUDY_TOURS, {"page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert "That page does not exist; showing page 2." in text(response)
    assert client.get(PROGRAMMES, {"page": 5}).status_code == 200  # no rows at all
    assert client.get(EVENTS, {"page": "abc"}).status_code == 404


def test_drafts_are_never_listed_for_the_public(client):
    published = factories.ProgrammeFactory(title="Published programme")
    draft = factories.ProgrammeFactory(title="Draft programme", publication_status=PublicationStatus.DRAFT)
    factories.StudyTourFactory(
        title="Draft tour", programme=published, publication_status=PublicationStatus.DRAFT
    )
    factories.EventFactory(
        title="Draft event", programme=published, publication_status=PublicationStatus.DRAFT
    )
    assert list(client.get(PROGRAMMES).context["object_list"]) == [published]
    assert "Draft tour" not in text(client.get(STUDY_TOURS))
    assert "Draft event" not in text(client.get(EVENTS))
    assert draft.slug not in text(client.get(STUDY_TOURS))  # not even as a programme choice


def test_agency_staff_see_their_own_drafts_in_the_list(client):
    draft = factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    client.force_login(factories.agency_user("editor", draft.owner))
    assert draft in client.get(PROGRAMMES).context["object_list"]


def test_no_participant_personal_data_on_list_pages(client):
    participation = factories.ParticipationFactory(
        participant__name="Ana Secret", participant__email="ana.secret@example.org"
    )
    for path in (PROGRAMMES, STUDY_TOURS):
        page = text(client.get(path))
        assert participation.activity.title in page or participation.activity.programme.title in page
        assert "Ana Secret" not in page and "ana.secret@example.org" not in page


@pytest.mark.parametrize("query", ["", "?region=142&theme=green-transition&sdg=8&year=2023&sort=title"])
def test_programme_list_makes_the_same_number_of_queries_for_few_and_many_rows(client, query):
    make_programmes(2)
    few = queries_for(client, PROGRAMMES + query)
    make_programmes(4)
    assert queries_for(client, PROGRAMMES + query) == few


@pytest.mark.parametrize("path", [STUDY_TOURS, EVENTS])
def test_activity_lists_make_the_same_number_of_queries_for_few_and_many_rows(client, path):
    make_activities(2)
    few = queries_for(client, path)
    make_activities(4)
    assert queries_for(client, path) == few
