"""Writing through the API: create, change and delete each kind of record an agency owns, through the
models' own rules and the services; new records are drafts; the answer is the record's detail."""

import pytest

from partners.models import PublicationStatus
from programmes.models import (
    AdoptionStageChange,
    CapacityBuildingEvent,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    StudyTour,
)
from tests import factories
from tests.api.conftest import errors_of, programme_body, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(agency_a):
    return factories.ProgrammeFactory(owner=agency_a, slug="solar", publication_status="draft")


def test_a_programme_is_created_with_partners_themes_and_sdgs_as_a_draft_of_the_tokens_agency(
    client, agency_a, agency_b, editor_a
):
    response = send(client, "post", "/api/v1/programmes/", programme_body(), token=editor_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == "apc-colombia"
    assert body["publication_status"] == "draft"
    assert body["sdgs"] == [8, 9]
    assert {(p["agency"]["slug"], p["role"]) for p in body["partners"]} == {
        ("apc-colombia", "lead"),
        ("tica", "facilitating"),
    }
    assert response["Location"] == body["url"]
    detail = send(client, "get", f"/api/v1/programmes/{body['slug']}/", token=editor_a)
    assert detail.json() == body
    assert detail["ETag"] == response["ETag"]


def test_a_triangular_programme_without_a_facilitator_is_refused_naming_partners(
    client, agency_a, agency_b, editor_a
):
    body = programme_body(partners=[{"agency": "tica", "role": "lead"}])
    response = send(client, "post", "/api/v1/programmes/", body, token=editor_a)
    assert response.status_code == 400
    assert errors_of(response) == {"partners": "triangular_without_facilitator"}
    assert not Programme.objects.exists()


def test_the_models_own_rules_name_their_fields(client, agency_a, agency_b, editor_a):
    body = programme_body(end_date="2025-01-01", budget="1000.00")
    response = send(client, "post", "/api/v1/programmes/", body, token=editor_a)
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"end_date", None}  # None: the constraint "a budget needs its currency"


def test_a_partners_own_rules_are_named_with_its_position(client, agency_a, agency_b, editor_a):
    partners = [
        {"agency": "apc-colombia", "role": "facilitating"},
        {"agency": "tica", "role": "lead", "start_date": "2026-05-01", "end_date": "2026-01-01"},
        {"agency": "no-such-agency", "role": "lead"},
    ]
    response = send(client, "post", "/api/v1/programmes/", programme_body(partners=partners), token=editor_a)
    assert response.status_code == 400
    assert errors_of(response) == {"partners.2.agency": "does_not_exist"}
    response = send(
        client, "post", "/api/v1/programmes/", programme_body(partners=partners[:2]), token=editor_a
    )
    assert errors_of(response) == {"partners.1.end_date": "invalid"}


def test_unknown_and_read_only_fields_are_rejected_by_name(client, agency_a, editor_a, programme):
    body = programme_body(colour="green", publication_status="published", id=7, partners=[])
    body["modality"] = "bilateral"
    response = send(client, "post", "/api/v1/programmes/", body, token=editor_a)
    assert response.status_code == 400
    assert errors_of(response) == {
        "colour": "unknown_field",
        "publication_status": "read_only",
        "id": "read_only",
    }
    response = send(
        client,
        "patch",
        "/api/v1/programmes/solar/",
        {"partners": [{"agency": "apc-colombia", "role": "lead", "share": 1}]},
        token=editor_a,
    )
    assert errors_of(response) == {"partners.0.share": "unknown_field"}


def test_a_programme_is_changed_and_its_partners_replaced(client, agency_a, agency_b, editor_a, programme):
    factories.ProgrammePartnerFactory(programme=programme, agency=agency_b, role="implementing")
    body = {"title": "Solar SMEs", "partners": [{"agency": "apc-colombia", "role": "lead"}], "sdgs": [7]}
    response = send(client, "patch", "/api/v1/programmes/solar/", body, token=editor_a)
    assert response.status_code == 200, response.content
    programme.refresh_from_db()
    assert programme.title == "Solar SMEs"
    assert [(p.agency.slug, p.role) for p in programme.partners.all()] == [("apc-colombia", "lead")]
    assert list(programme.sdgs.values_list("number", flat=True)) == [7]
    assert programme.publication_status == PublicationStatus.DRAFT


def test_a_put_left_without_lists_keeps_them_and_a_put_may_not_break_the_partner_rule(
    client, agency_a, agency_b, editor_a, programme
):
    factories.ProgrammePartnerFactory(programme=programme, agency=agency_b, role="implementing")
    body = {"title": "Solar", "modality": "regional", "start_date": "2022-01-01"}
    assert send(client, "put", "/api/v1/programmes/solar/", body, token=editor_a).status_code == 200
    assert programme.partners.count() == 1
    body["modality"] = "triangular"
    response = send(client, "put", "/api/v1/programmes/solar/", body, token=editor_a)
    assert errors_of(response) == {"partners": "triangular_without_facilitator"}


def test_a_record_still_referred_to_is_not_deleted_409(client, agency_a, editor_a, programme):
    factories.StudyTourFactory(owner=agency_a, programme=programme)
    response = send(client, "delete", "/api/v1/programmes/solar/", token=editor_a)
    assert response.status_code == 409
    assert errors_of(response) == {None: "protected"}
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_a_draft_is_deleted(client, agency_a, editor_a, programme):
    assert send(client, "delete", "/api/v1/programmes/solar/", token=editor_a).status_code == 204
    assert not Programme.objects.filter(pk=programme.pk).exists()


def test_an_event_is_created_and_its_rules_apply(client, agency_a, editor_a, programme):
    body = {
        "title": "Workshop on ESG for MSMEs",
        "programme": "solar",
        "start_date": "2026-03-01",
        "format": "virtual",
        "event_kind": "webinar",
        "duration_hours": "2.5",
        "organisers": ["apc-colombia"],
    }
    response = send(client, "post", "/api/v1/events/", body, token=editor_a)
    assert response.status_code == 201, response.content
    event = CapacityBuildingEvent.objects.get()
    assert event.duration_hours == 2.5
    assert event.publication_status == PublicationStatus.DRAFT
    body.update(format="in_person", event_kind="")
    response = send(client, "post", "/api/v1/events/", body, token=editor_a)
    assert response.status_code == 400
    assert set(errors_of(response)) == {"event_kind"}
    body.update(event_kind="webinar")
    assert errors_of(send(client, "post", "/api/v1/events/", body, token=editor_a)) == {
        "host_country": "invalid"
    }


def test_an_activity_under_another_agencys_draft_programme_cannot_be_created(
    client, agency_a, agency_b, editor_a
):
    factories.ProgrammeFactory(owner=agency_b, slug="b-secret", publication_status="draft")
    body = {"title": "Visit", "programme": "b-secret", "start_date": "2026-03-01", "host_country": "COL"}
    response = send(client, "post", "/api/v1/study-tours/", body, token=editor_a)
    assert errors_of(response) == {"programme": "does_not_exist"}
    assert not StudyTour.objects.exists()


def test_a_practice_is_created_changed_and_its_agency_must_be_of_its_country(client, agency_a, editor_a):
    body = {"title": "ESG self-assessment", "origin_country": "MYS", "themes": ["msme-support"]}
    response = send(client, "post", "/api/v1/practices/", body, token=editor_a)
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    response = send(
        client, "patch", f"/api/v1/practices/{slug}/", {"origin_agency": "apc-colombia"}, token=editor_a
    )
    assert errors_of(response) == {"origin_agency": "invalid"}
    response = send(client, "patch", f"/api/v1/practices/{slug}/", {"summary": "A tool."}, token=editor_a)
    assert response.status_code == 200
    assert Practice.objects.get().summary == "A tool."


def test_an_adoption_is_reported_and_moves_forward_through_its_stages(client, agency_a, editor_a):
    factories.PracticeFactory(owner=agency_a, slug="esg-tool", origin_country=factories.country("MYS"))
    body = {
        "practice": "esg-tool",
        "adopting_country": "CRI",
        "stage": "interest",
        "reached_on": "2026-01-10",
    }
    response = send(client, "post", "/api/v1/adoptions/", body, token=editor_a)
    assert response.status_code == 201, response.content
    url = f"/api/v1/adoptions/{response.json()['id']}/"
    assert response.json()["stage_history"] == [{"stage": "interest", "reached_on": "2026-01-10", "note": ""}]

    forward = {"stage": "piloting", "reached_on": "2026-04-01", "stage_note": "Pilot in San José."}
    response = send(client, "patch", url, forward, token=editor_a)
    assert response.status_code == 200, response.content
    assert [change["stage"] for change in response.json()["stage_history"]] == ["interest", "piloting"]
    assert send(client, "patch", url, forward, token=editor_a).status_code == 200  # the same: no change
    assert AdoptionStageChange.objects.count() == 2

    backward = send(client, "patch", url, {"stage": "adapting", "reached_on": "2026-05-01"}, token=editor_a)
    assert errors_of(backward) == {"stage": "invalid"}
    too_early = send(client, "patch", url, {"stage": "adopted", "reached_on": "2025-01-01"}, token=editor_a)
    assert errors_of(too_early) == {"reached_on": "invalid"}
    undated = send(client, "patch", url, {"stage": "adopted"}, token=editor_a)
    assert errors_of(undated) == {"reached_on": "invalid"}
    assert PolicyAdoption.objects.get().stage == "piloting"


def test_an_adoption_needs_the_date_of_its_first_stage_and_another_country(client, agency_a, editor_a):
    factories.PracticeFactory(owner=agency_a, slug="esg-tool", origin_country=factories.country("MYS"))
    body = {"practice": "esg-tool", "adopting_country": "CRI"}
    assert errors_of(send(client, "post", "/api/v1/adoptions/", body, token=editor_a)) == {
        "reached_on": "required"
    }
    body.update(adopting_country="MYS", reached_on="2026-01-01")
    assert errors_of(send(client, "post", "/api/v1/adoptions/", body, token=editor_a)) == {
        "adopting_country": "invalid"
    }


def test_a_participation_is_logged_with_its_participant_matched_by_email(client, agency_a, editor_a):
    factories.StudyTourFactory(owner=agency_a, slug="bogota-tour")
    known = factories.ParticipantFactory(owner=agency_a, email="ana@example.org", name="Ana")
    body = {
        "activity": "bogota-tour",
        "role": "speaker",
        "participant": {"name": "Ana Pérez", "email": "ANA@example.org", "country": "SLV"},
    }
    response = send(client, "post", "/api/v1/participations/", body, token=editor_a)
    assert response.status_code == 201, response.content
    participation = Participation.objects.get()
    assert participation.participant == known
    assert participation.role == "speaker"
    known.refresh_from_db()
    assert known.name == "Ana Pérez"
    bad = send(
        client,
        "patch",
        f"/api/v1/participations/{participation.pk}/",
        {"participant": {"name": "Ana", "country": "XXX", "email": "not-an-email"}},
        token=editor_a,
    )
    assert errors_of(bad) == {"participant.country": "does_not_exist", "participant.email": "invalid"}


def test_writes_follow_the_language_of_the_request(client, agency_a, agency_b, editor_a):
    response = send(client, "post", "/api/v1/programmes/", programme_body(), token=editor_a)
    assert response.status_code == 201
    slug = response.json()["slug"]
    spanish = {"title": "Aprendizaje entre pares para pymes verdes"}
    response = send(
        client, "patch", f"/api/v1/programmes/{slug}/", spanish, token=editor_a, **{"Accept-Language": "es"}
    )
    assert response.status_code == 200
    assert response.json()["title"] == spanish["title"]
    programme = Programme.objects.get()
    assert (programme.title_en, programme.title_es) == ("Green SMEs peer learning", spanish["title"])
    # The English title is required: a new record written in Spanish only is refused, naming `title`.
    response = send(
        client, "post", "/api/v1/programmes/", programme_body(), token=editor_a, **{"Accept-Language": "es"}
    )
    assert errors_of(response) == {"title": "blank"}
