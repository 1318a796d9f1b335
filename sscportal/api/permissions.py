"""The DRF adapter over the one permission rule (partners.permissions). Which rows a client sees is
decided in each viewset's get_queryset() by restrict(); this class only maps HTTP methods to the
rule's actions (and the workflow endpoints to submit and publish), so that the writing side adds
nothing but the owner check of perform_create/perform_update (owner_choices).
https://www.django-rest-framework.org/api-guide/permissions/
"""

from rest_framework import permissions

from partners.permissions import CHANGE, DELETE, PUBLISH, SUBMIT, may

ACTIONS = {"PUT": CHANGE, "PATCH": CHANGE, "DELETE": DELETE}
# The publication workflow's endpoints (POST …/submit/, …/publish/, …/unpublish/), by viewset action.
WORKFLOW_ACTIONS = {"submit": SUBMIT, "publish": PUBLISH, "unpublish": PUBLISH}


class RestrictedPermission(permissions.BasePermission):
    """Reading is open (restrict() narrows the rows: the public sees published ones, agency staff also
    their own agency's drafts); writing needs a signed-in client allowed by the rule on that record."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True  # the row came through restrict(user, "view")
        action = WORKFLOW_ACTIONS.get(getattr(view, "action", None)) or ACTIONS.get(request.method)
        return action is not None and may(request.user, action, obj)
