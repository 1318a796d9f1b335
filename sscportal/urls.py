"""URL configuration: public pages under language prefixes (English unprefixed, Spanish under /es/),
the admin, and the health check. https://docs.djangoproject.com/en/5.2/topics/http/urls/"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from sscportal.views import healthz

admin.site.site_header = _("SSC Portal administration")
admin.site.site_title = _("SSC Portal")
admin.site.index_title = _("Records of South-South and triangular cooperation")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("partners.urls")),
    path("", include("programmes.urls")),
    prefix_default_language=False,
)
