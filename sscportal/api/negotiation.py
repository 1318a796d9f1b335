"""Content negotiation: `?format=json|csv` chooses the output, as in DRF, but another value of `format`
is not an error here — it belongs to a filter (the activity format of study tours and events: in_person,
virtual, hybrid), and the output is then chosen by the Accept header (JSON by default)."""

import types

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings


class PortalContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if not format_suffix:
            outputs = {renderer.format for renderer in renderers}
            values = request.query_params.getlist(api_settings.URL_FORMAT_OVERRIDE or "format")
            format_suffix = next((value for value in reversed(values) if value in outputs), None)
            if values and format_suffix is None:
                accept_only = DefaultContentNegotiation()
                accept_only.settings = types.SimpleNamespace(URL_FORMAT_OVERRIDE=None)
                return accept_only.select_renderer(request, renderers)
        return super().select_renderer(request, renderers, format_suffix)
