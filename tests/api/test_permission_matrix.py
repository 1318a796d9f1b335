"""Who may do what through the API, as in the admin (THE rule, partners/permissions.py): anonymous
clients, a read-only token of agency A, an editor's and a reviewer's token of A, a token of agency B and
a portal administrator signed in — each against list, detail, create, update, delete, submit and
publish of A's draft programme, and cross-agency writes by id and by external id."""

import pytest

from partners.models import PublicationStatus
from programmes.models import Programme
from tests import factories
from tests.api.conftest import programme_body, send, token_for

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "a_read_only", "a_editor", "a_reviewer", "b_editor", "administrator"]

# Expected status of each operation on agency A's draft programme "a-draft", per actor, in ACTORS' order:
#            anonymous  A read-only  A editor  A reviewer  B editor  administrator
TABLE = {
    "list":    (200,      200,         200,      200,        200,      200),
    "detail":  (404,      200,         200,      200,        404,      200),
    "create":  (401,      403,         201,      201,        403,      201),
    "update":  (401,      403,         200,      200,        404,      200),
    "delete":  (401,      403,         204,      204,        404,      204),
    "submit":  (401,      403,         200,      200,        404,      200),
    "publish": (401,      403,         403,      200,        404,      200),
}  # fmt: skip
MATRIX = {operation: dict(zip(ACTORS, row, strict=True)) for operation, row in TABLE.items()}
# Whether A's draft is among the rows the actor lists.
SEES_DRAFT = {"a_read_only", "a_editor", "a_reviewer", "administrator"}


@pytest.fixture
def actor(request, client, agency_a, agency_b):
    """(the client, the token or None) acting as the named actor."""
    name = request.param
    tokens = {
        "a_read_only": lambda: token_for(agency_a, "editor", read_only=True),
        "a_editor": lambda: token_for(agency_a, "editor"),
        "a_reviewer": lambda: token_for(agency_a, "reviewer"),
        "b_editor": lambda: token_for(agency_b, "editor"),
    }
    if name == "administrator":
        client.force_login(factories.agency_user("administrator"))
    return name, tokens[name]() if name in tokens else None


@pytest.fixture
def a_draft(agency_a):
    return factories.ProgrammeFactory(
        owner=agency_a, slug="a-draft", publication_status=PublicationStatus.DRAFT, external_id="A-1"
    )


def operate(client, token, operation):
    path = "/api/v1/programmes/a-draft/"
    if operation == "list":
        return send(client, "get", "/api/v1/programmes/", token=token)
    if operation == "detail":
        return send(client, "get", path, token=token)
    if operation == "create":
        # Created for agency A, named explicitly (B's token may not; A's tokens and administrators may).
        body = programme_body(owner="apc-colombia", title="New programme")
        return send(client, "post", "/api/v1/programmes/", body, token=token)
    if operation == "update":
        return send(client, "patch", path, {"summary": "Changed through the API."}, token=token)
    if operation == "delete":
        return send(client, "delete", path, token=token)
    return send(client, "post", f"{path}{operation}/", token=token)


@pytest.mark.parametrize("operation", list(MATRIX))
@pytest.mark.parametrize("actor", ACTORS, indirect=True)
def test_each_actor_may_do_exactly_what_the_rule_allows(client, actor, a_draft, operation):
    name, token = actor
    response = operate(client, token, operation)
    assert response.status_code == MATRIX[operation][name], response.content
    if response.status_code >= 400:
        assert response.json()["errors"][0]["code"]
    a_draft_now = Programme.objects.filter(pk=a_draft.pk).first()
    if operation == "list":
        slugs = [row["slug"] for row in response.json()["results"]]
        assert ("a-draft" in slugs) == (name in SEES_DRAFT)
    elif operation == "create" and response.status_code == 201:
        assert response.json()["owner"] == "apc-colombia"
        assert response.json()["publication_status"] == "draft"
    elif operation == "update":
        changed = a_draft_now.summary == "Changed through the API."
        assert changed == (response.status_code == 200)
    elif operation == "delete":
        assert (a_draft_now is None) == (response.status_code == 204)
    elif operation in ("submit", "publish"):
        expected = {"submit": "in_review", "publish": "published"}[operation]
        assert (a_draft_now.publication_status == expected) == (response.status_code == 200)


def test_a_token_of_b_may_not_change_or_delete_a_published_record_of_a(client, agency_a, agency_b):
    factories.ProgrammeFactory(owner=agency_a, slug="a-published")
    token = token_for(agency_b)
    assert send(client, "get", "/api/v1/programmes/a-published/", token=token).status_code == 200
    for method, body in (("patch", {"summary": "B's words"}), ("put", programme_body()), ("delete", None)):
        response = send(client, method, "/api/v1/programmes/a-published/", body, token=token)
        assert response.status_code == 403, (method, response.content)
    for action in ("submit", "publish", "unpublish"):
        response = send(client, "post", f"/api/v1/programmes/a-published/{action}/", token=token)
        assert response.status_code == 403
    programme = Programme.objects.get(slug="a-published")
    assert programme.summary != "B's words"
    assert programme.publication_status == PublicationStatus.PUBLISHED


def test_a_token_of_b_creates_its_own_record_under_as_external_id_and_never_touches_as(
    client, agency_a, agency_b, a_draft
):
    token = token_for(agency_b)
    body = programme_body(title="B's own programme")
    first = send(client, "put", "/api/v1/programmes/external/A-1/", body, token=token)
    assert first.status_code == 201
    assert first.json()["owner"] == "tica"
    again = send(client, "put", "/api/v1/programmes/external/A-1/", body, token=token)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    a_draft.refresh_from_db()
    assert a_draft.title != "B's own programme"
    assert Programme.objects.filter(external_id="A-1").count() == 2


def test_no_token_may_create_or_move_a_record_into_another_agency(client, agency_a, agency_b, a_draft):
    token_b = token_for(agency_b)
    to_a = programme_body(owner="apc-colombia")
    assert send(client, "post", "/api/v1/programmes/", to_a, token=token_b).status_code == 403
    assert send(client, "put", "/api/v1/programmes/external/B-9/", to_a, token=token_b).status_code == 403
    assert send(client, "put", "/api/v1/programmes/external/A-1/", to_a, token=token_b).status_code == 403
    token_a = token_for(agency_a)
    moved = send(client, "patch", "/api/v1/programmes/a-draft/", {"owner": "tica"}, token=token_a)
    assert moved.status_code == 403
    assert moved.json()["errors"][0]["code"] == "permission_denied"
    a_draft.refresh_from_db()
    assert a_draft.owner == agency_a
    assert Programme.objects.filter(owner=agency_b).count() == 0


def test_an_administrator_may_move_a_record_to_another_agency(client, agency_a, agency_b, a_draft):
    client.force_login(factories.agency_user("administrator"))
    response = send(client, "patch", "/api/v1/programmes/a-draft/", {"owner": "tica"})
    assert response.status_code == 200
    assert response.json()["owner"] == "tica"


def test_a_signed_in_user_without_a_role_may_read_but_not_write(client, agency_a, a_draft):
    client.force_login(factories.agency_user(None, agency_a))
    assert send(client, "post", "/api/v1/programmes/", programme_body()).status_code == 403
    assert send(client, "patch", "/api/v1/programmes/a-draft/", {"summary": "x"}).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/study-tours/draft-tour/",
        "/api/v1/events/draft-event/",
        "/api/v1/practices/draft-practice/",
    ],
)
def test_other_resources_follow_the_same_rule(client, agency_a, agency_b, path):
    from tests.api.conftest import family

    family(agency_b, status=PublicationStatus.DRAFT, tag="draft")
    token_a, token_b = token_for(agency_a), token_for(agency_b)
    assert send(client, "patch", path, {"summary": "A's words"}, token=token_a).status_code == 404
    assert send(client, "delete", path, token=token_a).status_code == 404
    assert send(client, "patch", path, {"summary": "B's words"}, token=token_b).status_code == 200
