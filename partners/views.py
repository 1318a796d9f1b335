"""Public pages of countries and agencies (fuller pages come with the public-site work)."""

from django.views.generic import DetailView

from partners.models import Agency, Country


class CountryDetailView(DetailView):
    model = Country
    slug_field = "iso3__iexact"
    slug_url_kwarg = "iso3"

    def get_queryset(self):
        return Country.objects.for_list()


class AgencyDetailView(DetailView):
    model = Agency

    def get_queryset(self):
        return Agency.objects.for_list()
