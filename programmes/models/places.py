"""Where each programme takes place, as the public region and country filters ask it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Country, CountryGroup
from programmes.models.activities import Activity
from programmes.models.programmes import Programme, ProgrammePartner


class ProgrammePlaceQuerySet(models.QuerySet):
    def refresh(self, programmes):
        """Make the rows of `programmes` (a QuerySet of Programme, or their keys) match what they are
        now: delete them, then add one for each country of a partner agency or host country of a
        published activity, and each M49 region that country is in. Four queries, whatever their
        number. A QuerySet is read as a subquery by each: it must not read ProgrammePlace, whose rows
        the first deletes."""
        keys = programmes.values("pk") if isinstance(programmes, models.QuerySet) else programmes
        self.filter(programme__in=keys).delete()
        partners = ProgrammePartner.objects.filter(programme__in=keys, agency__country__isnull=False)
        hosts = Activity.objects.published().filter(programme__in=keys, host_country__isnull=False)
        pairs = set(partners.order_by().values_list("programme_id", "agency__country_id"))
        pairs |= set(hosts.order_by().values_list("programme_id", "host_country_id"))
        regions = {
            pk: {level for level in levels if level is not None} or {None}
            for pk, *levels in Country.objects.filter(pk__in={country for _p, country in pairs}).values_list(
                "pk", "region_id", "subregion_id", "intermediate_region_id"
            )
        }
        self.bulk_create(
            (
                ProgrammePlace(programme_id=programme, country_id=country, region_id=region)
                for programme, country in pairs
                for region in regions[country]
            ),
            batch_size=2000,
        )


class ProgrammePlace(models.Model):
    """A country a programme takes place in, for the public region and country filters: one row for each
    region (at each of the three M49 levels) of each country where a partner agency is based or a
    published activity was hosted. A filter by region then looks up one short index, where it had
    read every partner agency of the region and every country in it first (and PostgreSQL planned the
    two long lists of keys on every page).

    Derived data, never edited: ProgrammePlace.objects.refresh() rewrites the rows of some programmes,
    and programmes/signals.py calls it whenever a partner role, an activity, an agency's country or a
    country's regions change. Bulk writes that send no signals (the sample data generator) call it
    themselves; `manage.py refresh_derived_data` rewrites every row."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    region = models.ForeignKey(
        CountryGroup,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,  # the indexes of Meta lead with the region and the country
        help_text=_("An M49 region, sub-region or intermediate region the country is in."),
    )

    objects = ProgrammePlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme place")
        verbose_name_plural = _("programme places")
        indexes = [
            models.Index(fields=["region", "programme"], name="programme_place_region"),
            models.Index(fields=["country", "programme"], name="programme_place_country"),
        ]

    def __str__(self):
        return f"{self.programme_id}: {self.country_id} ({self.region_id})"
