"""Template context every page shares."""

from django.conf import settings
from django.urls import translate_url


def alternate_languages(request):
    """The page's address in each language: absolute, for the hreflang and canonical links; and
    relative with the query string kept, for the language switcher (the same filters, in Spanish)."""
    base = f"{request.scheme}://{request.get_host()}"
    query = request.META.get("QUERY_STRING", "")
    paths = [(code, name, translate_url(request.path, code)) for code, name in settings.LANGUAGES]
    return {
        "canonical_url": base + request.path,
        "alternate_urls": [(code, base + path) for code, _name, path in paths],
        "language_links": [(code, name, f"{path}?{query}" if query else path) for code, name, path in paths],
    }
