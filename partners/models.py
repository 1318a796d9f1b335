"""Who takes part in South-South and triangular cooperation: countries, groups of countries, agencies.

Also home of `OwnedRecord`, the abstract base of every record an agency logs (it points at Agency).
"""

import functools
import operator
import re

from django.apps import apps
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager

# Text search -------------------------------------------------------------------------------------
# One rule for the site search (/search/) and the `q` filter of every list: SearchQuerySet.search().

SEARCH_MAX_LENGTH = 200
# "simple": words lower-cased, no stemming and no stop words, so English and Spanish text are treated
# alike. The GIN indexes (programmes/migrations/0005_search_indexes.py) use the same configuration.
SEARCH_CONFIG = "simple"
SEARCH_WORD = re.compile(r"\w+")
# Quotes, "or" between words, or a minus before a word: the text is read as web search engines do.
SEARCH_RELEVANCE_WORDS = 8  # words counted for ordering by relevance
WEB_SEARCH_SYNTAX = re.compile(r'"|(?:^|\s)-\w|\sor\s', re.IGNORECASE)


def search_text(value) -> str:
    """A search as the portal reads it: printable characters only, whitespace collapsed, at most
    SEARCH_MAX_LENGTH characters (NUL and control characters would make PostgreSQL refuse the query)."""
    text = "".join(char if char.isprintable() else " " for char in str(value or ""))
    return " ".join(text.split())[:SEARCH_MAX_LENGTH].strip()


def search_document(*fields):
    """A row's full-text document on PostgreSQL: to_tsvector('simple', f1 || ' ' || f2 …). The GIN
    indexes are built on exactly this expression, so that the planner uses them."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*fields, config=SEARCH_CONFIG)


class SearchQuerySet(models.QuerySet):
    """Text search over `search_fields` (both languages' columns), and exact, case-insensitive matches
    of `search_codes` (such as ISO codes).

    On PostgreSQL, full-text search through the GIN indexes: every word of the text, in any order, as a
    word or the start of one ("colom" finds Colombia); a text with "quoted phrases", "or" or -excluded
    words is read as web search engines read it (websearch_to_tsquery). Elsewhere (SQLite), every word
    of the text must occur in one of the fields.

    Best first means: rows with more of the words in their title (`search_title_fields`, either
    language) first, then in the model's order. Not SearchRank: ts_rank parses every matching row's
    text again (to_tsvector per row), which for a few hundred matches costs more than the index saves
    (see the search benchmark in sscportal/bench/search.py)."""

    search_fields: tuple[str, ...] = ()
    search_title_fields: tuple[str, ...] = ()
    search_codes: tuple[str, ...] = ()

    def search(self, text, *, by_relevance=False, full_text=None):
        """The rows matching `text` (all rows when it is empty); with by_relevance, best first.
        full_text=False forces the substring search on PostgreSQL too (for the benchmark)."""
        text = search_text(text)
        if not text:
            return self
        words = SEARCH_WORD.findall(text)
        if not words:  # only punctuation: nothing to look for
            return self.none()
        codes = Q()
        for field in self.search_codes:
            codes |= Q(**{f"{field}__iexact": text})
        if full_text is None:
            full_text = connections[self.db].vendor == "postgresql"
        rows = self._full_text_search(text, words, codes) if full_text else self._word_search(words, codes)
        if not by_relevance:
            return rows
        ordering = [*(self.query.order_by or self.model._meta.ordering), "pk"]
        relevance = self._title_hits(words[:SEARCH_RELEVANCE_WORDS])
        return rows.annotate(search_relevance=relevance).order_by("-search_relevance", *ordering)

    def _word_search(self, words, codes):
        every_word = Q()
        for word in words:
            every_word &= self._in_any(self.search_fields, word)
        return self.filter(every_word | codes)

    def _full_text_search(self, text, words, codes):
        from django.contrib.postgres.search import SearchQuery

        if WEB_SEARCH_SYNTAX.search(text):
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        else:  # \w+ words need no escaping inside quotes; :* matches them as prefixes
            prefixes = " & ".join(f"'{word}':*" for word in words)
            query = SearchQuery(prefixes, config=SEARCH_CONFIG, search_type="raw")
        document = search_document(*self.search_fields)
        return self.alias(search_document=document).filter(Q(search_document=query) | codes)

    @staticmethod
    def _in_any(fields, word):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        return condition

    def _title_hits(self, words):
        """How many of the words occur in the title: a cheap measure of relevance."""
        fields = self.search_title_fields or self.search_fields
        hits = [models.Case(models.When(self._in_any(fields, word), then=1), default=0) for word in words]
        return functools.reduce(operator.add, hits)

    def search_page(self, text, limit, *, per=None, **options):
        """The first `limit` matches of `text`, best first, each with the number of all matches
        (search_total, a window function over the same rows); with per="field", the first `limit` of
        each value of that field, each with the number of matches with its value."""
        rows = self.search(text, by_relevance=True, **options)
        if per is None:
            return rows.annotate(search_total=models.Window(Count("pk")))[:limit]
        partition = [models.F(per)]
        place = models.Window(RowNumber(), partition_by=partition, order_by=list(rows.query.order_by))
        rows = rows.annotate(search_total=models.Window(Count("pk"), partition_by=partition))
        return rows.annotate(search_place=place).filter(search_place__lte=limit)

    def search_results(self, text, limit, **options):
        """(the first `limit` matches of `text`, best first, and the number of all matches): one query."""
        rows = list(self.search_page(text, limit, **options))
        return rows, rows[0].search_total if rows else 0

    def search_results_per(self, field, text, limit, **options):
        """{value of `field`: (its first `limit` matches, best first, and the number of its matches)},
        for the values that have matches: one query for all (e.g. study tours and events)."""
        results = {}
        rows = sorted(self.search_page(text, limit, per=field, **options), key=lambda row: row.search_place)
        for row in rows:
            results.setdefault(getattr(row, field), ([], row.search_total))[0].append(row)
        return results


class IncomeGroup(models.TextChoices):
    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower-middle", _("Lower-middle income")
    UPPER_MIDDLE = "upper-middle", _("Upper-middle income")
    HIGH = "high", _("High income")


class CountryGroupKind(models.TextChoices):
    GEOGRAPHIC_REGION = "geographic_region", _("Geographic region (UN M49)")
    UN_REGIONAL_COMMISSION = "un_regional_commission", _("UN regional commission")
    INTERGOVERNMENTAL_ORGANISATION = "intergovernmental_organisation", _("Intergovernmental organisation")
    INTERREGIONAL_PLATFORM = "interregional_platform", _("Interregional platform")
    NETWORK = "network", _("Network")


class CountryGroupQuerySet(SearchQuerySet):
    search_fields = ("name_en", "name_es")
    search_codes = ("code",)

    def geographic_regions(self, top_level_only=False):
        """UN M49 regions, sub-regions and intermediate regions (or only the five top-level regions)."""
        regions = self.filter(kind=CountryGroupKind.GEOGRAPHIC_REGION)
        return regions.filter(parent__isnull=True) if top_level_only else regions

    def for_list(self):
        return self.select_related("parent").annotate(member_count=models.Count("members"))


class ShownElsewhere(models.Model):
    """A record that the API shows inside other records, by some of its fields: an agency, theme or
    framework by its slug (a programme's owner, themes, framework), a country by its ISO code; an
    activity by its slug, or null while the requester may not view it (partners.permissions.
    may_view_columns); a participation's participant whole. An adoption is even listed only while its
    practice may be viewed.

    `shown_in` names those other records as ("app.Model", lookup) pairs, and `fields_shown_elsewhere`
    what they show of this one. When one of those fields changes, save() sets their updated_at to now,
    so that a partner system syncing with `updated_since` reads them again (and the removals feed,
    sscportal/api/removals.py, lists the adoptions that left its view with their practice). It tells
    what changed from what from_db() read, as Django's documentation on customising model loading
    shows; a save that changes none of them costs nothing more."""

    shown_in = ()
    fields_shown_elsewhere = ("slug",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        shown_values = self._current_shown_values()
        if not adding and shown_values != getattr(self, "_shown_values", None):
            self.renew_shown_in()
        self._shown_values = shown_values

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record._shown_values = record._current_shown_values()
        return record

    def _current_shown_values(self):
        loaded = self.__dict__  # a deferred field is absent: save() cannot have changed it
        return tuple(loaded.get(name, models.DEFERRED) for name in self.fields_shown_elsewhere)

    def renew_shown_in(self):
        """Set updated_at of the records that show this one (shown_in) to now: one UPDATE each."""
        now = timezone.now()
        for label, lookup in self.shown_in:
            apps.get_model(label)._base_manager.filter(**{lookup: self.pk}).update(updated_at=now)


class CountryGroup(ShownElsewhere):
    """A named grouping of countries: an M49 region or sub-region, a UN regional commission (ESCAP,
    ECLAC), an intergovernmental organisation (ASEAN, CARICOM), an interregional platform (APEC,
    FEALAC) or a network (the Emerging Development Partners Network)."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short unique code, e.g. FEALAC, or M49-419 for an M49 region."),
    )
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=CountryGroupKind.choices)
    m49_code = models.CharField(
        _("M49 code"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", _("An M49 code has three digits."))],
        help_text=_("For geographic regions only, e.g. 419 for Latin America and the Caribbean."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger region this one is part of (M49 hierarchy)."),
    )
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        "Country", verbose_name=_("member countries"), related_name="groups", blank=True
    )

    shown_in = (("programmes.Programme", "framework"),)

    objects = CountryGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="countrygroup_founded_year_plausible",
                violation_error_message=_("Founded year must be between 1800 and 2100."),
            ),
        ]

    def __str__(self):
        if self.kind == CountryGroupKind.GEOGRAPHIC_REGION or self.code == self.name:
            return self.name
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.code)
        super().save(*args, **kwargs)


class CountryQuerySet(SearchQuerySet):
    search_fields = ("name_en", "name_es")
    search_title_fields = ("name_en", "name_es")
    search_codes = ("iso2", "iso3")

    def in_region(self, region):
        """The countries in an M49 region at any of its three levels."""
        return self.filter(Q(region=region) | Q(subregion=region) | Q(intermediate_region=region))

    def for_list(self):
        return self.select_related("region", "subregion", "intermediate_region")


class Country(ShownElsewhere):
    """A country or territory as ISO 3166-1 lists it, placed in the UN M49 regions, with the World
    Bank income group and the UN's LDC, LLDC and SIDS flags."""

    iso2 = models.CharField(
        _("ISO alpha-2 code"), max_length=2, unique=True, validators=[RegexValidator(r"^[A-Z]{2}$")]
    )
    iso3 = models.CharField(
        _("ISO alpha-3 code"), max_length=3, unique=True, validators=[RegexValidator(r"^[A-Z]{3}$")]
    )
    m49_code = models.CharField(
        _("UN M49 code"), max_length=3, unique=True, validators=[RegexValidator(r"^\d{3}$")]
    )
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        CountryGroup,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region_countries",
        limit_choices_to={"kind": CountryGroupKind.GEOGRAPHIC_REGION, "parent__isnull": True},
    )
    subregion = models.ForeignKey(
        CountryGroup,
        verbose_name=_("sub-region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subregion_countries",
        limit_choices_to={"kind": CountryGroupKind.GEOGRAPHIC_REGION},
    )
    intermediate_region = models.ForeignKey(
        CountryGroup,
        verbose_name=_("intermediate region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intermediate_region_countries",
        limit_choices_to={"kind": CountryGroupKind.GEOGRAPHIC_REGION},
    )
    income_group = models.CharField(
        _("income group"),
        max_length=16,
        choices=IncomeGroup.choices,
        blank=True,
        help_text=_("World Bank classification, fiscal year 2026."),
    )
    is_sids = models.BooleanField(_("Small Island Developing State"), default=False)
    is_ldc = models.BooleanField(_("Least Developed Country"), default=False)
    is_lldc = models.BooleanField(_("Landlocked Developing Country"), default=False)

    shown_in = (
        ("programmes.Activity", "host_country"),
        ("programmes.Practice", "origin_country"),
        ("programmes.PolicyAdoption", "adopting_country"),
        ("programmes.Participation", "participant__country"),
    )
    fields_shown_elsewhere = ("iso3",)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:country_detail", kwargs={"iso3": self.iso3.lower()})


class AgencyKind(models.TextChoices):
    COOPERATION_AGENCY = "cooperation_agency", _("National cooperation agency")
    GOVERNMENT = "government", _("Ministry or government body")
    SME_AGENCY = "sme_agency", _("SME agency")
    UN_ENTITY = "un_entity", _("UN entity or regional commission")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    ACADEMIA = "academia", _("Academia or research")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class AgencyQuerySet(SearchQuerySet):
    search_fields = ("name", "acronym", "country__name_en", "country__name_es")
    search_title_fields = ("name", "acronym")

    def for_list(self):
        return self.select_related("country")


# The models of records that agencies own and the API shows (each shows its owner by slug).
OWNED_MODELS = ("Programme", "Activity", "Practice", "PolicyAdoption", "Participation", "FollowUpResponse")


class Agency(ShownElsewhere):
    """An organisation that takes part in cooperation: a national cooperation agency (APC Colombia,
    TICA), a ministry (MINCIT), an SME agency (SME Corp Malaysia), a UN regional commission (ESCAP),
    a development bank, a university, a company or a civil-society organisation. Agencies also own the
    records their staff log."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("Leave empty for international bodies such as UN regional commissions."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    # Every record shows its owner by slug; these also show partner, organising, visited, origin and
    # adopting agencies.
    shown_in = (
        *((f"programmes.{model}", "owner") for model in OWNED_MODELS),
        ("programmes.Programme", "partners__agency"),
        ("programmes.Activity", "organisers"),
        ("programmes.Activity", "institutions_visited"),
        ("programmes.Practice", "origin_agency"),
        ("programmes.PolicyAdoption", "adopting_agency"),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return f"{self.acronym} — {self.name}" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.acronym or self.name)[:80]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:agency_detail", kwargs={"slug": self.slug})


class AgencyMembership(models.Model):
    """A user's membership of an agency: the user works with the agency's records, with the rights of
    their role (the groups Agency editor, Agency reviewer, Portal administrator; see permissions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"],
                name="agencymembership_unique",
                violation_error_message=_("This user is already a member of this agency."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.agency}"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class OwnedQuerySet(models.QuerySet):
    """Base QuerySet of every record an agency logs."""

    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def restrict(self, user, action="view"):
        """The rows `user` may view, change, delete, submit or publish (partners.permissions.restrict)."""
        from partners.permissions import restrict

        return restrict(self, user, action)

    def for_list(self):
        return self.select_related("owner")

    def visible(self, user):
        """The rows `user` may view, ready for a list: what public pages show."""
        return self.restrict(user, "view").for_list()

    def count_per(self, lookup):
        """A subquery expression for annotating another model's rows: how many distinct rows of this
        QuerySet have `lookup` equal to the outer row's primary key (0 when none)."""
        rows = self.filter(**{lookup: OuterRef("pk")}).order_by().values(lookup)
        counted = rows.annotate(n=Count("pk", distinct=True)).values("n")
        return Coalesce(Subquery(counted), 0)


class OwnedRecord(ShownElsewhere):
    """Abstract base of every record an agency logs: who owns it, whether it is published, when it was
    created and changed, and the owning agency's own identifier for it (for partner systems)."""

    owner = models.ForeignKey(
        Agency,
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="owned_%(class)s",
        help_text=_("The agency whose staff logged this record and may change it."),
    )
    publication_status = models.CharField(
        _("publication status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    external_id = models.CharField(
        _("external identifier"),
        max_length=100,
        blank=True,
        help_text=_("The owning agency's own identifier for this record, e.g. from its project database."),
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # Participants, participations and follow-ups hold personal data: only the owning agency's staff and
    # portal administrators see them, published or not (partners.permissions.restrict).
    personal_data = False

    # What other records show of this one (ShownElsewhere): its slug, or whether it may be viewed.
    fields_shown_elsewhere = ("slug", "publication_status", "owner_id")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        # Subclasses that declare Meta.constraints list these first: [*OwnedRecord.Meta.constraints, ...]
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "external_id"],
                condition=~Q(external_id=""),
                name="%(app_label)s_%(class)s_external_id_unique_per_owner",
                violation_error_message=_("This agency already has a record with this external identifier."),
            ),
        ]

    @property
    def is_published(self):
        return self.publication_status == PublicationStatus.PUBLISHED


# API access for partner systems -----------------------------------------------------------------
# A partner system acts through a user account of its own, a member of one agency with a role, so that
# THE permission rule (partners/permissions.py) applies to it unchanged. Its tokens are django-rest-knox
# tokens: only a hash and a short prefix are stored (partners/authentication.py checks them).


class PartnerSystemRole(models.TextChoices):
    EDITOR = "editor", _("Editor: may add, change and submit the agency's records for review")
    REVIEWER = "reviewer", _("Reviewer: may also publish the agency's records")


class PartnerSystemQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("agency", "user", "created_by")


class PartnerSystem(models.Model):
    """A partner system — another agency's project database, a dashboard, an IATI publisher — that
    reads and writes through the API on behalf of one agency, with the rights of an editor or a
    reviewer of that agency. Portal administrators register it and issue its tokens."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the system is, e.g. “APC Colombia project database”.")
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="partner_systems",
        help_text=_("The one agency whose records the system may read as drafts and write."),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=PartnerSystemRole.choices, default=PartnerSystemRole.EDITOR
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Who runs the system at the agency: a name and an email address."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive system's tokens are all refused.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="partner_system",
        editable=False,
        help_text=_("The account the system acts as: no password, no admin access."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = PartnerSystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner system")
        verbose_name_plural = _("partner systems")
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="partnersystem_unique_name_per_agency",
                violation_error_message=_("This agency already has a partner system with this name."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.agency})"


class PartnerTokenQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("partner_system__agency", "created_by", "revoked_by")

    def usable(self):
        """Tokens that are neither revoked nor expired (whether their system is active aside)."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
        )


# knox's manager, whose create() returns the row and the clear token, with this model's QuerySet.
PartnerTokenManager = AuthTokenManager.from_queryset(PartnerTokenQuerySet)


class PartnerToken(AbstractAuthToken):
    """An API token of a partner system (django-rest-knox's token, settings.KNOX_TOKEN_MODEL). Only the
    SHA-512 hash of the token (digest) and its first characters (token_key, for lookup and recognition)
    are stored; the token itself is shown once, when issued. A token expires, may be revoked, and may be
    limited to reading."""

    partner_system = models.ForeignKey(
        PartnerSystem, verbose_name=_("partner system"), on_delete=models.CASCADE, related_name="tokens"
    )
    read_only = models.BooleanField(
        _("read-only"), default=False, help_text=_("A read-only token may read but never write.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PartnerTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.token_key}… ({self.partner_system.name})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expiry is not None and self.expiry <= timezone.now()
