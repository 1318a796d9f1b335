"""Template context every page shares."""

from django.conf import settings
from django.urls import translate_url


def alternate_languages(request):
    """The page's address in each language, for hreflang links and the canonical link."""
    base = f"{request.scheme}://{request.get_host()}"
    return {
        "canonical_url": base + request.path,
        "alternate_urls": [
            (code, base + translate_url(request.path, code)) for code, _name in settings.LANGUAGES
        ],
    }
