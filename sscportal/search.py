"""Site search (/search/?q=): programmes, study tours, events, practices, countries and agencies that
the visitor may view, each kind with its number of matches and its best few. The search rule itself is
SearchQuerySet.search() (partners/models.py), which the list pages' `q` filters use too. No participant
data is searched or shown."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from partners.models import SEARCH_MAX_LENGTH, Agency, Country, search_text
from programmes.choices import ActivityKind
from programmes.models import Activity, Practice, Programme


@dataclass(frozen=True)
class SearchGroup:
    """One kind of result: its heading and its list page (if it has one); `value` tells it apart from
    the other groups of its source (the activity kind)."""

    key: str
    label: Promise
    list_url_name: str | None = None
    value: str | None = None

    def result(self, text, rows, total):
        list_url = None
        if self.list_url_name and total:
            list_url = f"{reverse(self.list_url_name)}?{urlencode({'q': text})}"
        return {"key": self.key, "label": self.label, "rows": rows, "total": total, "list_url": list_url}


@dataclass(frozen=True)
class SearchSource:
    """The rows a user may view of one model, searched in one query for one group or, split by the
    field `per`, for several (study tours and events are both activities)."""

    visible: Callable  # user -> a SearchQuerySet
    groups: tuple[SearchGroup, ...]
    per: str | None = None

    def results(self, user, text, limit):
        rows = self.visible(user)
        if self.per is None:
            return [self.groups[0].result(text, *rows.search_results(text, limit))]
        found = rows.search_results_per(self.per, text, limit)
        return [group.result(text, *found.get(group.value, ([], 0))) for group in self.groups]


SOURCES = (
    SearchSource(
        lambda user: Programme.objects.restrict(user, "view"),
        (SearchGroup("programmes", _("Programmes"), "programmes:programme_list"),),
    ),
    SearchSource(
        lambda user: Activity.objects.restrict(user, "view").select_related("host_country"),
        (
            SearchGroup(
                "study_tours", _("Study tours"), "programmes:studytour_list", ActivityKind.STUDY_TOUR
            ),
            SearchGroup("events", _("Events"), "programmes:event_list", ActivityKind.EVENT),
        ),
        per="kind",
    ),
    SearchSource(
        lambda user: Practice.objects.restrict(user, "view").select_related("origin_country"),
        (SearchGroup("practices", _("Practices")),),
    ),
    SearchSource(
        lambda user: Country.objects.for_list(),
        (SearchGroup("countries", _("Countries"), "partners:country_list"),),
    ),
    SearchSource(
        lambda user: Agency.objects.for_list(),
        (SearchGroup("agencies", _("Agencies"), "partners:agency_list"),),
    ),
)


class SearchView(TemplateView):
    template_name = "search.html"
    sources = SOURCES
    per_group = 10

    def get_context_data(self, **kwargs):
        q = search_text(self.request.GET.get("q"))
        user, limit = self.request.user, self.per_group
        groups = [group for source in self.sources for group in source.results(user, q, limit)] if q else []
        return super().get_context_data(
            q=q,
            max_length=SEARCH_MAX_LENGTH,
            groups=groups,
            total=sum(group["total"] for group in groups),
            **kwargs,
        )
