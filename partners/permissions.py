"""THE permission rule: which rows a user may view, change, delete, submit for review or publish, and
for which agencies they may add records. The admin, the public pages and the API all ask here.

Roles are groups (created by migration partners/0002 and kept in step after every migrate):
- Agency editor: adds and changes their agencies' records and submits them for review;
- Agency reviewer: also publishes and unpublishes their agencies' records;
- Portal administrator: everything, including reference data and users (as does a superuser).
A user works for the agencies they are a member of (AgencyMembership). Everyone, signed in or not,
sees published records, except personal data (participants, participations, follow-ups), which only
the owning agency's staff and portal administrators see.
"""

from django.db.models import Q

from partners.models import Agency, PublicationStatus

EDITOR = "Agency editor"
REVIEWER = "Agency reviewer"
ADMINISTRATOR = "Portal administrator"
ROLES = {"editor": EDITOR, "reviewer": REVIEWER, "administrator": ADMINISTRATOR}

VIEW, ADD, CHANGE, DELETE, SUBMIT, PUBLISH = "view", "add", "change", "delete", "submit", "publish"
ACTIONS = (VIEW, ADD, CHANGE, DELETE, SUBMIT, PUBLISH)

# Model permissions of each role's group: records agencies log (and the rows inside them) may be
# added, changed, deleted and viewed — restrict() then narrows that to the user's agencies; reference
# data may only be viewed (for choosing countries, agencies, themes). Administrators get every
# permission of these apps and of users and groups.
OWNED_MODELS = {
    "programmes": (
        "programme",
        "programmepartner",
        "activity",
        "studytour",
        "capacitybuildingevent",
        "participant",
        "participation",
        "followupresponse",
        "practice",
        "policyadoption",
        "adoptionstagechange",
    ),
}
REFERENCE_MODELS = {
    "partners": ("country", "countrygroup", "agency"),
    "programmes": ("theme", "sustainabledevelopmentgoal"),
}
ADMINISTRATOR_APPS = ("partners", "programmes", "auth")


def role_permissions(permission_model):
    """{group name: queryset of Permission} for the three roles."""
    editing = Q()
    for app_label, models in OWNED_MODELS.items():
        editing |= Q(content_type__app_label=app_label, content_type__model__in=models)
    viewing = Q()
    for app_label, models in REFERENCE_MODELS.items():
        viewing |= Q(
            content_type__app_label=app_label, content_type__model__in=models, codename__startswith="view_"
        )
    staff = permission_model.objects.filter(editing | viewing)
    return {
        EDITOR: staff,
        REVIEWER: staff,
        ADMINISTRATOR: permission_model.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS),
    }


def sync_role_groups(group_model, permission_model):
    """Create the three role groups and give each exactly its permissions (idempotent)."""
    for name, permissions in role_permissions(permission_model).items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def _roles(user):
    """The user's role names, cached on the user object for the request."""
    if not hasattr(user, "_ssc_roles"):
        user._ssc_roles = (
            set(user.groups.values_list("name", flat=True))
            if user.is_authenticated and user.is_active
            else set()
        )
    return user._ssc_roles


def is_portal_administrator(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or ADMINISTRATOR in _roles(user))
    )


def agency_ids(user) -> set[int]:
    """The agencies the user works for, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_ssc_agency_ids"):
        user._ssc_agency_ids = set(user.agency_memberships.values_list("agency_id", flat=True))
    return user._ssc_agency_ids


def acting_agency_ids(user, action) -> set[int]:
    """The agencies for whose records the user may take `action` by their role (not administrators)."""
    roles = _roles(user)
    allowed = REVIEWER in roles if action == PUBLISH else bool(roles & {EDITOR, REVIEWER})
    return agency_ids(user) if allowed else set()


def _viewable(user, personal_data):
    """THE rule for viewing, once, for restrict() and may_view_columns(): None when `user` may view every
    row, else (the agencies whose rows they may view, whether they may view published rows too)."""
    if is_portal_administrator(user):
        return None
    return agency_ids(user), not personal_data


def restrict(queryset, user, action=VIEW):
    """The rows of `queryset` (an OwnedQuerySet) that `user` may take `action` on."""
    if action not in ACTIONS or action == ADD:
        raise ValueError(f"restrict() takes one of {ACTIONS} but add; for add, use owner_choices()")
    if is_portal_administrator(user):
        return queryset
    if action == VIEW:
        agencies, published = _viewable(user, queryset.model.personal_data)
        if not agencies and not published:
            return queryset.none()
        # without agencies (the public), published rows only: no empty "their agencies" branch for Django
        # to build and compile away in every public query (about 0.1 ms each)
        condition = Q(owner_id__in=agencies) if agencies else Q()
        if published:
            condition |= Q(publication_status=PublicationStatus.PUBLISHED)
        return queryset.filter(condition)
    agencies = acting_agency_ids(user, action)
    return queryset.filter(owner_id__in=agencies) if agencies else queryset.none()


def may_view_columns(user, publication_status, owner_id, personal_data=False) -> bool:
    """restrict(…, VIEW) for one record, from its own two columns, without a query: a record named by
    another (an activity's programme) is shown only where it could be viewed itself."""
    rule = _viewable(user, personal_data)
    if rule is None:
        return True
    agencies, published = rule
    return owner_id in agencies or (published and publication_status == PublicationStatus.PUBLISHED)


def views_published_only(user) -> bool:
    """Whether `user` may view agencies' records only once published, as the public does (neither an
    administrator nor on an agency's staff): then what is derived from published records alone (the
    places of programmes: programmes.models.ProgrammePlace) answers for them as the records would.
    No query for a visitor who is not signed in."""
    rule = _viewable(user, personal_data=False)
    return rule is not None and not rule[0]


def may_view_record(user, record) -> bool:
    """may_view_columns() for a record already read (an activity's programme, read with it): no query.
    The admin's columns, the API's related slugs and the templates' viewable_by filter all ask this."""
    return may_view_columns(user, record.publication_status, record.owner_id, record.personal_data)


def may(user, action, record) -> bool:
    """Whether `user` may take `action` on this one saved record (one query, through restrict)."""
    return restrict(type(record)._default_manager.filter(pk=record.pk), user, action).exists()


def owner_choices(user):
    """The agencies a user may add records for: all for administrators, else their own (by role)."""
    if is_portal_administrator(user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=acting_agency_ids(user, ADD))


def default_owner(user):
    """The agency a new record of this user belongs to unless they choose: their first own agency
    (for an administrator who is a member of none, the first agency there is), or None."""
    choices = owner_choices(user)
    return choices.filter(pk__in=agency_ids(user)).first() or choices.first()
