"""Programmes of South-South and triangular cooperation and the agencies that take part in them."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import OwnedQuerySet, OwnedRecord, SearchQuerySet
from programmes.choices import (
    PARTNER_ROLE_VOCABULARIES,
    Instrument,
    Modality,
    PartnerRole,
    ProgrammeStatus,
    currency_choices,
)
from programmes.models.base import check_dates_in_order, dates_in_order_condition, unique_slug

TRIANGULAR_NEEDS_FACILITATOR = _(
    "A triangular programme needs at least one partner with the role “Facilitating”."
)


class ProgrammeQuerySet(SearchQuerySet, OwnedQuerySet):
    search_fields = ("title_en", "title_es", "summary_en", "summary_es")
    search_title_fields = ("title_en", "title_es")

    def for_list(self):
        return self.select_related("owner", "framework").prefetch_related(
            "themes", "sdgs", "partners__agency__country"
        )


class Programme(OwnedRecord):
    """A programme, project or action of South-South or triangular cooperation: partner agencies in
    several countries working over a period on shared themes, through study tours and capacity-building
    events (for example ESCAP's interregional partnership with APC Colombia and MINCIT since 2022)."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists."))
    description = models.TextField(_("description"), blank=True)
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    instrument = models.CharField(
        _("instrument"),
        max_length=16,
        choices=Instrument.choices,
        default=Instrument.PROGRAMME,
        help_text=_("As SEGIB's Ibero-American South-South cooperation registry counts them."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True)
    sdgs = models.ManyToManyField(
        "programmes.SustainableDevelopmentGoal", verbose_name=_("Sustainable Development Goals"), blank=True
    )
    framework = models.ForeignKey(
        "partners.CountryGroup",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        help_text=_("The platform or organisation it runs under, e.g. FEALAC."),
    )
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=currency_choices, blank=True, help_text=_("ISO 4217 code.")
    )
    website = models.URLField(_("website"), blank=True)

    shown_in = (("programmes.Activity", "programme"), ("programmes.PolicyAdoption", "programme"))

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "title"]
        constraints = [
            *OwnedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=dates_in_order_condition(),
                name="programme_end_not_before_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="programme_budget_not_negative",
                violation_error_message=_("The budget must not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""),
                name="programme_budget_has_currency",
                violation_error_message=_("A budget needs its currency."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Programme, self.title, max_length=100, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", kwargs={"slug": self.slug})

    def clean(self):
        check_dates_in_order(self)
        if self.budget is not None and not self.currency:
            raise ValidationError({"currency": _("A budget needs its currency.")})

    def partner_agencies(self):
        """[(agency, [role labels])], each agency once, from the prefetched partners."""
        agencies = {}
        for partner in self.partners.all():  # the enum's label: get_role_display() re-reads every choice
            agencies.setdefault(partner.agency, []).append(PartnerRole(partner.role).label)
        return list(agencies.items())

    def partners_by_role(self):
        """[(role label, [partners])] in the order of PartnerRole, from the prefetched partners."""
        order = {role: index for index, role in enumerate(PartnerRole.values)}
        partners = sorted(self.partners.all(), key=lambda p: (order.get(p.role, len(order)), p.agency.name))
        groups = {}
        for partner in partners:
            groups.setdefault(partner.get_role_display(), []).append(partner)
        return list(groups.items())

    @staticmethod
    def validate_partner_roles(modality, roles):
        """The rule across a programme and its partners: a triangular programme has a facilitating
        partner. Called by the admin's partner inline and by services with the roles about to be saved."""
        if modality == Modality.TRIANGULAR and PartnerRole.FACILITATING not in set(roles):
            raise ValidationError(TRIANGULAR_NEEDS_FACILITATOR, code="triangular_without_facilitator")


class ProgrammePartnerQuerySet(models.QuerySet):
    def visible(self, user):
        """Partner roles in the programmes `user` may view, for the country and agency pages."""
        programmes = Programme.objects.restrict(user, "view")
        return (
            self.filter(programme__in=programmes)
            .select_related("programme", "agency__country")
            .order_by("programme__title", "role", "agency__name")
        )


class ProgrammePartner(models.Model):
    """An agency's part in a programme, with its role and, since roles can change during a programme,
    the period it held that role."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="partners"
    )
    agency = models.ForeignKey(
        "partners.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="programme_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=PartnerRole.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = ProgrammePartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme partner")
        verbose_name_plural = _("programme partners")
        ordering = ["programme", "role", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agency", "role"],
                name="programmepartner_unique_role",
                violation_error_message=_("This agency already has this role in this programme."),
            ),
            models.CheckConstraint(
                condition=dates_in_order_condition(),
                name="programmepartner_end_not_before_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.get_role_display()}"

    def clean(self):
        check_dates_in_order(self)

    @property
    def vocabularies(self):
        """This role in SEGIB's, the OECD's and IATI's terms."""
        return PARTNER_ROLE_VOCABULARIES[PartnerRole(self.role)]
