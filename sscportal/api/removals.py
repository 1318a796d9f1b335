"""The removals feed, `/api/v1/removals/?updated_since=<ISO>`: the records that left the client's view
since then, so that a partner system copying the portal with `updated_since` (which shows what was
created or changed) also learns what to delete.

A record leaves a client's view when it is deleted, or when a change makes it one the client may no
longer view (unpublished, for a client that sees only published rows; rarely, handed to another agency
while a draft). Each entry names the resource (its route, e.g. "programmes"), the record's id, its slug
and external_id where it has them, its owning agency's slug, when it left the client's view
(`removed_at`) and why: "deleted" (it no longer exists) or "unpublished" (it exists, but this client may
no longer view it).

Where it comes from: the audit trail (django-simple-history, partners/audit.py), which already keeps
every version of every record, deletions included (history_type "-"); no tombstone table. THE
permission rule (partners.permissions.restrict) decides, for each version, whether the client could
have viewed the record as it was then (historical versions carry their model's personal_data flag). A
version is a *removal* for a client when
  * it is a deletion, and the record as it was deleted was visible to the client, or
  * it is a change after which the client may not view the record, and just before it (the previous
    version) could;
and it is listed when, moreover, no later version made the record visible again and the record is not
visible to the client now (so a record deleted and then restored, or unpublished and published again,
is not listed). An adoption is listed only while its practice may be viewed: it also leaves the client's
view when its practice does (_adoptions_gone_with_their_practice). So an anonymous client hears only of
records that were published, and personal data (participations, follow-ups) only reaches the owning
agency's clients. A record appears at most once, with its last departure.

Order and pages are those of every list: numbered pages, or the keyset walk (`?walk=sync`), here in the
order (removed_at, resource, id); each page is one query over the resources' histories (a UNION), plus a
COUNT for numbered pages. `updated_since` is inclusive, as on the lists: a sync that saves the moment it
starts and passes it to both the lists and this feed next time misses nothing. Records changed without
the audit trail (bulk loads such as generate_sample_data, QuerySet.update()) have no previous version to
compare with: their deletion is still listed (a deletion keeps the record's last state), an
unpublication only once the record has a version in the trail.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, replace

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError

from partners.permissions import VIEW, restrict
from programmes.models import (
    CapacityBuildingEvent,
    FollowUpResponse,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    StudyTour,
)
from sscportal.api.filters import UpdatedSinceFilter, parse_timestamp
from sscportal.api.pagination import (
    BAD_CURSOR,
    PAGE_PAST_THE_END,
    PortalPagination,
    is_key,
    positive_number,
)
from sscportal.api.renderers import CSVRenderer
from sscportal.api.views import PortalAPIMixin, PortalViewSet

DELETED, UNPUBLISHED = "deleted", "unpublished"

# The resources whose records agencies own, by route (sscportal/api/router.py), in the feed's order
# among removals of the same moment. StudyTour and CapacityBuildingEvent share Activity's history; their
# versions are told apart by `kind` (the proxy's fixed_kind).
RESOURCES = {
    "programmes": Programme,
    "study-tours": StudyTour,
    "events": CapacityBuildingEvent,
    "practices": Practice,
    "adoptions": PolicyAdoption,
    "participations": Participation,
    "follow-ups": FollowUpResponse,
}
COLUMNS = (
    "resource_rank",
    "resource",
    "record_id",
    "record_slug",
    "record_external_id",
    "owner_slug",
    "removed_at",
    "reason",
)
ORDER = ("removed_at", "resource_rank", "record_id")
RANK = {resource: rank for rank, resource in enumerate(RESOURCES)}


def _versions_viewable(versions, user):
    """The versions (of a historical queryset) that `user` could have viewed, were each the record:
    THE rule applied to the record as it was; a deletion row is the record as it was deleted."""
    return restrict(versions, user, VIEW)


def _removals_of(rank, resource, model, user, since=None, after=None):
    """The removals of one resource for `user` (see the module's docstring), as rows of COLUMNS; None
    when the user may never view any record of it (personal data for other clients)."""
    history = model.history.model
    if _versions_viewable(history.objects.all(), user).query.is_empty():
        return None
    versions = history.objects.all()
    if getattr(model, "fixed_kind", None):
        versions = versions.filter(kind=model.fixed_kind)
    same_record = history.objects.filter(id=OuterRef("id"))
    at = OuterRef("history_date")
    earlier = Q(history_date__lt=at) | Q(history_date=at, history_id__lt=OuterRef("history_id"))
    later = Q(history_date__gt=at) | Q(history_date=at, history_id__gt=OuterRef("history_id"))
    previous = same_record.filter(earlier).order_by("-history_date", "-history_id").values("history_id")
    this_viewable = Exists(
        _versions_viewable(history.objects.filter(history_id=OuterRef("history_id")), user)
    )
    previous_viewable = Exists(
        _versions_viewable(
            history.objects.filter(history_id=OuterRef("previous_version")).exclude(history_type="-"), user
        )
    )
    viewable_again = Exists(_versions_viewable(same_record.filter(later).exclude(history_type="-"), user))
    viewable_now = Exists(restrict(model._default_manager.filter(pk=OuterRef("id")), user, VIEW))
    exists_now = Exists(model._meta.concrete_model._base_manager.filter(pk=OuterRef("id")))

    if since is not None:
        versions = versions.filter(history_date__gte=since)
    if after is not None:
        versions = versions.filter(_after(rank, after))
    deleted_in_view = Q(history_type="-") & this_viewable
    hidden_from_view = ~Q(history_type="-") & ~this_viewable & previous_viewable
    slug = F("slug") if any(f.name == "slug" for f in history._meta.fields) else Value(None)
    return (
        versions.annotate(previous_version=Subquery(previous[:1]))
        .filter(deleted_in_view | hidden_from_view)
        .filter(~viewable_again, ~viewable_now)
        .order_by()
        .annotate(
            resource_rank=Value(rank),
            resource=Value(resource),
            record_id=F("id"),
            record_slug=models.ExpressionWrapper(slug, output_field=models.CharField()),
            record_external_id=F("external_id"),
            owner_slug=F("owner__slug"),
            removed_at=F("history_date"),
            reason=Case(When(exists_now, then=Value(UNPUBLISHED)), default=Value(DELETED)),
        )
        .values(*COLUMNS)
    )


def _adoptions_gone_with_their_practice(rank, user, since=None, after=None):
    """The adoptions that left the client's view with their practice, as rows of COLUMNS: an adoption is
    listed only while its practice may be viewed (PolicyAdoption.objects.visible), so when the practice
    leaves the client's view (its own removal, not undone since), each adoption of it that the client may
    view by its own columns leaves too, at that moment, if it was in the client's view then (by its
    version of that moment; a record without one, such as bulk-loaded sample data, by its creation)."""
    history = PolicyAdoption.history.model
    # The practices' departures (few), read once; then, for their adoptions only, each one's moment.
    practices_left = _removals_of(RANK["practices"], "practices", Practice, user, since)
    left_at = practices_left.filter(record_id=OuterRef("practice_id")).values("removed_at")[:1]
    at_that_moment = history.objects.filter(id=OuterRef("pk"), history_date__lte=OuterRef("practice_left_at"))
    version_then = at_that_moment.order_by("-history_date", "-history_id").values("history_id")[:1]
    viewable_then = Exists(
        _versions_viewable(
            history.objects.filter(history_id=OuterRef("version_then")).exclude(history_type="-"), user
        )
    )
    adoptions = (
        restrict(PolicyAdoption._default_manager.all(), user, VIEW)
        .filter(practice__in=practices_left.values("record_id"))
        .annotate(practice_left_at=Subquery(left_at))
        .filter(created_at__lte=F("practice_left_at"))
        .annotate(version_then=Subquery(version_then))
        .filter(Q(version_then__isnull=True) | viewable_then)
    )
    if after is not None:
        adoptions = adoptions.filter(_after(rank, after, moment="practice_left_at", key="pk"))
    return (
        adoptions.order_by()
        .annotate(
            resource_rank=Value(rank),
            resource=Value("adoptions"),
            record_id=F("pk"),
            record_slug=Value(None, output_field=models.CharField()),
            record_external_id=F("external_id"),
            owner_slug=F("owner__slug"),
            removed_at=F("practice_left_at"),
            reason=Value(UNPUBLISHED),
        )
        .values(*COLUMNS)
    )


def _after(rank, cursor, moment="history_date", key="id"):
    """The removals of the resource of rank `rank` after the cursor (removed_at, rank, id), in ORDER;
    `moment` and `key` name the removal's moment and record id in the rows filtered."""
    at, cursor_rank, record_id = cursor
    if rank > cursor_rank:
        return Q(**{f"{moment}__gte": at})
    if rank < cursor_rank:
        return Q(**{f"{moment}__gt": at})
    return Q(**{f"{moment}__gt": at}) | Q(**{moment: at, f"{key}__gt": record_id})


@dataclass(frozen=True)
class RemovalFeed:
    """The removals a user may learn of, lazily: narrowed by since() and after(), read as a QuerySet
    of dicts (one UNION query over the resources' histories) by count(), slicing and iterator()."""

    user: object
    since_moment: datetime.datetime | None = None
    after_key: tuple | None = None

    def since(self, moment):
        return replace(self, since_moment=moment)

    def after(self, key):
        return replace(self, after_key=key)

    def queryset(self):
        # Never empty: every client may view published programmes, so that part is always there.
        parts = [
            part
            for rank, (resource, model) in enumerate(RESOURCES.items())
            if (part := _removals_of(rank, resource, model, self.user, self.since_moment, self.after_key))
            is not None
        ]
        parts.append(
            _adoptions_gone_with_their_practice(
                RANK["adoptions"], self.user, self.since_moment, self.after_key
            )
        )
        return parts[0].union(*parts[1:], all=True).order_by(*ORDER)

    def count(self):
        return self.queryset().count()

    def __getitem__(self, key):
        return self.queryset()[key]

    def iterator(self, chunk_size=None):
        return self.queryset().iterator(chunk_size=chunk_size)


# The API -----------------------------------------------------------------------------------------


class RemovalSerializer(serializers.Serializer):
    resource = serializers.ChoiceField(
        choices=list(RESOURCES), help_text=_("The record's resource, as routed under /api/v1/.")
    )
    id = serializers.IntegerField(source="record_id", help_text=_("The record's id."))
    slug = serializers.CharField(
        source="record_slug", allow_null=True, help_text=_("The record's slug, for resources that have one.")
    )
    external_id = serializers.CharField(
        source="record_external_id", help_text=_("The owning agency's own identifier (may be empty).")
    )
    owner = serializers.CharField(
        source="owner_slug", allow_null=True, help_text=_("The owning agency's slug.")
    )
    removed_at = serializers.DateTimeField(help_text=_("When the record left the client's view."))
    reason = serializers.ChoiceField(
        choices=[DELETED, UNPUBLISHED],
        help_text=_(
            "deleted: the record no longer exists; unpublished: it exists, but this client may no longer "
            "view it."
        ),
    )


class RemovedSinceFilter(UpdatedSinceFilter):
    """`updated_since`, as on every list: the removals at or after that moment."""

    def since(self, feed, moment):
        return feed.since(moment)

    def get_schema_operation_parameters(self, view):
        [parameter] = super().get_schema_operation_parameters(view)
        parameter["description"] = _(
            "Only records that left the client's view at or after this moment (ISO 8601; no zone means "
            "UTC): the moment the previous sync started."
        )
        return [parameter]


class RemovalPagination(PortalPagination):
    """The pages and the keyset walk of every list, over the feed's order (removed_at, resource, id)."""

    def _page(self, feed):
        self.walking = False
        self.number = positive_number(self.request, self.page_query_param, 1)
        self.count = feed.count()
        offset = (self.number - 1) * self.page_size
        if offset and offset >= self.count:
            raise NotFound(PAGE_PAST_THE_END)
        return list(feed[offset : offset + self.page_size])

    def _walk(self, feed, cursor):
        self.walking = True
        return self._take(feed.after(self._decode(cursor)) if cursor else feed)

    def _decode(self, cursor):
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
            if not isinstance(values, list) or len(values) != len(ORDER):
                raise ValueError
            moment = parse_timestamp(values[0]) if isinstance(values[0], str) else None
            if moment is None or not all(is_key(value) for value in values[1:]):
                raise ValueError
            return moment, values[1], values[2]
        except (ValueError, TypeError, UnicodeError, binascii.Error):
            raise ValidationError({self.cursor_query_param: [BAD_CURSOR]}, code="invalid") from None

    def _encode(self, row):
        values = [row["removed_at"].isoformat(), row["resource_rank"], row["record_id"]]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode("ascii")


@extend_schema(
    description=_(
        "Records that left the client's view since `updated_since`: deleted, or no longer visible to it "
        "(unpublished). A partner system copying the portal deletes them on its side. Anonymous clients "
        "hear only of records that were published; participations and follow-ups only reach the owning "
        "agency's clients. A record deleted and then restored, or unpublished and published again, is "
        "not listed."
    )
)
class RemovalViewSet(PortalAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Records that left the client's view — deleted, or no longer visible to it (unpublished) — since
    `updated_since`: what a partner system copying the portal deletes on its side. Anonymous clients
    hear only of records that were published; participations and follow-ups only reach the owning
    agency's clients. A record deleted and then restored (or unpublished and published again) is not
    listed."""

    serializer_class = RemovalSerializer
    pagination_class = RemovalPagination
    filter_backends = [RemovedSinceFilter]

    # CSV (`?format=csv`): every removal, streamed, as every list's export (PortalViewSet's own code).
    stream_csv = PortalViewSet.stream_csv
    _serialised_rows = PortalViewSet._serialised_rows

    def get_queryset(self):
        return RemovalFeed(self.request.user)

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            return self.stream_csv(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)
