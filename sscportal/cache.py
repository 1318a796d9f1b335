"""The public page cache: rendered public pages, kept for anonymous visitors and revalidated cheaply.

What is cached: the full response to an anonymous GET or HEAD of a public page (the views of the
`programmes` and `partners` namespaces, the search page and sitemap.xml; never the admin or the health
check), when it is a 200 that sets no cookie and whose view chose no Cache-Control of its own; and the
API's answers to anonymous clients (the `api` namespace, /api/v1/: JSON, not the streamed CSV or XML),
which keep the headers the API gives them (ETag, "max-age=0, must-revalidate": clients revalidate each
time; see sscportal/api/views.py). Signed-in users (staff see drafts) and API clients sending a token
(Authorization) never get an answer from the cache and never put one in it. An anonymous API client
served from the cache still counts against its rate (the API's throttle, checked here on a hit).

Keys: Django's own page-cache keys (the page's full address with its query string, and the active
language), under a prefix that holds the *generation*: the time, in nanoseconds, of the last change to
any record a public page can show. Saving, deleting or re-linking (many-to-many) such a record bumps the
generation, so every cached page is out of date at once without finding or deleting keys; old entries
simply expire (settings.PUBLIC_PAGE_CACHE_SECONDS, default 600; 0 turns the cache off). The generation
time is also each anonymous page's Last-Modified.

Why subclasses of Django's middleware rather than a cache of our own: django.middleware.cache already
does the hard parts (keys from the address, language and Vary headers, HEAD served from GET, Age,
refusing private and cookie-setting responses, rendering TemplateResponses before storing), and
ConditionalGetMiddleware already does ETags and 304s. What they lack, added here in a few lines each:
  * who may use the cache: Django's middleware caches for everyone; here only anonymous visitors of
    public pages (FetchPublicPageMiddleware decides once per request, before the view);
  * a key prefix that changes per request (the generation): Django keeps `key_prefix` on the one,
    shared middleware instance, so each request works on a shallow copy with its own prefix;
  * a key that ignores cookies: pages vary on Cookie (anonymous or signed in), and the response says so
    to browsers and proxies, but only anonymous requests reach this cache, so a visitor's unrelated
    cookies (analytics, a csrftoken left by the admin) must not give them a private copy;
  * the headers: Cache-Control "public, max-age=60" and Last-Modified for anonymous visitors,
    "private, no-cache" for signed-in users; ETag and 304 for both, on public pages only.

Compression: what anonymous visitors get is gzipped when they accept it (PublicPageGZipMiddleware),
before it is stored, so a hit is not compressed again. Pages then vary on Accept-Encoding, which
clients spell in many ways ("gzip, deflate, br", "gzip, deflate, br, zstd", "identity", none): the
header is reduced to gzip or nothing first (_one_accept_encoding), so that there are two cached copies
of a page, not one per spelling, each rendered once.

Middleware order (settings.MIDDLEWARE): PublicPageConditionalGetMiddleware first (outermost, so that
it answers 304 for fresh and cached pages alike, after the full 200 has been stored),
UpdatePublicPageCacheMiddleware second (it stores the page as every inner middleware shaped it: security
headers, CSP, Content-Language), PublicPageGZipMiddleware third (the page is stored compressed),
FetchPublicPageMiddleware after Session, Locale and Authentication (it needs the language and
request.user) and before axes (which must stay last; it has nothing to do for a cached page).
"""

import copy
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    has_vary_header,
    patch_cache_control,
    patch_response_headers,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Browsers and proxies may reuse a public page for a minute without asking; after that they revalidate
# (If-None-Match / If-Modified-Since), which the cache answers with a 304 without touching the database.
# Short because they cannot be told when a record is unpublished: a withdrawn page lingers at most 60 s.
BROWSER_MAX_AGE = 60

PUBLIC_NAMESPACES = frozenset({"programmes", "partners"})
PUBLIC_VIEW_NAMES = frozenset({"search", "sitemap_index", "sitemap_section"})
API_NAMESPACE = "api"
PAGE, API = "page", "api"  # what a cacheable address is (_public_kind)

ANONYMOUS, SIGNED_IN = "anonymous", "signed-in"
_AUDIENCE = "_public_page_audience"  # request attributes set by FetchPublicPageMiddleware
_GENERATION = "_public_page_generation"
_FROM_CACHE = "_public_page_from_cache"
_KIND = "_public_page_kind"


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def current_generation() -> int:
    """The time (ns) of the last change to public data; set to now if the cache has lost it."""
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # whoever added first
    return generation or time.time_ns()


def request_generation(request) -> int:
    """The generation this request's public page is rendered under (read once per request); the
    current one when there is no request, or none was read for it."""
    return getattr(request, _GENERATION, None) or current_generation()


def invalidate_public_pages() -> None:
    """Every cached public page is out of date from now on (it stays until it expires, never served)."""
    cache = _cache()
    previous = cache.get(GENERATION_KEY) or 0
    cache.set(GENERATION_KEY, max(time.time_ns(), previous + 1), timeout=None)


def _public_kind(request) -> str | None:
    """PAGE for a public page, API for the REST API, None for anything else (admin, health check…)."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    if match.namespace in PUBLIC_NAMESPACES or match.view_name in PUBLIC_VIEW_NAMES:
        return PAGE
    return API if match.namespace == API_NAMESPACE else None


def _throttle_allows(request) -> bool:
    """Whether the API's anonymous rate lets this client have one more answer (counting it if so)."""
    from sscportal.api.throttling import AnonymousThrottle

    return AnonymousThrottle().allow_request(request, None)


def _with_prefix(middleware, request):
    """A copy of the shared middleware instance whose key prefix holds this request's generation."""
    worker = copy.copy(middleware)
    generation = getattr(request, _GENERATION)
    worker.key_prefix = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}public-pages.{generation}"
    worker.page_timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    return worker


def _one_accept_encoding(request):
    """An anonymous visitor's Accept-Encoding as the portal reads it: gzip or nothing, as
    PublicPageGZipMiddleware decides (the cache keys read the header: see the module's docstring)."""
    if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    else:
        request.META.pop("HTTP_ACCEPT_ENCODING", None)


class FetchPublicPageMiddleware(FetchFromCacheMiddleware):
    """Decides who this request is for, and serves anonymous visitors a cached public page."""

    def process_request(self, request):
        request._cache_update_cache = False
        kind = _public_kind(request) if request.method in ("GET", "HEAD") else None
        if kind is None or (kind == API and "authorization" in request.headers):
            return None  # a token's answers are the API's own business (private, never stored)
        if request.user.is_authenticated:
            setattr(request, _AUDIENCE, SIGNED_IN)
            return None
        setattr(request, _AUDIENCE, ANONYMOUS)
        _one_accept_encoding(request)
        setattr(request, _KIND, kind)
        setattr(request, _GENERATION, current_generation())
        if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
            return None
        if kind == API:
            # The language the API will answer in (Accept-Language; it lives outside i18n_patterns), which
            # is part of the key it stores the answer under.
            request.LANGUAGE_CODE = translation.get_language_from_request(request, check_path=False)
        response = FetchFromCacheMiddleware.process_request(_with_prefix(self, request), request)
        if response is None:
            return None
        if kind == API and not _throttle_allows(request):
            return None  # the view answers 429 in the API's shape
        setattr(request, _FROM_CACHE, True)
        patch_vary_headers(response, ("Cookie",))  # stored without it: see UpdatePublicPageCache…
        return response


class UpdatePublicPageCacheMiddleware(UpdateCacheMiddleware):
    """Gives public pages their caching headers, and stores anonymous visitors' pages."""

    def process_response(self, request, response):
        audience = getattr(request, _AUDIENCE, None)
        if audience == SIGNED_IN:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if audience != ANONYMOUS or getattr(request, _FROM_CACHE, False) or request.user.is_authenticated:
            return response
        if response.status_code != 200 or response.streaming:
            return response  # errors, and streamed exports, are left as they are
        if getattr(request, _KIND, None) == API:
            # Stored with the API's own headers (max-age=0: revalidated by ETag each time), and Expires
            # now, so that storing it (UpdateCacheMiddleware) promises browsers nothing more.
            patch_response_headers(response, 0)
        elif response.has_header("Cache-Control"):
            return response  # views that chose their own caching are left as they are
        else:
            response.headers.setdefault("Last-Modified", http_date(getattr(request, _GENERATION) / 1e9))
            patch_cache_control(response, public=True)
            patch_response_headers(response, BROWSER_MAX_AGE)  # max-age and Expires
        if response.cookies or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)  # stored with the page, so that a hit is not hashed again
        varies_on_cookie = has_vary_header(response, "Cookie")
        if varies_on_cookie:  # keep cookies out of the key: only anonymous requests get here
            others = [h for h in cc_delim_re.split(response["Vary"]) if h.lower() != "cookie"]
            del response.headers["Vary"]
            if others:
                response.headers["Vary"] = ", ".join(others)
        response = UpdateCacheMiddleware.process_response(_with_prefix(self, request), request, response)
        if varies_on_cookie:
            patch_vary_headers(response, ("Cookie",))
        return response


class PublicPageGZipMiddleware(GZipMiddleware):
    """Django's gzip compression, for what anonymous visitors get (public pages and the API's answers to
    clients without a token), when they accept it: five to six times fewer bytes (the programme list:
    61 KB, 11 KB compressed), which counts on the slow connections of many of the portal's readers.
    Signed-in users' and token clients' answers are never compressed: they hold what others must not
    read, which compression can leak to a site that makes the browser send guesses alongside (BREACH).
    What anonymous visitors get holds nothing of the kind, so Django's defence against BREACH (random
    bytes in each response) is left out: a page compresses to the same bytes each time, so its ETag
    stays the same. Vary: Accept-Encoding keeps a plain copy in the cache for clients without gzip."""

    max_random_bytes = 0

    def process_response(self, request, response):
        if getattr(request, _AUDIENCE, None) != ANONYMOUS:
            return response
        return super().process_response(request, response)


class PublicPageConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag and 304 Not Modified for public pages (fresh or from the cache); other pages are untouched."""

    def process_response(self, request, response):
        if getattr(request, _AUDIENCE, None) is None:
            return response
        return super().process_response(request, response)


# Invalidation -----------------------------------------------------------------------------------


def _public_models() -> tuple[type, ...]:
    """Every model a public page can show: the agencies' records (OwnedRecord's subclasses and their
    proxies) and what they point at."""
    from partners.models import Agency, Country, CountryGroup, OwnedRecord
    from programmes.models import AdoptionStageChange, ProgrammePartner, SustainableDevelopmentGoal, Theme

    return (
        OwnedRecord,
        Country,
        CountryGroup,
        Agency,
        ProgrammePartner,
        Theme,
        SustainableDevelopmentGoal,
        AdoptionStageChange,
    )


def _invalidate_now_and_on_commit(using=None):
    """Now, so that the change shows at once (also inside the transaction); and again after the commit,
    since a page rendered meanwhile from the data not yet committed may have been stored under the new
    generation. A cache outage must not stop a save: it is logged, and pages then expire on their own."""
    try:
        invalidate_public_pages()
        if transaction.get_connection(using).in_atomic_block:
            transaction.on_commit(invalidate_public_pages, using=using, robust=True)
    except Exception:
        logger.exception("Could not invalidate the public page cache")


def connect_invalidation() -> None:
    """Bump the generation whenever a record a public page can show is saved, deleted or re-linked, or a
    spreadsheet import ends. Called once from PartnersConfig.ready(). Bulk writes that send no signals
    (bulk_create, QuerySet.update) call invalidate_public_pages() themselves, as the data commands do."""
    from import_export.signals import post_import

    public_models = _public_models()

    def record_changed(sender, using=None, **kwargs):
        if issubclass(sender, public_models):
            _invalidate_now_and_on_commit(using)

    def links_changed(sender, instance, action, model, using=None, **kwargs):
        if action.startswith("post_") and (
            isinstance(instance, public_models) or issubclass(model, public_models)
        ):
            _invalidate_now_and_on_commit(using)

    def import_finished(sender, **kwargs):
        _invalidate_now_and_on_commit()

    post_save.connect(record_changed, weak=False, dispatch_uid="sscportal.cache.saved")
    post_delete.connect(record_changed, weak=False, dispatch_uid="sscportal.cache.deleted")
    m2m_changed.connect(links_changed, weak=False, dispatch_uid="sscportal.cache.links")
    post_import.connect(import_finished, weak=False, dispatch_uid="sscportal.cache.imported")
