"""Who took part, what they said afterwards, which practices were shown and which were adopted."""

from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import OwnedQuerySet, OwnedRecord, PublicationStatus, SearchQuerySet
from programmes.choices import ADOPTION_STAGE_ORDER, AdoptionStage, Gender, ParticipationRole
from programmes.models.base import unique_slug


class ParticipantQuerySet(OwnedQuerySet):
    def for_list(self):
        return self.select_related("owner", "agency", "country")


class Participant(OwnedRecord):
    """A person who took part in one or more activities. Personal data: shown only to the staff of
    the agency that logged them and to portal administrators; the public sees aggregates."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.UNDISCLOSED)
    position = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "partners.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    country = models.ForeignKey(
        "partners.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="participants"
    )
    is_demo = models.BooleanField(
        _("demo record"), default=False, help_text=_("Invented for demonstration; not a real person.")
    )

    personal_data = True
    # Each participation shows its participant whole (to the owning agency's clients).
    shown_in = (("programmes.Participation", "participant"),)
    fields_shown_elsewhere = ("name", "email", "gender", "position", "country_id", "external_id")

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name"]
        constraints = [
            *OwnedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["owner", "email"],
                condition=~Q(email=""),
                name="participant_email_unique_per_owner",
                violation_error_message=_("Your agency has already logged a participant with this email."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.iso3})" if self.country_id else self.name


class ParticipationQuerySet(OwnedQuerySet):
    def for_list(self):
        return self.select_related("owner", "participant__country", "activity")


class Participation(OwnedRecord):
    """A participant's part in one activity, as delegate, speaker, organiser or observer."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="participations"
    )
    activity = models.ForeignKey(
        "programmes.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=ParticipationRole.choices, default=ParticipationRole.DELEGATE
    )

    personal_data = True

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["activity", "participant__name"]
        constraints = [
            *OwnedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["participant", "activity"],
                name="participation_unique_per_activity",
                violation_error_message=_("This participant is already recorded for this activity."),
            ),
        ]

    def __str__(self):
        return _("%(participant)s at %(activity)s") % {
            "participant": self.participant.name,
            "activity": self.activity.title,
        }


class FollowUpResponseQuerySet(OwnedQuerySet):
    def for_list(self):
        return self.select_related("owner", "participation__participant", "participation__activity")


class FollowUpResponse(OwnedRecord):
    """A dated follow-up answer from a participant after an activity: whether they now apply the
    skills or knowledge gained and whether it fed a policy measure. The share of participants applying
    their new skills ("96 per cent") is computed from these."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    responded_on = models.DateField(_("responded on"))
    applies_skills = models.BooleanField(
        _("applies the skills or knowledge gained"),
        help_text=_("The participant says they now use what they learned in their work."),
    )
    fed_policy_measure = models.BooleanField(
        _("fed a policy measure"),
        default=False,
        help_text=_("What they learned fed a policy measure, programme or regulation."),
    )
    comments = models.TextField(_("comments"), blank=True)

    personal_data = True

    objects = FollowUpResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up response")
        verbose_name_plural = _("follow-up responses")
        ordering = ["-responded_on"]
        constraints = [
            *OwnedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["participation", "responded_on"],
                name="followup_unique_per_day",
                violation_error_message=_(
                    "This participation already has a follow-up response on this date."
                ),
            ),
        ]

    def __str__(self):
        return _("Follow-up of %(participation)s on %(date)s") % {
            "participation": self.participation,
            "date": self.responded_on,
        }

    def clean(self):
        if self.participation_id and self.responded_on:
            activity = self.participation.activity
            if self.responded_on < activity.start_date:
                raise ValidationError(
                    {"responded_on": _("A follow-up response cannot predate the activity it follows up.")}
                )


class CountedParticipationQuerySet(models.QuerySet):
    def refresh(self, participations):
        """Make the rows of `participations` (a QuerySet of Participation, or their keys) match what
        they are now: delete them, then add one for each that counts; then the totals of the programmes
        of the rows deleted and added (CountedProgramme). Nine queries, whatever their number (and one
        more for every 2,000 rows written)."""
        keys = participations.values("pk") if isinstance(participations, models.QuerySet) else participations
        stale = self.filter(participation__in=keys)
        programmes = set(stale.values_list("programme", flat=True).distinct())  # read first: deleted next
        stale.delete()
        answers = FollowUpResponse.objects.filter(
            participation=OuterRef("pk"), publication_status=PublicationStatus.PUBLISHED
        )
        rows = (
            Participation.objects.published()
            .filter(pk__in=keys, activity__publication_status=PublicationStatus.PUBLISHED)
            .order_by()
            .values_list(
                "pk",
                "activity_id",
                "activity__programme_id",
                ExtractYear("activity__start_date"),
                "participant_id",
                "participant__country_id",
                "participant__gender",
                Exists(answers),
                Exists(answers.filter(applies_skills=True)),
                Exists(answers.filter(fed_policy_measure=True)),
            )
        )
        fields = [field.attname for field in CountedParticipation._meta.concrete_fields]  # as rows are

        def counted(row):  # and its programme's totals to refresh
            participation = CountedParticipation(**dict(zip(fields, row, strict=True)))
            programmes.add(participation.programme_id)
            return participation

        self.bulk_create((counted(row) for row in rows.iterator(2000)), batch_size=2000)
        CountedProgramme.objects.refresh(programmes)


def _copied(model, verbose_name, **kwargs):
    """A key copied from the participation's activity or participant: no constraint or index of its
    own (the row goes with its participation; the figures read them through the index of Meta)."""
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        **kwargs,
    )


class CountedParticipation(models.Model):
    """A participation as the public figures count it: one row for each published participation at a
    published activity, with what the figures group and count it by copied from its activity (the
    programme, the year it started), its participant (country, gender) and its published follow-up
    responses (did any answer, say the skills are applied, say a policy measure was fed). Each
    participation figure then reads this one table, through one index, instead of joining four
    (programmes/indicators.py).

    Derived data, never edited: CountedParticipation.objects.refresh() rewrites the rows of some
    participations, and programmes/signals.py calls it whenever a participation, its activity, its
    participant or one of its follow-up responses is saved or deleted. Bulk writes that send no
    signals (the sample data generator) call it themselves."""

    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    activity = _copied("programmes.Activity", _("activity"))
    programme = _copied("programmes.Programme", _("programme"))
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the activity started."))
    participant = _copied(Participant, _("participant"))
    country = _copied("partners.Country", _("country"))
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    answered = models.BooleanField(_("answered a follow-up"))
    applies_skills = models.BooleanField(_("applies the skills or knowledge gained"))
    fed_policy_measure = models.BooleanField(_("fed a policy measure"))

    objects = CountedParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("counted participation")
        verbose_name_plural = _("counted participations")
        indexes = [
            # The figures read the indexes alone, not the table (PostgreSQL's index-only scans), so
            # every column a figure reads is in each (rows are counted by their participant, not by
            # their key, which is not: participation_counts()). The figures of some programmes:
            # every column in the key.
            models.Index(
                fields=[
                    "programme",
                    "activity",
                    "year",
                    "country",
                    "gender",
                    "participant",
                    "answered",
                    "applies_skills",
                    "fed_policy_measure",
                ],
                name="counted_participation_figures",
            ),
            models.Index(fields=["activity"], name="counted_participation_activity"),
            # The figures of all programmes by country and gender, and by year, with the number of
            # different participants: the rows come in group order and, within a group, in
            # participant order, so neither the groups nor each group's DISTINCT need much sorting
            # (on sample data, the impact page's three groupings took 108 ms of SQL, now about 40). The
            # other columns follow in the key, as SQLite has no INCLUDE.
            models.Index(
                fields=[
                    "country",
                    "gender",
                    "participant",
                    "programme",
                    "answered",
                    "applies_skills",
                    "fed_policy_measure",
                ],
                name="counted_participation_place",
            ),
            models.Index(
                fields=[
                    "year",
                    "participant",
                    "programme",
                    "answered",
                    "applies_skills",
                    "fed_policy_measure",
                ],
                name="counted_participation_year",
            ),
        ]

    def __str__(self):
        return str(self.participation_id)


class PracticeQuerySet(SearchQuerySet, OwnedQuerySet):
    search_fields = ("title_en", "title_es", "summary_en", "summary_es")
    search_title_fields = ("title_en", "title_es")

    def for_list(self):
        return self.select_related("owner", "origin_country", "origin_agency").prefetch_related("themes")

    def presented_at(self, activities):
        """Practices presented at any of `activities` (a QuerySet or ids), each once: a subquery on the
        link table rather than a join and DISTINCT over whole practices."""
        links = Practice.presented_at.through.objects.filter(activity__in=activities).values("practice")
        return self.filter(pk__in=links)


class Practice(OwnedRecord):
    """A policy, programme or tool that one country's agency presents to others, such as a training
    for green entrepreneurship or a tool for assessing the ESG performance of MSMEs."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    origin_country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("country of origin"),
        on_delete=models.PROTECT,
        related_name="practices_originated",
    )
    origin_agency = models.ForeignKey(
        "partners.Agency",
        verbose_name=_("agency of origin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices_originated",
    )
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True)
    presented_at = models.ManyToManyField(
        "programmes.Activity",
        verbose_name=_("presented at"),
        related_name="practices",
        blank=True,
        help_text=_("The study tours and events where this practice was shown."),
    )
    website = models.URLField(_("website"), blank=True)

    shown_in = (("programmes.PolicyAdoption", "practice"),)  # listed only while the practice may be viewed

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["title"]
        constraints = [*OwnedRecord.Meta.constraints]

    def __str__(self):
        return f"{self.title} ({self.origin_country.iso3})" if self.origin_country_id else self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Practice, self.title, max_length=100, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programmes:practice_detail", kwargs={"slug": self.slug})

    def clean(self):
        agency_country = self.origin_agency.country_id if self.origin_agency_id else None
        if agency_country and self.origin_country_id and agency_country != self.origin_country_id:
            raise ValidationError({"origin_agency": _("The agency of origin is based in another country.")})


class PolicyAdoptionQuerySet(OwnedQuerySet):
    def for_list(self):
        return self.select_related(
            "owner",
            "practice__origin_country",
            "adopting_country",
            "adopting_agency",
            "activity",
            "programme",
        ).prefetch_related("stage_history")

    def visible(self, user):
        """Adoptions the user may view, of practices the user may view."""
        practices = Practice.objects.restrict(user, "view")
        return super().visible(user).filter(practice__in=practices)


class PolicyAdoption(OwnedRecord):
    """A reported adoption of a practice by a country (and agency) other than the one it came from,
    inspired by an activity of a programme, moving through the stages interest, adapting, piloting,
    adopted and scaled (as Costa Rica, Guatemala and the Philippines began to pilot practices shown in
    Bogota)."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.PROTECT, related_name="adoptions"
    )
    adopting_country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("adopting country"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    adopting_agency = models.ForeignKey(
        "partners.Agency",
        verbose_name=_("adopting agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    activity = models.ForeignKey(
        "programmes.Activity",
        verbose_name=_("inspired by activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        help_text=_("Filled in from the activity when left empty."),
    )
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=AdoptionStage.choices,
        default=AdoptionStage.INTEREST,
        db_index=True,
    )
    description = models.TextField(_("description"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)

    objects = PolicyAdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy adoption")
        verbose_name_plural = _("policy adoptions")
        ordering = ["-updated_at"]
        constraints = [
            *OwnedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["practice", "adopting_country", "adopting_agency"],
                condition=Q(adopting_agency__isnull=False),
                name="adoption_unique_per_adopting_agency",
                violation_error_message=_(
                    "This adoption of the practice by this agency is already recorded."
                ),
            ),
            models.UniqueConstraint(
                fields=["practice", "adopting_country"],
                condition=Q(adopting_agency__isnull=True),
                name="adoption_unique_per_adopting_country",
                violation_error_message=_(
                    "This adoption of the practice by this country is already recorded."
                ),
            ),
        ]

    def __str__(self):
        return _("%(practice)s in %(country)s") % {
            "practice": self.practice.title,
            "country": self.adopting_country.name,
        }

    def clean(self):
        errors = {}
        if self.practice_id and self.practice.origin_country_id == self.adopting_country_id:
            errors["adopting_country"] = _(
                "A country cannot adopt its own practice; record adoptions by other countries."
            )
        if self.adopting_agency_id and self.adopting_country_id:
            agency_country = self.adopting_agency.country_id
            if agency_country and agency_country != self.adopting_country_id:
                errors["adopting_agency"] = _("The adopting agency is based in another country.")
        if self.activity_id:
            if self.programme_id is None:
                self.programme_id = self.activity.programme_id
            elif self.programme_id != self.activity.programme_id:
                errors["activity"] = _("This activity belongs to another programme.")
        if errors:
            raise ValidationError(errors)

    @property
    def stage_rank(self):
        return ADOPTION_STAGE_ORDER[self.stage]

    @staticmethod
    def validate_stage_history(stage, changes):
        """The rule across an adoption and its dated stages: later stages are not reached before
        earlier ones, and the adoption's stage is the latest one reached. `changes` are the
        (stage, reached_on) pairs about to be saved; called by the admin's stage inline and by
        services.adoption_advance_stage."""
        if not changes:
            return
        ordered = sorted(changes, key=lambda change: ADOPTION_STAGE_ORDER[change[0]])
        for (earlier, earlier_date), (later, later_date) in pairwise(ordered):
            if later_date < earlier_date:
                raise ValidationError(
                    {
                        "reached_on": _("“%(later)s” cannot be reached before “%(earlier)s”.")
                        % {"later": AdoptionStage(later).label, "earlier": AdoptionStage(earlier).label}
                    }
                )
        latest = ordered[-1][0]
        if stage != latest:
            raise ValidationError(
                {
                    "stage": _("The stage must be the latest one in the stage history: “%(latest)s”.")
                    % {"latest": AdoptionStage(latest).label}
                }
            )


class AdoptionStageChange(models.Model):
    """One dated step in an adoption's history: the stage it reached on that date."""

    adoption = models.ForeignKey(
        PolicyAdoption, verbose_name=_("adoption"), on_delete=models.CASCADE, related_name="stage_history"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=AdoptionStage.choices)
    reached_on = models.DateField(_("reached on"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("adoption stage change")
        verbose_name_plural = _("adoption stage history")
        ordering = ["adoption", "reached_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "stage"],
                name="adoptionstage_each_stage_once",
                violation_error_message=_("This adoption already has a date for this stage."),
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} — {self.reached_on}"


def participation_counts() -> dict:
    """What the figures count of a group of CountedParticipation rows, each participation once: all of
    them, those with a published follow-up response, applying their skills, feeding a measure.
    Rows are counted by their participant, a column that is never null, not by their key: the
    participant is in each of CountedParticipation's indexes and the key is not, so PostgreSQL reads
    an index alone (COUNT(*) would do, but Django allows no filter on it)."""
    return {
        "took_part": Count("participant"),
        "answered": Count("participant", filter=Q(answered=True)),
        "applying": Count("participant", filter=Q(applies_skills=True)),
        "fed": Count("participant", filter=Q(fed_policy_measure=True)),
    }


class CountedProgrammeQuerySet(models.QuerySet):
    def refresh(self, programmes):
        """Make the rows of `programmes` (a QuerySet of Programme, or their keys) match their
        CountedParticipation rows: delete them, then add one for each programme with any. Four
        queries, whatever their number."""
        keys = programmes.values("pk") if isinstance(programmes, models.QuerySet) else programmes
        self.filter(programme__in=keys).delete()
        rows = (
            CountedParticipation.objects.filter(programme__in=keys)
            .order_by()
            .values("programme")
            .annotate(
                **participation_counts(),
                participants=Count("participant", distinct=True),
                participant_countries=Count("country", distinct=True),
            )
        )
        self.bulk_create(
            (CountedProgramme(programme_id=row.pop("programme"), **row) for row in rows), batch_size=2000
        )


class CountedProgramme(models.Model):
    """A programme's participations as the public figures count them, added up: the CountedParticipation
    rows of each programme that has any (published participations at its published activities), with
    the follow-up counts and the number of different participants and of their countries. The
    breakdowns by programme (the impact page's follow-up and reach by programme, the API's follow-up by
    programme) read these rows instead of grouping every participation: counting the different
    participants of each programme took the page 18 ms of SQL on sample data.

    Derived data, never edited: CountedProgramme.objects.refresh() rewrites the rows of some
    programmes. CountedParticipation.objects.refresh() calls it for the programmes of the rows it
    rewrote, and programmes/signals.py when rows of CountedParticipation go with their participations
    (a participation, activity or participant deleted)."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    took_part = models.PositiveIntegerField(_("participations"))
    answered = models.PositiveIntegerField(_("participations with a follow-up response"))
    applying = models.PositiveIntegerField(_("participations applying the skills or knowledge gained"))
    fed = models.PositiveIntegerField(_("participations that fed a policy measure"))
    participants = models.PositiveIntegerField(_("participants"))
    participant_countries = models.PositiveIntegerField(_("countries of the participants"))

    objects = CountedProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("counted programme")
        verbose_name_plural = _("counted programmes")

    def __str__(self):
        return str(self.programme_id)


def stage_moves(dated) -> dict:
    """{stage: days} of an adoption's {stage: reached_on}: for each dated stage after the first, the
    days from the latest earlier stage it has a date for (in the order interest, adapting, piloting,
    adopted, scaled: a skipped stage is measured from the one before it)."""
    ordered = sorted(dated.items(), key=lambda item: ADOPTION_STAGE_ORDER[item[0]])
    return {
        stage: (reached_on - before).days for (_earlier, before), (stage, reached_on) in pairwise(ordered)
    }


MOVE_FIELDS = {stage.value: f"days_to_{stage.value}" for stage in list(AdoptionStage)[1:]}


class CountedAdoptionQuerySet(models.QuerySet):
    def refresh(self, adoptions):
        """Make the rows of `adoptions` (a QuerySet of PolicyAdoption, or their keys) match what they
        are now: delete them, then add one for each that counts. Four queries, whatever their number."""
        keys = adoptions.values("pk") if isinstance(adoptions, models.QuerySet) else adoptions
        self.filter(adoption__in=keys).delete()
        dated = {}  # {adoption: {stage: reached_on}}
        for adoption, stage, reached_on in AdoptionStageChange.objects.filter(adoption__in=keys).values_list(
            "adoption_id", "stage", "reached_on"
        ):
            dated.setdefault(adoption, {})[stage] = reached_on
        rows = (
            PolicyAdoption.objects.published()
            .filter(pk__in=keys, practice__publication_status=PublicationStatus.PUBLISHED)
            .order_by()
            .values_list(
                "pk",
                "practice_id",
                "programme_id",
                "activity_id",
                "activity__programme_id",
                "stage",
                "practice__origin_country_id",
                "practice__origin_country__subregion_id",
                "practice__origin_country__region_id",
                "adopting_country_id",
                "adopting_country__subregion_id",
                "adopting_country__region_id",
            )
        )
        moves = MOVE_FIELDS.values()
        fields = [field.attname for field in CountedAdoption._meta.concrete_fields if field.name not in moves]

        def counted(row):  # as the rows are, then the days of its moves
            days = stage_moves(dated.get(row[0], {}))
            return CountedAdoption(
                **dict(zip(fields, row, strict=True)),
                **{field: days.get(stage) for stage, field in MOVE_FIELDS.items()},
            )

        self.bulk_create((counted(row) for row in rows.iterator(2000)), batch_size=2000)


class CountedAdoption(models.Model):
    """An adoption as the public figures count it: one row for each published adoption of a published
    practice, with what the figures group and choose it by copied from the practice (its origin
    country, with that country's M49 sub-region and region), the adopting country (the same), the
    programme and the activity, and from its dated stage history: the days it took to reach each stage
    from the stage before (none when it has no dates for both). The pipeline and the knowledge flows
    then read this one table, their stages and durations added up in the database
    (programmes/indicators.py), instead of joining five and comparing every adoption's history.

    Derived data, never edited: CountedAdoption.objects.refresh() rewrites the rows of some adoptions,
    and programmes/signals.py calls it whenever an adoption, one of its stage changes, its practice,
    its activity or one of its countries' regions is saved or deleted. Bulk writes that send no
    signals (the sample data generator) call it themselves."""

    adoption = models.OneToOneField(
        PolicyAdoption,
        verbose_name=_("adoption"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    practice = _copied(Practice, _("practice"))
    programme = _copied("programmes.Programme", _("programme"), null=True)
    activity = _copied("programmes.Activity", _("activity"), null=True)
    activity_programme = _copied("programmes.Programme", _("programme of the activity"), null=True)
    stage = models.CharField(_("stage"), max_length=16, choices=AdoptionStage.choices)
    origin_country = _copied("partners.Country", _("country of origin"), null=True)
    origin_subregion = _copied("partners.CountryGroup", _("sub-region of origin"), null=True)
    origin_region = _copied("partners.CountryGroup", _("region of origin"), null=True)
    adopting_country = _copied("partners.Country", _("adopting country"))
    adopting_subregion = _copied("partners.CountryGroup", _("adopting sub-region"), null=True)
    adopting_region = _copied("partners.CountryGroup", _("adopting region"), null=True)
    days_to_adapting = models.IntegerField(_("days to adapting"), null=True)
    days_to_piloting = models.IntegerField(_("days to piloting"), null=True)
    days_to_adopted = models.IntegerField(_("days to adopted"), null=True)
    days_to_scaled = models.IntegerField(_("days to scaled"), null=True)

    objects = CountedAdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("counted adoption")
        verbose_name_plural = _("counted adoptions")

    def __str__(self):
        return str(self.adoption_id)
