"""Reference vocabularies of the programmes app: themes and the Sustainable Development Goals."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import ShownElsewhere


class Theme(ShownElsewhere):
    """A field of cooperation a programme or activity works on: MSME support, the green transition,
    digital trade, value chains, inequality, critical minerals."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    shown_in = (
        ("programmes.Programme", "themes"),
        ("programmes.Activity", "themes"),
        ("programmes.Practice", "themes"),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 Sustainable Development Goals of the 2030 Agenda."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    short_name = models.CharField(_("short name"), max_length=80)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17),
                name="sdg_number_1_to_17",
                violation_error_message=_("SDG numbers run from 1 to 17."),
            )
        ]

    def __str__(self):
        return _("SDG %(number)s: %(name)s") % {"number": self.number, "name": self.short_name}
