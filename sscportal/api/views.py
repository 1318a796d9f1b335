"""The base of every API viewset: read-only lists and details, CSV that streams, and conditional GETs.

ETag and 304: every 200 answer to a GET or HEAD carries a strong ETag, a hash of the rendered body (so
it changes exactly when what the client would see changes: the rows, their fields, the language, the
page), and a request whose If-None-Match holds it gets a 304 with no body. The database is still read
to render the body; what is saved is the transfer and the client's work. Nothing is kept in a shared
cache: answers say Cache-Control "no-cache" (clients must revalidate each time) and, for signed-in
clients, "private", and vary on Cookie, Authorization, Accept and Accept-Language. The public page
cache (sscportal/cache.py) leaves the API alone. Streamed CSV has no ETag: its body is not known until
sent. (If-Match and 412 for writes belong to the writing side: compare the client's ETag with the one
of the detail as it is now, before saving.)
"""

import hashlib
import itertools

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sscportal.api.renderers import CSVRenderer, csv_lines

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
        else:
            patch_cache_control(response, no_cache=True)
        if (
            request.method in ("GET", "HEAD")
            and isinstance(response, Response)
            and response.status_code == 200
        ):
            django_request = request._request
            response.add_post_render_callback(lambda rendered: answer_conditionally(django_request, rendered))
        return response


class PortalViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of the records the client may view (get_queryset restricts them)."""

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            return self.stream_csv(self.filter_queryset(self.get_queryset()))
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
        rows = queryset.iterator(chunk_size=CSV_CHUNK_ROWS)
        while chunk := list(itertools.islice(rows, CSV_CHUNK_ROWS)):
            yield from self.get_serializer(chunk, many=True).data


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([AllowAny])
def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/ (a lookup that does not fit its pattern, an unknown resource):
    the API's 404 in its error shape, rather than the public site's HTML page."""
    raise NotFound
