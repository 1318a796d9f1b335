"""IATI activity XML (2.03) of published programmes: the whole feed and one programme, streamed.

The mapping lives in programmes/iati.py; these views only choose the programmes and stream the file.
"""

from django.http import Http404, StreamingHttpResponse
from django.views.decorators.http import require_safe

from programmes import iati

CONTENT_TYPE = "application/xml; charset=utf-8"


def _xml_response(programmes, request):
    pieces = iati.document(programmes, iati.Links.for_request(request))
    return StreamingHttpResponse((piece.encode() for piece in pieces), content_type=CONTENT_TYPE)


@require_safe
def iati_activities(request):
    """/api/v1/iati/activities.xml: every published programme, one <iati-activity> at a time."""
    programmes = iati.published_programmes().iterator(chunk_size=iati.CHUNK_SIZE)
    return _xml_response(programmes, request)


@require_safe
def iati_activity(request, slug):
    """/api/v1/iati/activities/<slug>.xml: one published programme (404 for drafts and unknown slugs)."""
    programme = iati.published_programmes().filter(slug=slug).first()
    if programme is None:
        raise Http404("No published programme has this slug.")
    return _xml_response([programme], request)
