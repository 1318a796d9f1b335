"""A study tour or event with its participations in one request, all or nothing: participants are
matched (by external id, then email, within the owning agency) or created, and a bad participant is a
400 naming it by position, with nothing saved."""

import pytest

from programmes.models import Activity, Participant, Participation
from tests import factories
from tests.api.conftest import errors_of, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(agency_a):
    return factories.ProgrammeFactory(owner=agency_a, slug="solar", publication_status="draft")


def participant(number, **fields):
    return {
        "name": f"Delegate {number}",
        "email": f"delegate{number}@example.org",
        "country": "GTM",
        **fields,
    }


def tour(participations):
    return {
        "title": "Study tour to Bogota",
        "programme": "solar",
        "start_date": "2026-11-18",
        "end_date": "2026-11-22",
        "host_country": "COL",
        "city": "Bogota",
        "organisers": ["apc-colombia"],
        "participations": participations,
    }


def test_a_study_tour_is_created_with_its_participations(client, agency_a, editor_a, programme):
    known = factories.ParticipantFactory(owner=agency_a, email="delegate1@example.org", name="D1")
    participations = [
        {"participant": participant(1, position="Director"), "role": "speaker"},
        {"participant": participant(2, gender="female")},
        {"participant": participant(3, email="", external_id="P-3")},
    ]
    response = send(client, "post", "/api/v1/study-tours/", tour(participations), token=editor_a)
    assert response.status_code == 201, response.content
    activity = Activity.objects.get()
    rows = Participation.objects.filter(activity=activity).select_related("participant")
    assert sorted((row.participant.name, row.role) for row in rows) == [
        ("Delegate 1", "speaker"),
        ("Delegate 2", "delegate"),
        ("Delegate 3", "delegate"),
    ]
    assert {row.owner for row in rows} == {agency_a}
    assert {row.publication_status for row in rows} == {"draft"}
    assert Participant.objects.count() == 3  # delegate 1 was matched, not created again
    known.refresh_from_db()
    assert known.position == "Director"
    listed = send(client, "get", f"/api/v1/participations/?activity={activity.slug}", token=editor_a)
    assert listed.json()["count"] == 3


def test_a_bad_participant_is_named_by_position_and_nothing_is_saved(client, agency_a, editor_a, programme):
    participations = [
        {"participant": participant(1)},
        {"participant": participant(2)},
        {"participant": participant(3, email="not-an-email")},
        {"participant": participant(4, country="ZZZ"), "role": "chief"},
    ]
    response = send(client, "post", "/api/v1/study-tours/", tour(participations), token=editor_a)
    assert response.status_code == 400
    assert errors_of(response) == {
        "participations.2.participant.email": "invalid",
        "participations.3.participant.country": "does_not_exist",
        "participations.3.role": "invalid_choice",
    }
    assert not Activity.objects.exists()
    assert not Participant.objects.exists()


def test_a_participant_twice_in_the_list_is_named(client, agency_a, editor_a, programme):
    participations = [{"participant": participant(1)}, {"participant": participant(1, name="Again")}]
    response = send(client, "post", "/api/v1/study-tours/", tour(participations), token=editor_a)
    assert errors_of(response) == {"participations.1.participant.email": "unique"}
    assert not Activity.objects.exists()


def test_a_rule_of_the_activity_fails_the_whole_request(client, agency_a, editor_a, programme):
    body = {**tour([{"participant": participant(1)}]), "end_date": "2026-01-01"}
    response = send(client, "post", "/api/v1/study-tours/", body, token=editor_a)
    assert errors_of(response) == {"end_date": "invalid"}
    assert not Participant.objects.exists()


def test_putting_participations_again_replaces_the_agencys_own(client, agency_a, editor_a, programme):
    path = "/api/v1/study-tours/external/TOUR-1/"
    first = [{"participant": participant(1)}, {"participant": participant(2)}]
    assert send(client, "put", path, tour(first), token=editor_a).status_code == 201
    second = [{"participant": participant(2), "role": "observer"}, {"participant": participant(3)}]
    response = send(client, "put", path, tour(second), token=editor_a)
    assert response.status_code == 200, response.content
    rows = Participation.objects.select_related("participant").order_by("participant__name")
    assert [(row.participant.name, row.role) for row in rows] == [
        ("Delegate 2", "observer"),
        ("Delegate 3", "delegate"),
    ]
    assert send(client, "put", path, tour(second), token=editor_a).status_code == 200
    assert Participation.objects.count() == 2
    # Without `participations`, a change leaves them as they are.
    patch = send(
        client, "patch", f"/api/v1/study-tours/{response.json()['slug']}/", {"city": "Cali"}, token=editor_a
    )
    assert patch.status_code == 200
    assert Participation.objects.count() == 2


def test_an_event_takes_its_participations_too(client, agency_a, editor_a, programme):
    body = {
        "title": "Webinar on green finance",
        "programme": "solar",
        "start_date": "2026-05-05",
        "format": "virtual",
        "event_kind": "webinar",
        "participations": [{"participant": participant(1)}, {"participant": participant(2)}],
    }
    response = send(client, "post", "/api/v1/events/", body, token=editor_a)
    assert response.status_code == 201, response.content
    assert Participation.objects.filter(activity__kind="event").count() == 2
