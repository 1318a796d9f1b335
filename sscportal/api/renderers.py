"""CSV for every list endpoint (`?format=csv`, with the same filters), our own few lines rather than a
package: djangorestframework-csv has had no release for DRF 3.15+ and renders a whole list in memory,
whereas exports here stream (sscportal.api.views.PortalViewSet.list writes rows as they are read).

One row per record, one column per serializer field, in the serializer's order. A related record is
written as its identifier (slug, ISO code, code, number or id), a list of them joined by "; ", and a
brief record without an identifier (a programme's partner role) as its values joined by ":". Cells that
a spreadsheet would read as a formula (starting with =, +, -, @) are prefixed with an apostrophe.
"""

import csv
import io

from rest_framework import renderers

IDENTIFIERS = ("slug", "iso3", "code", "number", "id")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        for key in IDENTIFIERS:
            if value.get(key) not in (None, ""):
                return cell(value[key])
        return ":".join(cell(item) for item in value.values() if item not in (None, ""))
    if isinstance(value, list | tuple):
        return "; ".join(cell(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


class Echo:
    """A file-like object whose write() returns what it was given (for streaming csv.writer)."""

    def write(self, value):
        return value


def csv_lines(columns, records):
    """The CSV text, line by line: a header, then one line per record (dicts from a serializer)."""
    writer = csv.writer(Echo())
    yield writer.writerow(columns)
    for record in records:
        yield writer.writerow([cell(record.get(column)) for column in columns])


class CSVRenderer(renderers.BaseRenderer):
    """Renders what is not streamed: one record (a detail), a page, or the error list."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        elif isinstance(data, dict) and isinstance(data.get("errors"), list):
            data = data["errors"]
        records = data if isinstance(data, list) else [data]
        columns = list(records[0]) if records and isinstance(records[0], dict) else []
        buffer = io.StringIO()
        for line in csv_lines(columns, records):
            buffer.write(line)
        return buffer.getvalue().encode(self.charset)
