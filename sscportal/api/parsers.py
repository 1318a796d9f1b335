"""The API's JSON parser: DRF's, with one more kind of bad body answered as a parse error (400).

Python's json module parses nested arrays and objects recursively, so a body nested a few thousand
levels deep raised RecursionError, which DRF's parser (catching ValueError) let through as a 500.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from error
