"""Public pages of countries and agencies. Records of programmes, activities, practices and adoptions
are those the visitor may view (partners.permissions.restrict): published ones for the public. No
participant data is shown here, not even counts by name."""

from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import DetailView
from django_filters.views import FilterView

from partners.filtersets import AgencyFilterSet, CountryFilterSet
from partners.models import Agency, Country
from programmes.models import Activity, PolicyAdoption, Practice, Programme, ProgrammePartner
from sscportal.pagination import LastPagePaginator


def count_of(queryset, lookup):
    """Subquery expression: how many distinct rows of `queryset` have `lookup` equal to the outer row."""
    rows = queryset.filter(**{lookup: OuterRef("pk")}).order_by().values(lookup)
    return Coalesce(Subquery(rows.annotate(n=Count("pk", distinct=True)).values("n")), 0)


def visible(model, user):
    """The rows of `model` the user may view, ready for a list."""
    return model.objects.restrict(user, "view").for_list()


def visible_adoptions(user):
    """Adoptions the user may view, of practices the user may view."""
    return visible(PolicyAdoption, user).filter(practice__in=Practice.objects.restrict(user, "view"))


class CountryListView(FilterView):
    filterset_class = CountryFilterSet
    template_name_suffix = "_list"
    strict = False

    def get_queryset(self):
        user = self.request.user
        return (
            Country.objects.for_list()
            .annotate(
                programme_count=count_of(
                    Programme.objects.restrict(user, "view"), "partners__agency__country"
                ),
                activity_count=count_of(Activity.objects.restrict(user, "view"), "host_country"),
            )
            .order_by(F("region__m49_code").asc(nulls_last=True), "name")
        )


class CountryDetailView(DetailView):
    model = Country
    slug_field = "iso3__iexact"
    slug_url_kwarg = "iso3"

    def get_queryset(self):
        user = self.request.user
        return Country.objects.for_list().prefetch_related(
            "groups",
            Prefetch("hosted_activities", visible(Activity, user), to_attr="public_activities"),
            Prefetch("practices_originated", visible(Practice, user), to_attr="public_practices"),
            Prefetch("adoptions", visible_adoptions(user), to_attr="public_adoptions"),
        )

    def get_context_data(self, **kwargs):
        roles = ProgrammePartner.objects.filter(
            agency__country=self.object, programme__in=Programme.objects.restrict(self.request.user, "view")
        ).select_related("programme", "agency")
        return super().get_context_data(partner_roles=roles.order_by("programme__title", "role"), **kwargs)


class AgencyListView(FilterView):
    filterset_class = AgencyFilterSet
    template_name_suffix = "_list"
    strict = False
    paginate_by = 25
    paginator_class = LastPagePaginator

    def get_queryset(self):
        programmes = Programme.objects.restrict(self.request.user, "view")
        return Agency.objects.for_list().annotate(programme_count=count_of(programmes, "partners__agency"))


class AgencyDetailView(DetailView):
    model = Agency

    def get_queryset(self):
        user = self.request.user
        roles = ProgrammePartner.objects.filter(programme__in=Programme.objects.restrict(user, "view"))
        return Agency.objects.for_list().prefetch_related(
            Prefetch(
                "programme_roles",
                roles.select_related("programme").order_by("programme__title", "role"),
                to_attr="public_roles",
            ),
            Prefetch("organised_activities", visible(Activity, user), to_attr="public_organised"),
            Prefetch("visits_received", visible(Activity, user), to_attr="public_visits"),
            Prefetch("practices_originated", visible(Practice, user), to_attr="public_practices"),
            Prefetch("adoptions", visible_adoptions(user), to_attr="public_adoptions"),
        )
