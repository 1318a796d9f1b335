"""Activities of a programme: study tours and capacity-building events.

Both kinds live in one table, `Activity`, told apart by `kind`; `StudyTour` and
`CapacityBuildingEvent` are proxy models over it with their own managers, admin screens, pages and API
routes. So participations, practices and adoptions point at an activity of either kind through one real
foreign key, lists of "latest activities" need no union, and sample data can be bulk-inserted.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import OwnedQuerySet, OwnedRecord, PublicationStatus, SearchQuerySet
from programmes.choices import ActivityFormat, ActivityKind, EventKind
from programmes.models.base import check_dates_in_order, dates_in_order_condition, unique_slug


class ActivityQuerySet(SearchQuerySet, OwnedQuerySet):
    search_fields = ("title_en", "title_es", "summary_en", "summary_es")
    search_title_fields = ("title_en", "title_es")

    def for_list(self):
        return self.select_related("owner", "programme", "host_country").prefetch_related("themes")

    def with_partners(self):
        """With the organising agencies and the institutions visited, for an activity's page."""
        return self.prefetch_related("organisers__country", "institutions_visited__country")

    def timeline(self):
        """In date order, each with its number of published participations (participant_count)."""
        from programmes.models import Participation

        participations = Participation.objects.published()
        return self.annotate(participant_count=participations.count_per("activity")).order_by(
            "start_date", "title"
        )

    def study_tours(self):
        return self.filter(kind=ActivityKind.STUDY_TOUR)

    def events(self):
        return self.filter(kind=ActivityKind.EVENT)


class Activity(OwnedRecord):
    """Something a programme does with people: a study tour or a capacity-building event, held on
    given dates in a host country (or online), organised by one or more agencies."""

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices, db_index=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    host_country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_activities",
        help_text=_("Leave empty for a virtual activity with no host country."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    format = models.CharField(
        _("format"), max_length=16, choices=ActivityFormat.choices, default=ActivityFormat.IN_PERSON
    )
    organisers = models.ManyToManyField(
        "partners.Agency",
        verbose_name=_("organising agencies"),
        related_name="organised_activities",
        blank=True,
    )
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True)
    reported_participants = models.PositiveIntegerField(
        _("reported number of participants"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The total reported by the organisers, for when participants are not logged by name."),
    )
    # Study tours
    institutions_visited = models.ManyToManyField(
        "partners.Agency",
        verbose_name=_("institutions visited"),
        related_name="visits_received",
        blank=True,
        help_text=_("Study tours: the institutions the delegation visited."),
    )
    learning_objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("Study tours: what the delegates came to learn.")
    )
    # Capacity-building events
    event_kind = models.CharField(_("event kind"), max_length=20, choices=EventKind.choices, blank=True)
    duration_hours = models.DecimalField(
        _("duration in hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    # The proxies set this so that a new StudyTour() or CapacityBuildingEvent() has its kind already.
    fixed_kind = None

    shown_in = (
        ("programmes.PolicyAdoption", "activity"),
        ("programmes.Participation", "activity"),
        ("programmes.FollowUpResponse", "participation__activity"),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["kind", "-start_date"], name="activity_kind_start"),
            # the latest activities of either kind (the home page): read from the index, not sorted
            models.Index(fields=["-start_date"], name="activity_start"),
            # the published activities' places and years, by programme (the impact page's reach): read
            # from the index alone, not from the rows, which are wide with their texts
            models.Index(
                fields=["programme", "host_country", "start_date", "id"],
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="activity_published_places",
            ),
        ]
        constraints = [
            *OwnedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=dates_in_order_condition(),
                name="activity_end_not_before_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(reported_participants__isnull=True) | Q(reported_participants__gte=0),
                name="activity_reported_participants_not_negative",
                violation_error_message=_("The number of participants must not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(duration_hours__isnull=True) | Q(duration_hours__gte=0),
                name="activity_duration_not_negative",
                violation_error_message=_("The duration must not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ActivityKind.EVENT) | (Q(event_kind="") & Q(duration_hours__isnull=True)),
                name="activity_event_fields_only_on_events",
                violation_error_message=_("Only capacity-building events have an event kind and a duration."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ActivityKind.STUDY_TOUR) | ~Q(event_kind=""),
                name="activity_event_has_event_kind",
                violation_error_message=_("A capacity-building event needs its kind."),
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fixed_kind and not self.kind:
            self.kind = self.fixed_kind

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Activity, self.title, max_length=100, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        name = (
            "programmes:studytour_detail"
            if self.kind == ActivityKind.STUDY_TOUR
            else "programmes:event_detail"
        )
        return reverse(name, kwargs={"slug": self.slug})

    def clean(self):
        check_dates_in_order(self)
        if self.kind == ActivityKind.EVENT and not self.event_kind:
            raise ValidationError({"event_kind": _("A capacity-building event needs its kind.")})
        if self.kind == ActivityKind.STUDY_TOUR and (self.event_kind or self.duration_hours is not None):
            raise ValidationError(_("Only capacity-building events have an event kind and a duration."))
        if self.format != ActivityFormat.VIRTUAL and self.host_country_id is None:
            raise ValidationError(
                {"host_country": _("An in-person or hybrid activity needs a host country.")}
            )


class StudyTourManager(models.Manager.from_queryset(ActivityQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=ActivityKind.STUDY_TOUR)


class CapacityBuildingEventManager(models.Manager.from_queryset(ActivityQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=ActivityKind.EVENT)


class StudyTour(Activity):
    """A study tour is a hosted visit in which officials of one or more countries observe practices
    in another, visiting the institutions that run them (as the delegates from Mesoamerica and
    Asia-Pacific did in Bogota in late 2024)."""

    fixed_kind = ActivityKind.STUDY_TOUR

    objects = StudyTourManager()

    class Meta:
        proxy = True
        verbose_name = _("study tour")
        verbose_name_plural = _("study tours")


class CapacityBuildingEvent(Activity):
    """A capacity-building event: a workshop, training course, webinar, conference, peer-learning
    session or expert mission in which a programme builds the skills of policymakers."""

    fixed_kind = ActivityKind.EVENT

    objects = CapacityBuildingEventManager()

    class Meta:
        proxy = True
        verbose_name = _("capacity-building event")
        verbose_name_plural = _("capacity-building events")
