"""Public pages of countries and agencies. Records of programmes, activities, practices and adoptions
are those the visitor may view (partners.permissions.restrict): published ones for the public. No
participant data is shown here, not even counts by name."""

from django.db.models import F, Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from partners.filtersets import AgencyFilterSet, CountryFilterSet
from partners.models import Agency, Country
from programmes.filtersets import ProgrammeFilterSet
from programmes.impact import impact_link, programmes_filter
from programmes.indicators import outcome_records, outcome_summary
from programmes.models import (
    Activity,
    CapacityBuildingEvent,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
    StudyTour,
)
from sscportal.pagination import LastPagePaginator
from sscportal.renames import RenamedSlugRedirectMixin

# The rows a long section of a country's or agency's page shows (the most recent); the section links to
# the filtered list of all of them, with their number.
LATEST = 10
MOST_RECENT_PROGRAMME_FIRST = ("-programme__start_date", "programme__title", "role", "agency__name")


def partner_roles_section(request, roles, filters):
    """The context of a page's "programmes" section: the partner roles (`roles`, those the visitor may
    view) in the LATEST most recent programmes and, when there are more, `all_programmes`: how many
    programmes the programme list filtered by `filters` (e.g. country=COL) shows, the list the section
    links to (includes/see_all_programmes.html). Two queries, whatever the number of roles."""
    rows = list(roles.order_by(*MOST_RECENT_PROGRAMME_FIRST)[: LATEST + 1])
    listed = ProgrammeFilterSet(filters, queryset=Programme.objects.visible(request.user), request=request)
    count = listed.qs.count()  # counted either way: the page's queries do not depend on the data
    return {"partner_roles": rows[:LATEST], "all_programmes": count if len(rows) > LATEST else None}


class CountryListView(FilterView):
    filterset_class = CountryFilterSet
    template_name_suffix = "_list"
    strict = False

    def get_queryset(self):
        user = self.request.user
        return (
            Country.objects.for_list()
            .annotate(
                programme_count=Programme.objects.restrict(user).count_per("partners__agency__country"),
                activity_count=Activity.objects.restrict(user).count_per("host_country"),
            )
            .order_by(F("region__m49_code").asc(nulls_last=True), "name")
        )


class CountryDetailView(DetailView):
    model = Country
    slug_field = "iso3__iexact"
    slug_url_kwarg = "iso3"

    def get_queryset(self):
        user = self.request.user
        adoptions = PolicyAdoption.objects.visible(user)
        return (
            Country.objects.for_list()
            .annotate(
                study_tour_count=StudyTour.objects.restrict(user).count_per("host_country"),
                event_count=CapacityBuildingEvent.objects.restrict(user).count_per("host_country"),
                adoption_count=adoptions.count_per("adopting_country"),
            )
            .prefetch_related(
                "groups",
                Prefetch(
                    "hosted_activities", Activity.objects.visible(user)[:LATEST], to_attr="latest_activities"
                ),
                Prefetch("practices_originated", Practice.objects.visible(user), to_attr="public_practices"),
                Prefetch("adoptions", adoptions[:LATEST], to_attr="latest_adoptions"),
            )
        )

    def get_context_data(self, **kwargs):
        roles = ProgrammePartner.objects.visible(self.request.user).filter(agency__country=self.object)
        filters = {"country": self.object.iso3}
        return super().get_context_data(
            **partner_roles_section(self.request, roles, filters),
            outcomes=outcome_summary(outcome_records(programmes_filter(filters).qs)),
            impact_url=impact_link(**filters),
            **kwargs,
        )


class AgencyListView(FilterView):
    filterset_class = AgencyFilterSet
    template_name_suffix = "_list"
    strict = False
    paginate_by = 25
    paginator_class = LastPagePaginator

    def get_queryset(self):
        programmes = Programme.objects.restrict(self.request.user)
        return Agency.objects.for_list().annotate(programme_count=programmes.count_per("partners__agency"))


class AgencyDetailView(RenamedSlugRedirectMixin, DetailView):
    model = Agency

    def get_queryset(self):
        user = self.request.user
        return (
            Agency.objects.for_list()
            .annotate(
                study_tour_count=StudyTour.objects.restrict(user).count_per("organisers"),
                event_count=CapacityBuildingEvent.objects.restrict(user).count_per("organisers"),
            )
            .prefetch_related(
                Prefetch(
                    "organised_activities",
                    Activity.objects.visible(user)[:LATEST],
                    to_attr="latest_organised",
                ),
                Prefetch("visits_received", Activity.objects.visible(user), to_attr="public_visits"),
                Prefetch("practices_originated", Practice.objects.visible(user), to_attr="public_practices"),
                Prefetch("adoptions", PolicyAdoption.objects.visible(user), to_attr="public_adoptions"),
            )
        )

    def get_context_data(self, **kwargs):
        filters = {"agency": self.object.slug}
        roles = ProgrammePartner.objects.visible(self.request.user).filter(agency=self.object)
        return super().get_context_data(
            **partner_roles_section(self.request, roles, filters),
            outcomes=outcome_summary(outcome_records(programmes_filter(filters).qs)),
            impact_url=impact_link(**filters),
            **kwargs,
        )
