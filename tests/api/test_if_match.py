"""If-Match on writes: a change or deletion naming an ETag that is no longer the record's is refused with
412 (so two partner systems cannot silently overwrite each other); the current ETag — the one a GET of
the detail answers, and the one a write answers — lets it through; without If-Match a write goes ahead."""

import pytest

from programmes.models import Programme
from tests import factories
from tests.api.conftest import errors_of, send

pytestmark = pytest.mark.django_db

PATH = "/api/v1/programmes/solar/"


@pytest.fixture
def programme(agency_a):
    return factories.ProgrammeFactory(owner=agency_a, slug="solar", publication_status="draft", title="Solar")


def test_the_etag_of_a_get_lets_a_change_through_once(client, programme, editor_a):
    etag = send(client, "get", PATH, token=editor_a)["ETag"]
    first = send(client, "patch", PATH, {"summary": "First."}, token=editor_a, **{"If-Match": etag})
    assert first.status_code == 200
    assert first["ETag"] != etag
    second = send(client, "patch", PATH, {"summary": "Second."}, token=editor_a, **{"If-Match": etag})
    assert second.status_code == 412
    assert errors_of(second) == {None: "precondition_failed"}
    programme.refresh_from_db()
    assert programme.summary == "First."
    # The ETag the write answered is the current one, as a GET would say.
    assert send(client, "get", PATH, token=editor_a)["ETag"] == first["ETag"]
    third = send(
        client,
        "put",
        PATH,
        {"title": "Solar", "modality": "regional", "start_date": "2022-01-01"},
        token=editor_a,
        **{"If-Match": first["ETag"]},
    )
    assert third.status_code == 200


def test_a_change_by_someone_else_makes_the_etag_stale(client, programme, editor_a):
    etag = send(client, "get", PATH, token=editor_a)["ETag"]
    Programme.objects.filter(pk=programme.pk).update(title="Changed elsewhere")
    for method, body in (("patch", {"summary": "Mine."}), ("delete", None)):
        response = send(client, method, PATH, body, token=editor_a, **{"If-Match": etag})
        assert response.status_code == 412, method
    assert Programme.objects.get(pk=programme.pk).summary != "Mine."
    response = send(client, "post", f"{PATH}submit/", token=editor_a, **{"If-Match": etag})
    assert response.status_code == 412


def test_a_deletion_with_the_current_etag_or_star_or_none_goes_ahead(client, agency_a, editor_a):
    for number, header in enumerate((None, "*", "current", '"other", current')):
        factories.ProgrammeFactory(owner=agency_a, slug=f"p{number}", publication_status="draft")
        path = f"/api/v1/programmes/p{number}/"
        etag = send(client, "get", path, token=editor_a)["ETag"]
        headers = {"If-Match": header.replace("current", etag)} if header else {}
        assert send(client, "delete", path, token=editor_a, **headers).status_code == 204, header


def test_a_weak_or_malformed_if_match_never_matches(client, programme, editor_a):
    etag = send(client, "get", PATH, token=editor_a)["ETag"]
    for header in (f"W/{etag}", etag.strip('"'), "garbage,,", '"' + "x" * 5000 + '"'):
        response = send(client, "patch", PATH, {"summary": "x"}, token=editor_a, **{"If-Match": header})
        assert response.status_code == 412, header


def test_if_match_on_an_upsert_that_would_create_is_a_412(client, agency_a, editor_a):
    response = send(
        client,
        "put",
        "/api/v1/programmes/external/NEW-1/",
        {"title": "x"},
        token=editor_a,
        **{"If-Match": '"abc"'},
    )
    assert response.status_code == 412
    assert not Programme.objects.exists()


def test_the_etag_depends_on_the_language_as_the_get_does(client, programme, editor_a):
    spanish = {"Accept-Language": "es"}
    etag = send(client, "get", PATH, token=editor_a, **spanish)["ETag"]
    ok = send(client, "patch", PATH, {"summary": "x"}, token=editor_a, **spanish, **{"If-Match": etag})
    assert ok.status_code == 200
