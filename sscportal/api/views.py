"""The base of every API viewset: read-only lists and details, CSV that streams, and conditional GETs.

ETag and 304: every 200 answer to a GET or HEAD carries a strong ETag, a hash of the rendered body (so
it changes exactly when what the client would see changes: the rows, their fields, the language, the
page), and a request whose If-None-Match holds it gets a 304 with no body. The database is still read
to render the body; what is saved is the transfer and the client's work. Answers must be revalidated
each time: Cache-Control "max-age=0, must-revalidate" for anonymous clients, "private, no-cache" for
signed-in ones (Django's cache keeps nothing marked no-cache); they vary on Cookie, Authorization,
Accept and Accept-Language. Answers to anonymous clients are also kept
on the server by the public page cache (sscportal/cache.py), under the same generation as the public
pages, so a repeat anonymous read costs no query until public data changes; clients with a token or a
session are never served from it. Streamed CSV has no ETag and is never kept: its body is not known
until sent.

Writing (OwnedRecordViewSet): create, update, delete, upsert by external id and the publication
workflow, for the records agencies own. An update or deletion carrying If-Match is refused with 412
unless the ETag it names is the one a GET of the detail would answer now (computed the same way, on the
locked row); without If-Match it goes ahead. Every successful write answers the record as the detail
shows it, with its ETag, so a client can send that ETag with its next change.
"""

import functools
import hashlib
import itertools

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from partners.permissions import default_owner, owner_choices
from partners.services import PUBLISH_RECORD, SUBMIT_FOR_REVIEW, UNPUBLISH_RECORD, publication_transition
from sscportal.api import lean
from sscportal.api.exceptions import PreconditionFailed
from sscportal.api.renderers import CSVRenderer, csv_lines

NOT_YOUR_AGENCY = _("You may not add or move records to this agency: choose one of your own.")
EXTERNAL_ID_MISMATCH = _("The external identifier in the body differs from the one in the address.")
NOT_AN_EXTERNAL_ID = _("An external identifier is printable text without spaces at either end.")
WRITES = ("POST", "PUT", "PATCH")

CSV_CHUNK_ROWS = 500  # rows read and serialised at a time while streaming CSV


def etag_of(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


def answer_conditionally(request, response):
    """After rendering: the ETag, and a 304 when the client already holds this body."""
    response["ETag"] = etag_of(response.content)
    return get_conditional_response(request, etag=response["ETag"], response=response)


class PortalAPIMixin:
    """What every API answer shares: the language the client asks for (Accept-Language), ETag and 304
    (see the module's docstring), and the caching headers.

    The API lives outside i18n_patterns, where Django's LocaleMiddleware settles on LANGUAGE_CODE
    (prefix_default_language=False); a partner system says its language in Accept-Language instead, which
    chooses the language of titles (modeltranslation) and of error messages."""

    def initial(self, request, *args, **kwargs):
        translation.activate(translation.get_language_from_request(request._request, check_path=False))
        request._request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie", "Authorization"))
        if request.user and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:  # stale at once, as no-cache, but which the server's anonymous cache may keep
            patch_cache_control(response, max_age=0, must_revalidate=True)
        if (
            request.method in ("GET", "HEAD")
            and isinstance(response, Response)
            and response.status_code == 200
        ):
            django_request = request._request
            response.add_post_render_callback(lambda rendered: answer_conditionally(django_request, rendered))
        elif (
            request.method in WRITES
            and isinstance(response, Response)
            and response.status_code in (200, 201)
            and response.data is not None
            and "errors" not in response.data
        ):
            response.add_post_render_callback(with_etag)
        return response


@functools.cache
def shown_fields(serializer_class) -> frozenset[str]:
    """The fields a resource's detail shows (its read serializer's), computed once per class."""
    return frozenset(serializer_class().fields)


def with_etag(response):
    """A write's answer is the record's detail: its ETag is the one a GET would answer."""
    response["ETag"] = etag_of(response.content)
    return response


class PortalViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of the records the client may view (get_queryset restricts them)."""

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            return self.stream_csv(self.filter_queryset(self.get_queryset()))
        plan = lean.plan_for(self.get_serializer_class())
        if plan is not None and self.paginator is not None and not self.format_kwarg:
            queryset = self.filter_queryset(self.get_queryset())
            rows = self.paginate_queryset(plan.select(queryset))
            try:
                return self.get_paginated_response(plan.represent(rows, self.get_serializer_context()))
            except lean.Unsupported:
                pass  # a public address that needs a related record: DRF serialises this page
        return super().list(request, *args, **kwargs)

    def stream_csv(self, queryset):
        """Every row matching the filters (no pages), read and written CSV_CHUNK_ROWS at a time."""
        columns = [name for name, field in self.get_serializer().fields.items() if not field.write_only]
        response = StreamingHttpResponse(
            csv_lines(columns, self._serialised_rows(queryset)), content_type="text/csv; charset=utf-8"
        )
        name = self.basename.replace("_", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def _serialised_rows(self, queryset):
        """Rows as the list shows them: lean (sscportal/api/lean.py) where the serializer has a plan."""
        plan = lean.plan_for(self.get_serializer_class())
        context = self.get_serializer_context()
        if plan is not None:
            rows = plan.select(queryset).iterator(chunk_size=CSV_CHUNK_ROWS)
            while chunk := list(itertools.islice(rows, CSV_CHUNK_ROWS)):
                yield from plan.represent(chunk, context)
            return
        rows = queryset.iterator(chunk_size=CSV_CHUNK_ROWS)
        while chunk := list(itertools.islice(rows, CSV_CHUNK_ROWS)):
            yield from self.get_serializer(chunk, many=True).data


class OwnedRecordViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, PortalViewSet
):
    """Reading, and writing the records agencies own (partners.models.OwnedRecord), through THE rule:

    - which rows a client may change, delete, submit or publish: restrict()/may(), asked by
      RestrictedPermission on the record (get_object() only finds rows the client may view: 404 else);
    - for which agency a client may create, or to which it may move, a record: owner_choices(), asked
      here in perform_create() and perform_update(); `owner` defaults to default_owner();
    - a read-only token writes nothing (ReadOnlyScope).
    Bodies are read by `write_serializer_class` (sscportal.api.serializers.WritableModelSerializer, which
    runs the model's full_clean() and the resource's service); answers are the record as
    `serializer_class` shows it. Each write is one transaction: all of it is saved, or nothing.
    """

    write_serializer_class: type[serializers.Serializer]
    write_actions = ("create", "update", "partial_update", "upsert")

    def get_serializer_class(self):
        return self.write_serializer_class if self.action in self.write_actions else self.serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "shown_fields": shown_fields(self.serializer_class)}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            # The row a write changes is locked until the transaction ends, so that the If-Match check
            # and the change see the same version (PostgreSQL; SQLite writes one at a time anyway).
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def get_object(self):
        if (self.lookup_url_kwarg or self.lookup_field) not in self.kwargs:
            raise NotFound  # OPTIONS of the upsert route asks for one: there is no single record there
        return super().get_object()

    # The owner: THE rule for adding ---------------------------------------------------------------
    def owner_for(self, serializer, record=None):
        """The agency the written record will belong to: the body's `owner`, else the record's own or
        the client's default agency; 403 unless the client may add records for it."""
        owner = serializer.validated_data.get("owner") or (
            record.owner if record is not None else default_owner(self.request.user)
        )
        if owner is None or not owner_choices(self.request.user).filter(pk=owner.pk).exists():
            raise PermissionDenied(NOT_YOUR_AGENCY)
        return owner

    def perform_create(self, serializer, **kwargs):
        return serializer.save(owner=self.owner_for(serializer), **kwargs)

    def perform_update(self, serializer):
        return serializer.save(owner=self.owner_for(serializer, serializer.instance))

    # If-Match ---------------------------------------------------------------------------------------
    def current_etag(self, record):
        """The ETag a GET of this record's detail would answer now (same serializer, same renderer)."""
        data = self.serializer_class(record, context=self.get_serializer_context()).data
        rendered = JSONRenderer().render(data, "application/json", {"request": self.request, "view": self})
        return etag_of(rendered)

    def check_if_match(self, record):
        header = self.request.headers.get("If-Match", "")
        if not header.strip():
            return
        etags = parse_etags(header)
        if record is None or ("*" not in etags and self.current_etag(record) not in etags):
            raise PreconditionFailed()

    def get_object_for_write(self):
        """The record to change (404 if the client may not view it, 403 if it may not do this to it),
        locked, with the client's If-Match checked against it."""
        record = self.get_object()
        self.check_if_match(record)
        return record

    def record_response(self, record, status_code=status.HTTP_200_OK):
        """The record as the detail shows it (read again, through the same queryset as a GET)."""
        record = self.get_queryset().get(pk=record.pk)
        data = self.serializer_class(record, context=self.get_serializer_context()).data
        headers = {"Location": str(data["url"])} if status_code == status.HTTP_201_CREATED else {}
        return Response(data, status=status_code, headers=headers)

    # Writes -----------------------------------------------------------------------------------------
    @transaction.atomic
    def create(self, request, *args, **kwargs):
        if not owner_choices(request.user).exists():  # may add for no agency: 403 before any 400
            raise PermissionDenied(NOT_YOUR_AGENCY)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.record_response(self.perform_create(serializer), status.HTTP_201_CREATED)

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        record = self.get_object_for_write()
        serializer = self.get_serializer(record, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self.record_response(self.perform_update(serializer))

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        self.get_object_for_write().delete()  # still referred to (PROTECT): 409, nothing deleted
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        description=_(
            "Create or replace the client's record with this external identifier: the first PUT creates "
            "it (201) under the client's agency (or the body's `owner`, if the client may add for it), "
            "every later one replaces it (200), so repeating the request leaves exactly one record. "
            "Records of other agencies with the same external identifier are never looked at."
        )
    )
    @action(detail=False, methods=["put"], url_path=r"external/(?P<external_id>[^/]{1,100})")
    @transaction.atomic
    def upsert(self, request, external_id=None):
        """PUT by the client's own identifier (see the description above)."""
        if not external_id.isprintable() or external_id != external_id.strip():
            raise ValidationError({"external_id": [NOT_AN_EXTERNAL_ID]}, code="invalid")
        serializer = self.get_serializer(data=request.data)
        owner = self.owner_for_upsert(serializer)
        # The natural key of a partner's record is (owner, external_id), unique per agency
        # (OwnedRecord's constraint); the owner was checked against owner_choices() just above.
        mine = self.get_queryset().select_for_update(of=("self",))
        record = mine.filter(owner=owner, external_id=external_id).first()
        if record is not None:
            self.check_object_permissions(request, record)
            serializer = self.get_serializer(record, data=request.data)
        self.check_if_match(record)  # If-Match with no record yet: 412 (RFC 9110, 13.1.1)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("external_id", external_id) != external_id:
            raise ValidationError({"external_id": [EXTERNAL_ID_MISMATCH]}, code="invalid")
        if record is not None:
            return self.record_response(self.perform_update(serializer))
        created = self.perform_create(serializer, external_id=external_id)
        return self.record_response(created, status.HTTP_201_CREATED)

    def owner_for_upsert(self, serializer):
        """The owner named in the body (checked as its field would check it), else the client's own."""
        data = self.request.data
        if isinstance(data, dict) and data.get("owner") is not None:
            field = serializer.fields["owner"]
            try:
                owner = field.run_validation(data["owner"])
            except ValidationError as error:
                raise ValidationError({"owner": error.detail}) from None
        else:
            owner = default_owner(self.request.user)
        if owner is None or not owner_choices(self.request.user).filter(pk=owner.pk).exists():
            raise PermissionDenied(NOT_YOUR_AGENCY)
        return owner

    # The publication workflow -----------------------------------------------------------------------
    def transition(self, transition):
        record = self.get_object_for_write()
        publication_transition(record=record, transition=transition, user=self.request.user)
        return self.record_response(record)

    @extend_schema(
        description=_("Submit a draft for review (an editor's or reviewer's token of the owning agency).")
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def submit(self, request, *args, **kwargs):
        return self.transition(SUBMIT_FOR_REVIEW)

    @extend_schema(
        description=_("Publish a draft or a record in review (a reviewer's token of the owning agency).")
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def publish(self, request, *args, **kwargs):
        return self.transition(PUBLISH_RECORD)

    @extend_schema(description=_("Take a record back to draft (a reviewer's token of the owning agency)."))
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def unpublish(self, request, *args, **kwargs):
        return self.transition(UNPUBLISH_RECORD)


class OncePerLanguageSchemaGenerator(SchemaGenerator):
    """drf-spectacular's generator, keeping what it generated for the process's life: the schema depends
    on the code and the language only (it shows every operation, whoever asks: SERVE_PUBLIC), and
    generating it takes about 200 ms."""

    generated: dict = {}  # {(language, version, public): schema}

    def get_schema(self, request=None, public=False):
        key = (translation.get_language(), self.api_version, public)
        if key not in self.generated:
            self.generated[key] = super().get_schema(request=request, public=public)
        return self.generated[key]


class PortalSchemaView(PortalAPIMixin, SpectacularAPIView):
    """/api/schema/ in the language the client asks for, as every API answer (PortalAPIMixin): ?lang=es
    (drf-spectacular's own parameter, which /api/docs/?lang=es passes on), else Accept-Language; with an
    ETag, so that a client checking for a new version gets a 304. Generated once per process and
    language."""

    generator_class = OncePerLanguageSchemaGenerator


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([AllowAny])
def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/ (a lookup that does not fit its pattern, an unknown resource):
    the API's 404 in its error shape, rather than the public site's HTML page."""
    raise NotFound
