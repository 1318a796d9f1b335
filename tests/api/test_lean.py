"""Lean serialisation of read-only lists (sscportal/api/lean.py): every list endpoint answers exactly
what DRF's serializers answer — byte for byte, in both languages, for pages and keyset walks, with
filters — and the lists that partner systems read most are served lean."""

import pytest

from partners.api.serializers import AgencySerializer, CountrySerializer
from partners.models import PublicationStatus
from programmes.api import serializers
from programmes.models import Theme
from sscportal.api import lean
from tests import factories
from tests.api.conftest import LIST_RESOURCES, family

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    owner = factories.AgencyFactory(slug="owner", country=factories.country("COL"))
    other = factories.AgencyFactory(slug="other", country=None)
    for number in range(3):
        records = family(owner, tag=f"own-{number}")
        programme = records["programme"]
        programme.title_es = f"programa {number}"
        programme.save()
        programme.themes.add(*Theme.objects.order_by("-pk")[:2])
        factories.ProgrammePartnerFactory(programme=programme, agency=other, role="facilitating")
    family(other, tag="other")
    factories.ProgrammeFactory(owner=other, slug="bare", framework=None, budget=None, currency="")
    # records naming another agency's drafts, which the owner's staff see as null (ViewableSlugRelatedField)
    drafts = family(other, status=PublicationStatus.DRAFT, tag="others-draft")
    tour = factories.StudyTourFactory(owner=owner, programme=drafts["programme"], slug="tour-of-a-draft")
    participation = factories.ParticipationFactory(owner=owner, activity=drafts["event"])
    factories.FollowUpResponseFactory(owner=owner, participation=participation)
    factories.PolicyAdoptionFactory(owner=owner, activity=drafts["tour"], programme=drafts["programme"])
    factories.PolicyAdoptionFactory(owner=owner, activity=tour, programme=tour.programme)
    return owner


def both(client, monkeypatch, path, lean_expected=True, **headers):
    """(the lean answer, DRF's answer) to the same request; the first must have been served lean (by
    Plan.represent) exactly when `lean_expected`, so that the comparison is not of DRF with itself."""
    served = []
    represent = lean.Plan.represent
    with monkeypatch.context() as patch:
        patch.setattr(
            lean.Plan, "represent", lambda plan, *args: served.append(plan) or represent(plan, *args)
        )
        lean_answer = client.get(path, headers=headers)
    assert bool(served) == lean_expected, path
    with monkeypatch.context() as patch:
        patch.setattr(lean, "plan_for", lambda serializer_class: None)
        drf_answer = client.get(path, headers=headers)
    assert lean_answer.status_code == drf_answer.status_code == 200
    return lean_answer, drf_answer


@pytest.mark.parametrize("resource", LIST_RESOURCES)
@pytest.mark.parametrize("query", ["", "?walk=sync&page_size=2", "?page=2&page_size=1", "?format=json"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_list_answers_as_drf_does(client, monkeypatch, settings, records, resource, query, language):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.force_login(factories.agency_user("editor", records))  # sees personal data and drafts too
    lean_answer, drf_answer = both(
        client,
        monkeypatch,
        f"/api/v1/{resource}/{query}",
        lean_expected=resource != "adoptions",  # their public address needs the practice: DRF's
        **{"Accept-Language": language},
    )
    assert lean_answer.content == drf_answer.content
    assert lean_answer["ETag"] == drf_answer["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/programmes/?theme=",
        "/api/v1/programmes/?sort=title",
        "/api/v1/programmes/?q=programme",
        "/api/v1/programmes/?country=COL",
        "/api/v1/study-tours/?programme=own-1-programme",
        "/api/v1/countries/?page_size=100&page=2",
    ],
)
def test_filtered_and_ordered_lists_answer_as_drf_does(client, monkeypatch, settings, records, path):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    if path.endswith("theme="):
        path += Theme.objects.order_by("-pk").first().slug
    lean_answer, drf_answer = both(client, monkeypatch, path)
    assert lean_answer.json()["count"] > 0
    assert lean_answer.content == drf_answer.content


def test_the_lists_partner_systems_read_most_are_served_lean():
    for serializer_class in (
        serializers.ProgrammeSerializer,
        serializers.StudyTourSerializer,
        serializers.CapacityBuildingEventSerializer,
        serializers.PracticeSerializer,
        serializers.ParticipationSerializer,
        serializers.FollowUpResponseSerializer,
        serializers.ThemeSerializer,
        serializers.SustainableDevelopmentGoalSerializer,
        CountrySerializer,
        AgencySerializer,
    ):
        assert lean.plan_for(serializer_class) is not None, serializer_class.__name__


def test_a_public_address_that_needs_a_related_record_leaves_the_list_to_drf():
    assert lean.plan_for(serializers.PolicyAdoptionSerializer) is None


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_every_csv_export_streams_what_drf_would(client, monkeypatch, records, resource):
    client.force_login(factories.agency_user("editor", records))

    def export():
        response = client.get(f"/api/v1/{resource}/?format=csv", headers={"Accept-Language": "es"})
        assert response.status_code == 200 and response.streaming
        return b"".join(response.streaming_content)

    served = []
    represent = lean.Plan.represent
    with monkeypatch.context() as patch:
        patch.setattr(
            lean.Plan, "represent", lambda plan, *args: served.append(plan) or represent(plan, *args)
        )
        lean_export = export()
    assert bool(served) == (resource != "adoptions")  # streamed lean, but for adoptions (DRF's)
    with monkeypatch.context() as patch:
        patch.setattr(lean, "plan_for", lambda serializer_class: None)
        assert export() == lean_export
    assert lean_export.count(b"\n") > 1
