"""The public pages of a programme, a study tour or event, a practice, and the list of adoptions: the
content each must show, aggregates instead of people, drafts hidden, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PublicationStatus
from programmes.choices import AdoptionStage, Gender, PartnerRole
from programmes.filtersets import PolicyAdoptionFilterSet
from programmes.views import PolicyAdoptionListView
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
ADOPTIONS = "/adoptions/"


def text(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def participate(activity, country, gender, **kwargs):
    return factories.ParticipationFactory(
        owner=activity.owner,
        activity=activity,
        participant__country=factories.country(country),
        participant__gender=gender,
        **kwargs,
    )


def build_programme(tours=2):
    """A programme with partners in two roles, `tours` study tours each with three participants (two
    from Costa Rica, one from the Philippines), a practice presented at each and an adoption of it."""
    programme = factories.ProgrammeFactory(title="Green MSMEs across regions")
    lead = factories.AgencyFactory(name="APC Colombia", country=factories.country("COL"))
    factories.ProgrammePartnerFactory(programme=programme, agency=lead, role=PartnerRole.LEAD)
    factories.ProgrammePartnerFactory(
        programme=programme,
        agency=factories.AgencyFactory(name="ESCAP", country=None),
        role=PartnerRole.FACILITATING,
    )
    for _ in range(tours):
        tour = factories.StudyTourFactory(owner=programme.owner, programme=programme)
        tour.organisers.add(lead)
        tour.institutions_visited.add(factories.AgencyFactory(country=factories.country("COL")))
        participate(tour, "CRI", Gender.FEMALE)
        participate(tour, "CRI", Gender.MALE)
        follow_up = factories.FollowUpResponseFactory(
            owner=programme.owner, participation=participate(tour, "PHL", Gender.FEMALE)
        )
        practice = factories.PracticeFactory(owner=programme.owner, origin_country=factories.country("COL"))
        practice.presented_at.add(tour)
        factories.PolicyAdoptionFactory(
            owner=programme.owner,
            practice=practice,
            adopting_country=factories.country("PHL"),
            activity=tour,
            programme=programme,
            stage=AdoptionStage.PILOTING,
        )
    return programme, tour, follow_up


def test_programme_page_shows_partners_timeline_participants_practices_adoptions_follow_up(client):
    programme, tour, _ = build_programme()
    page = text(client.get(programme.get_absolute_url()))
    assert "Lead" in page and "APC Colombia" in page and "Facilitating" in page and "ESCAP" in page
    assert page.index("Lead") < page.index("Facilitating")  # roles in their defined order
    assert tour.title in page and "3 participants" in page
    assert "Costa Rica" in page and "Philippines" in page  # countries represented
    assert "6 participants recorded" not in page  # that line belongs to activity pages
    assert "Practice" in page and tour.practices.get().title in page
    assert "Piloting" in page  # the adoption that followed
    assert "100 per cent" in page and "(2 of 2 who answered, out of 6 who took part)" in page


def test_programme_page_counts_participants_by_country_and_gender(client):
    programme, _, _ = build_programme()
    table = client.get(programme.get_absolute_url()).context["participants"]
    by_country = {row.country.iso3: row for row in table.rows}
    female, male = Gender.values.index(Gender.FEMALE), Gender.values.index(Gender.MALE)
    assert by_country["CRI"].total == 4 and by_country["CRI"].by_gender[female] == 2
    assert by_country["CRI"].by_gender[male] == 2
    assert by_country["PHL"].total == 2 and by_country["PHL"].by_gender[female] == 2
    assert table.total == 6
    assert [row.country.iso3 for row in table.rows] == ["CRI", "PHL"]  # most represented first


def test_programme_page_leaves_out_draft_activities_practices_adoptions_and_participations(client):
    programme, tour, _ = build_programme(tours=1)
    tour.practices.update(publication_status=DRAFT)
    draft_tour = factories.StudyTourFactory(
        owner=programme.owner, programme=programme, publication_status=DRAFT, title="Secret tour"
    )
    participate(draft_tour, "GTM", Gender.FEMALE)
    participate(tour, "GTM", Gender.MALE, publication_status=DRAFT)
    page = text(client.get(programme.get_absolute_url()))
    assert "Secret tour" not in page and "Guatemala" not in page
    assert tour.practices.get().title not in page
    assert "No adoptions following this programme have been reported yet." in page


def test_activity_page_shows_host_institutions_countries_counts_and_practices(client):
    _, tour, _ = build_programme(tours=1)
    tour.reported_participants = 12
    tour.save()
    page = text(client.get(tour.get_absolute_url()))
    assert "Bogota" in page and "Colombia" in page and "APC Colombia" in page
    assert tour.institutions_visited.get().name in page
    assert "3 participants recorded, from 2 countries; 12 reported by the organisers" in page
    assert tour.practices.get().title in page and "Piloting" in page
    assert "(1 of 1 who answered, out of 3 who took part)" in page


def test_event_page_shows_its_kind_and_duration_and_no_institutions_visited(client):
    event = factories.EventFactory(duration_hours=6)
    page = text(client.get(event.get_absolute_url()))
    assert "Workshop" in page and "6 hours" in page
    assert "Institutions visited" not in page
    assert "No participants have been published for this yet." in page
    assert "No follow-up responses yet" in page


def test_practice_page_shows_where_it_was_presented_and_who_adopted_it(client):
    _, tour, _ = build_programme(tours=1)
    practice = tour.practices.get()
    page = text(client.get(practice.get_absolute_url()))
    assert "Colombia" in page and tour.title in page and "Philippines" in page and "Piloting" in page


def test_no_participant_personal_data_on_detail_pages(client):
    _, tour, follow_up = build_programme(tours=1)
    participant = follow_up.participation.participant
    for path in (tour.get_absolute_url(), tour.programme.get_absolute_url(), ADOPTIONS):
        page = text(client.get(path))
        assert participant.name not in page and participant.email not in page


@pytest.mark.parametrize("page", ["programme", "tour", "practice"])
def test_detail_pages_make_the_same_number_of_queries_for_few_and_many_rows(client, page):
    few_programme, few_tour, _ = build_programme(tours=2)
    many_programme, many_tour, _ = build_programme(tours=6)
    paths = {
        "programme": (few_programme.get_absolute_url(), many_programme.get_absolute_url()),
        "tour": (few_tour.get_absolute_url(), many_tour.get_absolute_url()),
        "practice": (
            few_tour.practices.get().get_absolute_url(),
            many_tour.practices.get().get_absolute_url(),
        ),
    }[page]
    for extra in range(4):  # more participants and adoptions on the larger one
        participate(many_tour, "GTM", Gender.OTHER)
        practice = many_tour.practices.get()
        factories.PolicyAdoptionFactory(
            owner=practice.owner,
            practice=practice,
            adopting_country=factories.country(["GTM", "CRI", "PER", "MEX"][extra]),
        )
    assert queries_for(client, paths[0]) == queries_for(client, paths[1])


def test_adoption_list_uses_the_shared_filterset():
    assert PolicyAdoptionListView.filterset_class is PolicyAdoptionFilterSet


def test_adoption_list_shows_stage_origin_and_adopting_country_and_filters(client):
    build_programme(tours=1)
    factories.PolicyAdoptionFactory(adopting_country=factories.country("GTM"), stage=AdoptionStage.ADOPTED)
    page = text(client.get(ADOPTIONS))
    assert "2 adoptions" in page and "Philippines" in page and "Guatemala" in page and "Malaysia" in page
    assert "Piloting" in page and "Adopted" in page
    assert "1 adoption" in text(client.get(ADOPTIONS + "?country=GTM"))
    assert "Guatemala" not in text(client.get(ADOPTIONS + "?country=PHL")).split("</form>")[-1]
    assert "1 adoption" in text(client.get(ADOPTIONS + "?stage=piloting"))
    assert "1 adoption" in text(client.get(ADOPTIONS + "?origin_country=MYS"))
    assert "1 adoption" in text(client.get(ADOPTIONS + "?region=142"))  # Asia: the Philippines


def test_adoption_list_hides_drafts_and_adoptions_of_draft_practices(client):
    factories.PolicyAdoptionFactory(publication_status=DRAFT)
    factories.PolicyAdoptionFactory(practice__publication_status=DRAFT)
    page = text(client.get(ADOPTIONS))
    assert "No adoptions match these filters." in page


@pytest.mark.parametrize("query", ["?country=ZZZ", "?stage=nonsense", "?page=999", "?region=abc&sort=bogus"])
def test_adoption_list_survives_bad_parameters(client, query):
    factories.PolicyAdoptionFactory()
    assert client.get(ADOPTIONS + query).status_code == 200


def test_adoption_list_makes_the_same_number_of_queries_for_few_and_many_rows(client):
    for _ in range(2):
        factories.PolicyAdoptionFactory(activity=factories.StudyTourFactory())
    few = queries_for(client, ADOPTIONS)
    for _ in range(4):
        factories.PolicyAdoptionFactory(activity=factories.StudyTourFactory())
    assert queries_for(client, ADOPTIONS) == few


def test_a_published_activity_of_a_draft_programme_does_not_name_the_programme(client):
    """Public pages name a record only where the visitor may view it: an activity may be published
    before its programme (or stay published after it is withdrawn), and its pages then show it without
    the programme to the public and to other agencies."""
    draft = factories.ProgrammeFactory(
        title="Unannounced programme", slug="unannounced", publication_status=DRAFT
    )
    tour = factories.StudyTourFactory(title="Visible tour", programme=draft, owner=draft.owner)
    event = factories.EventFactory(title="Visible event", programme=draft, owner=draft.owner)
    for path in (
        "/",
        "/study-tours/",
        "/events/",
        tour.get_absolute_url(),
        event.get_absolute_url(),
        "/countries/col/",
        "/es/study-tours/",
    ):
        page = text(client.get(path))
        assert "Visible tour" in page or "Visible event" in page, path
        assert "Unannounced programme" not in page and "/programmes/unannounced/" not in page, path
    # THE rule decides, as for the draft's own page: its agency's staff see it named, others do not
    client.force_login(factories.agency_user("editor", factories.AgencyFactory()))
    for path in ("/study-tours/", tour.get_absolute_url(), "/countries/col/"):
        assert "Unannounced programme" not in text(client.get(path)), path
    client.force_login(factories.agency_user("editor", draft.owner))
    for path in ("/study-tours/", tour.get_absolute_url()):  # a link (the list's filter offers it too)
        assert 'href="/programmes/unannounced/"' in text(client.get(path)), path
    assert '<span class="meta">Unannounced programme</span>' in text(client.get("/"))
    assert "(Unannounced programme)" in text(client.get("/countries/col/"))
    client.logout()
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    for path in ("/study-tours/", tour.get_absolute_url(), "/countries/col/"):
        assert "Unannounced programme" in text(client.get(path)), path


def test_adoption_list_pages_show_their_rows_in_the_lists_order(client, monkeypatch):
    """The rows are read by key after the page's keys (sscportal.fragments.RowsByKeysMixin): in the
    list's order on every page, and on a page past the end, the last page's rows."""
    monkeypatch.setattr(PolicyAdoptionListView, "paginate_by", 2)
    adoptions = [factories.PolicyAdoptionFactory(practice__title=title) for title in ("Zeta", "Alpha", "Mu")]
    newest_first = adoptions[::-1]  # the list's order: last changed first
    assert list(client.get(ADOPTIONS).context["object_list"]) == newest_first[:2]
    for page in ("2", "99"):
        assert list(client.get(f"{ADOPTIONS}?page={page}").context["object_list"]) == newest_first[2:]
    by_practice = client.get(f"{ADOPTIONS}?sort=practice").context["object_list"]
    assert [row.practice.title for row in by_practice] == ["Alpha", "Mu"]


def test_home_page_lists_latest_activities_and_entry_points_by_region_and_theme(client):
    _, tour, _ = build_programme(tours=1)
    page = text(client.get("/"))
    assert tour.title in page
    assert "?region=" in page and "Asia" in page and "Americas" in page
    assert "Programmes by theme" in page
