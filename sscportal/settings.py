"""Settings for SSC Portal: one module, driven by the environment (twelve-factor).

Production differs from development only by environment variables:
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, REDIS_URL, TIME_ZONE.
https://docs.djangoproject.com/en/5.2/topics/settings/
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core -------------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env_bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
# Without DEBUG the portal refuses to serve unless SECRET_KEY is set (sscportal/checks.py: the WSGI and
# ASGI entry points and `manage.py check`/runserver stop with that message); commands that need no key,
# such as makemigrations, still run. In DEBUG a key is generated once and kept in var/dev-secret-key
# (never committed), so that sign-ins survive the autoreloader.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    _key_file = BASE_DIR / "var" / "dev-secret-key"
    if not _key_file.exists():
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Applications -----------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/applications/
INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",  # OpenAPI schema of the API
    "drf_spectacular_sidecar",  # Swagger UI files, served locally
    "knox",  # django-rest-knox: hashed API tokens (see API tokens for partner systems below)
    "django_filters",
    "simple_history",
    "axes",
    "import_export",
    "csp",  # django-csp: its system checks (see the Content Security Policy section)
    "partners",
    "programmes",
]

# https://docs.djangoproject.com/en/5.2/topics/http/middleware/
# The public page cache (sscportal/cache.py, which explains the order): ETag/304 outermost, then the
# cache update (it stores a page as every middleware below shaped it), and the cache fetch after
# sessions, language and authentication, which it needs, and before axes.
MIDDLEWARE = [
    "sscportal.cache.PublicPageConditionalGetMiddleware",
    "sscportal.cache.UpdatePublicPageCacheMiddleware",
    "sscportal.cache.PublicPageGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "sscportal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sscportal.cache.FetchPublicPageMiddleware",
    "sscportal.security.UnusableInputMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "sscportal.urls"
WSGI_APPLICATION = "sscportal.wsgi.application"
ASGI_APPLICATION = "sscportal.asgi.application"

# https://docs.djangoproject.com/en/5.2/topics/templates/
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sscportal.context_processors.alternate_languages",
            ],
            "libraries": {"filtering": "sscportal.filtering"},
        },
    },
]

# Database ---------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/databases/
# DATABASE_URL, e.g. postgres://user@host:5432/sscportal; default: an embedded SQLite file in var/.
# On PostgreSQL: psycopg 3 with Django's own connection pool and health checks, so that a restart of
# the server leaves no broken connections behind.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'sscportal.sqlite3'}"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; CONN_MAX_AGE must stay 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
        "timeout": 10,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ------------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/cache/
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sscportal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that change only with the code and its translations (the site's header and footer
# in each language): kept in each process's memory, so that reading them costs less than rendering them.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
# Rendered public pages are kept this long for anonymous visitors (0: not at all); any change to public
# data makes them out of date at once (sscportal/cache.py).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))

# Authentication ---------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#enabling-password-validation
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling: https://django-axes.readthedocs.io/en/latest/4_configuration.html
# After AXES_FAILURE_LIMIT failed sign-ins for one username from one address, that pair is locked out
# for AXES_COOLOFF_TIME hours; a successful sign-in resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("BEHIND_TLS_PROXY") else ["REMOTE_ADDR"]
)

# Audit trail: https://django-simple-history.readthedocs.io/en/latest/
# Every create, change and delete of an agency's record is kept with its user and time.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Spreadsheet import and export in the admin: https://django-import-export.readthedocs.io/
# Imports run in one transaction (all rows or none), need the model's add permission, and read CSV or XLSX.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]
EXPORT_FORMATS = IMPORT_FORMATS

# Internationalisation ---------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "sscportal" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# https://django-modeltranslation.readthedocs.io/en/latest/registration.html
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# Static files -----------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/static-files/ and https://whitenoise.readthedocs.io/
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security ---------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/security/ and `manage.py check --deploy`
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy and Permissions-Policy ------------------------------------------------
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Every script, stylesheet, image and font comes from this site (vendored, no CDN), and nothing inline:
# no <script> or style="" in templates, no 'unsafe-inline' or 'unsafe-eval'. Django 6.0 has CSP built in
# (SECURE_CSP); this is the one place to change when moving to it.
# Permissions-Policy (sscportal/security.py) turns off browser features the portal never uses.
# Django's own headers are on: X-Content-Type-Options (SECURE_CONTENT_TYPE_NOSNIFF), Referrer-Policy,
# X-Frame-Options DENY, and Cross-Origin-Opener-Policy "same-origin" (Django's default).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# REST framework ---------------------------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
# The API for partner systems under /api/v1/ (sscportal/api/, whose modules explain each choice).
# Renderers: JSON, and CSV for `?format=csv`. No browsable API: its template has inline style=""
# attributes, which the strict CSP blocks; /api/docs/ (Swagger UI, served locally) is the way to browse.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "sscportal.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["sscportal.api.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "sscportal.api.negotiation.PortalContentNegotiation",
    # Partner systems send "Authorization: Token <key>" (knox, hashed; partners/authentication.py); staff
    # signed in to the admin may also read through their session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.authentication.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # A read-only token never writes; otherwise THE rule (partners.permissions) decides.
    "DEFAULT_PERMISSION_CLASSES": [
        "partners.api_permissions.ReadOnlyScope",
        "sscportal.api.permissions.RestrictedPermission",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "sscportal.api.filters.PortalFilterBackend",  # the models' FilterSets, as the public pages
        "sscportal.api.filters.UpdatedSinceFilter",
    ],
    # The client's address: REMOTE_ADDR, or the last proxy's X-Forwarded-For entry behind one proxy
    # (never a value the client could choose).
    "NUM_PROXIES": 1 if env_bool("BEHIND_TLS_PROXY") else 0,
    "DEFAULT_THROTTLE_CLASSES": [
        "sscportal.api.throttling.AnonymousThrottle",
        "sscportal.api.throttling.PartnerThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "sscportal.api.pagination.PortalPagination",
    "PAGE_SIZE": 25,  # also sscportal.api.pagination.DEFAULT_PAGE_SIZE; at most MAX_PAGE_SIZE (100)
    "EXCEPTION_HANDLER": "sscportal.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "sscportal.api.schema.PortalAutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}

# Requests per client before 429 (sscportal/api/throttling.py): anonymous clients per address, partner
# systems per token's account. https://www.django-rest-framework.org/api-guide/throttling/
API_THROTTLE_RATES = {
    "anon": os.environ.get("API_ANON_RATE", "120/minute"),
    "partner": os.environ.get("API_PARTNER_RATE", "1200/minute"),
}

# OpenAPI schema (/api/schema/) and documentation (/api/docs/):
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
# Swagger UI's files come from drf-spectacular-sidecar (static, no CDN) and the split view loads its
# script from a URL, not inline, so the CSP above holds.
SPECTACULAR_SETTINGS = {
    # in English and Spanish, as the whole schema (sscportal/api/schema.py)
    "TITLE": _("SSC Portal API"),
    "DESCRIPTION": _(
        "Published records of South-South and triangular cooperation: programmes, study tours, events, "
        "practices and policy adoptions, with countries, agencies, themes and SDGs. Errors have one "
        'shape: {"errors": [{"field", "code", "message"}]}. Lists page with page/page_size or walk with '
        "walk=sync and cursor; every list takes updated_since and format=csv; answers carry ETags. The "
        "language: ?lang=en or ?lang=es, else Accept-Language."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "RENDERER_WHITELIST": ["rest_framework.renderers.JSONRenderer"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "partners.models.AgencyKind",
        "CountryGroupKindEnum": "partners.models.CountryGroupKind",
        "ActivityKindEnum": "programmes.choices.ActivityKind",
        "PartnerRoleEnum": "programmes.choices.PartnerRole",
        "ParticipationRoleEnum": "programmes.choices.ParticipationRole",
    },
}

# API tokens for partner systems -------------------------------------------------------------------
# https://jazzband.github.io/django-rest-knox/settings/
# Tokens are knox tokens in the model partners.PartnerToken (each bound to a PartnerSystem and so to one
# agency, optionally read-only), stored as a SHA-512 hash plus their first characters; the clear token
# is shown once, when an administrator issues it. Clients send "Authorization: Token <token>"
# (partners.authentication.PartnerTokenAuthentication). A token lives until its expiry, chosen when it is
# issued (TOKEN_TTL is only knox's default), and is never extended by use.
KNOX_TOKEN_MODEL = "partners.PartnerToken"
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=365),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "ssc_",  # recognisable by secret scanners; part of the token
}

# IATI export (/api/v1/iati/activities.xml) ----------------------------------------------------------
# https://iatistandard.org/en/guidance/preparing-organisation/organisation-account/how-to-create-your-org-id/
# Agencies have no registered IATI organisation identifier in the portal, so their refs and the activity
# identifiers start with this prefix (programmes/iati.py). "XX-SSCPORTAL" is a placeholder, not a real
# registration-agency code: set the publisher's own IATI organisation identifier before publishing.
IATI_PUBLISHER_PREFIX = os.environ.get("IATI_PUBLISHER_PREFIX", "XX-SSCPORTAL")

# Logging ----------------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/logging/
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
