"""URL configuration: public pages under language prefixes (English unprefixed, Spanish under /es/),
the admin, and the health check. https://docs.djangoproject.com/en/5.2/topics/http/urls/"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularSwaggerSplitView

from programmes.api import iati as iati_api
from sscportal.api.views import PortalSchemaView
from sscportal.search import SearchView
from sscportal.sitemaps import SITEMAPS
from sscportal.views import healthz, robots_txt

admin.site.site_header = _("SSC Portal administration")
admin.site.site_title = _("SSC Portal")
admin.site.index_title = _("Records of South-South and triangular cooperation")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # sitemap.xml is an index of the sections' sitemaps (sscportal/sitemaps.py)
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("i18n/", include("django.conf.urls.i18n")),
    # IATI activity XML (programmes/api/iati.py), before the router's api/v1/ routes.
    path("api/v1/iati/activities.xml", iati_api.iati_activities, name="iati_activities"),
    path("api/v1/iati/activities/<slug:slug>.xml", iati_api.iati_activity, name="iati_activity"),
    # The REST API (issue 6), outside the language prefixes: sscportal/api/router.py, and its OpenAPI schema
    # and offline documentation (drf-spectacular, Swagger UI from drf-spectacular-sidecar).
    path("api/v1/", include(("sscportal.api.router", "api"), namespace="api")),
    path("api/schema/", PortalSchemaView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("partners.urls")),
    path("", include("programmes.urls")),
    prefix_default_language=False,
)
