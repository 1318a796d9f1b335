"""THE rule (partners.permissions.restrict): every role against every action on every owned model."""

import pytest
from django.contrib.auth.models import AnonymousUser

from partners.models import PublicationStatus
from partners.permissions import ACTIONS, ADD, owner_choices, restrict
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def build_programme(owner, status):
    return factories.ProgrammeFactory(owner=owner, publication_status=status)


def build_activity(factory):
    def build(owner, status):
        return factory(owner=owner, publication_status=status, programme__owner=owner)

    return build


def build_owned(factory):
    def build(owner, status):
        return factory(owner=owner, publication_status=status)

    return build


BUILDERS = {
    "programme": build_programme,
    "studytour": build_activity(factories.StudyTourFactory),
    "event": build_activity(factories.EventFactory),
    "participant": build_owned(factories.ParticipantFactory),
    "participation": build_owned(factories.ParticipationFactory),
    "followupresponse": build_owned(factories.FollowUpResponseFactory),
    "practice": build_owned(factories.PracticeFactory),
    "policyadoption": build_owned(factories.PolicyAdoptionFactory),
}
PERSONAL = {"participant", "participation", "followupresponse"}
ROLES = ("anonymous", "editor_a", "reviewer_a", "editor_b", "administrator", "member_without_role")


@pytest.fixture
def world():
    agency_a = factories.AgencyFactory(slug="agency-a")
    agency_b = factories.AgencyFactory(slug="agency-b")
    users = {
        "anonymous": AnonymousUser(),
        "editor_a": factories.agency_user("editor", agency_a),
        "reviewer_a": factories.agency_user("reviewer", agency_a),
        "editor_b": factories.agency_user("editor", agency_b),
        "administrator": factories.agency_user("administrator"),
        "member_without_role": factories.agency_user(None, agency_a),
    }
    return agency_a, agency_b, users


def expected_rows(role, action, model_key):
    """The rows (agency, status) this role may take this action on — the rule, written as a table."""
    all_rows = {("a", DRAFT), ("a", PUBLISHED), ("b", DRAFT), ("b", PUBLISHED)}
    personal = model_key in PERSONAL
    published = set() if personal else {("a", PUBLISHED), ("b", PUBLISHED)}
    own_a = {("a", DRAFT), ("a", PUBLISHED)}
    if role == "administrator":
        return all_rows
    if action == "view":
        return {
            "anonymous": published,
            "member_without_role": own_a | published,
            "editor_a": own_a | published,
            "reviewer_a": own_a | published,
            "editor_b": {("b", DRAFT), ("b", PUBLISHED)} | published,
        }[role]
    if action == "publish":
        return own_a if role == "reviewer_a" else set()
    return {"editor_a": own_a, "reviewer_a": own_a, "editor_b": {("b", DRAFT), ("b", PUBLISHED)}}.get(
        role, set()
    )


@pytest.mark.parametrize("model_key", BUILDERS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_take_each_action_on_exactly_these_rows(world, role, model_key):
    agency_a, agency_b, users = world
    rows = {}
    for agency_key, agency in (("a", agency_a), ("b", agency_b)):
        for status in (DRAFT, PUBLISHED):
            record = BUILDERS[model_key](agency, status)
            rows[record.pk] = (agency_key, status)
    model = type(record)
    for action in ACTIONS:
        if action == ADD:
            continue
        visible = restrict(model.objects.filter(pk__in=rows), users[role], action)
        assert {rows[pk] for pk in visible.values_list("pk", flat=True)} == expected_rows(
            role, action, model_key
        ), action


@pytest.mark.parametrize(
    ("role", "owners"),
    [
        ("anonymous", set()),
        ("member_without_role", set()),
        ("editor_a", {"agency-a"}),
        ("reviewer_a", {"agency-a"}),
        ("editor_b", {"agency-b"}),
    ],
)
def test_users_add_records_for_their_own_agencies_only(world, role, owners):
    _a, _b, users = world
    assert set(owner_choices(users[role]).values_list("slug", flat=True)) == owners


def test_administrators_may_add_records_for_any_agency(world):
    _a, _b, users = world
    assert owner_choices(users["administrator"]).count() >= 2


def test_a_user_of_two_agencies_works_with_both(world):
    agency_a, agency_b, _users = world
    user = factories.agency_user("editor", agency_a, agency_b, username="both")
    draft_a = factories.ProgrammeFactory(owner=agency_a, publication_status=DRAFT)
    draft_b = factories.ProgrammeFactory(owner=agency_b, publication_status=DRAFT)
    assert set(restrict(type(draft_a).objects.all(), user, "change")) == {draft_a, draft_b}


def test_an_inactive_user_is_treated_as_anonymous(world):
    _a, _b, users = world
    editor = users["editor_a"]
    editor.is_active = False
    draft = factories.ProgrammeFactory(owner=editor.agency_memberships.get().agency, publication_status=DRAFT)
    assert not restrict(type(draft).objects.all(), editor, "view").filter(pk=draft.pk).exists()
    assert not owner_choices(editor).exists()


@pytest.mark.parametrize("model_key", sorted(BUILDERS))
@pytest.mark.parametrize("role", ROLES)
def test_viewing_one_record_by_its_columns_is_the_same_rule_as_restrict(world, role, model_key):
    """may_view_columns() (a record named by another, decided without a query) says of each record what
    restrict(…, VIEW) says, for every role, owner and status, personal data included."""
    from partners.permissions import may_view_columns

    agency_a, agency_b, users = world
    records = [
        BUILDERS[model_key](owner, status)
        for owner in (agency_a, agency_b)
        for status in (DRAFT, PublicationStatus.IN_REVIEW, PUBLISHED)
    ]
    model = type(records[0])
    user = users[role]
    viewable = set(restrict(model._default_manager.all(), user).values_list("pk", flat=True))
    for record in records:
        said = may_view_columns(user, record.publication_status, record.owner_id, model.personal_data)
        assert said == (record.pk in viewable), (role, model_key, record.publication_status)
