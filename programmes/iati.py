"""IATI activity XML (IATI Standard 2.03) for published programmes: the whole mapping, in one place.

One published programme is one <iati-activity>; its elements follow the order of the 2.03 schema
(programmes/data/iati/iati-activities-schema.xsd, which the tests validate against):

| IATI element (2.03 order)  | from the portal                                                              |
|----------------------------|------------------------------------------------------------------------------|
| @last-updated-datetime     | Programme.updated_at                                                         |
| @default-currency          | Programme.currency, when set                                                 |
| iati-identifier            | reporting-org ref + "-P" + programme id, e.g. XX-SSCPORTAL-A3-P12            |
| reporting-org              | the owning agency: ref (organisation_ref), type (ORGANISATION_TYPE), name    |
| title                      | title_en (default language, English) and title_es (xml:lang="es")            |
| description type 1         | summary and description, in English and, where written, in Spanish           |
| participating-org          | one per ProgrammePartner (agency, IATI role from PARTNER_ROLE_VOCABULARIES,  |
|                            | once per agency and IATI role); none: the owning agency as Accountable (2)   |
| other-identifier type A1   | OwnedRecord.external_id (the agency's own identifier), when set              |
| activity-status            | Programme.status through ACTIVITY_STATUS                                     |
| activity-date              | start: actual (2) once begun, else planned (1); end: actual (4) when         |
|                            | completed and past, else planned (3)                                         |
| recipient-country          | host countries of the programme's published activities, percentages by the   |
|                            | number of activities each hosts, summing to 100; with no hosted activity,    |
|                            | the countries of the partners receiving knowledge, in equal shares           |
| tag vocabulary 99          | themes (code: theme slug) and the modality (code: bilateral, regional,       |
|                            | triangular), vocabulary-uri: the public programme list filtered by the code  |
| tag vocabulary 2           | SDGs (code: goal number)                                                     |
| collaboration-type         | triangular: 8; bilateral South-South: 1; regional: none (COLLABORATION_TYPE) |
| budget                     | Programme.budget and currency over start..end date, when both dates are known |
| document-link A12          | the programme's public page                                                  |

IATI has no South-South element or code (see programmes/data/iati/SOURCES.md and the shared notes): the
triangular modality is collaboration-type 8; bilateral South-South is an ordinary bilateral flow (1);
regional South-South has no fitting code (2 and 4 are multilateral core flows), so it carries none; the
portal's own modality is always in a vocabulary-99 tag.

Agencies have no IATI organisation identifier in the portal: settings.IATI_PUBLISHER_PREFIX (a
placeholder, XX-SSCPORTAL, by default) plus "A" and the agency's id stands for it (organisation_ref).

The export streams: `document()` yields the XML one <iati-activity> at a time from
`published_programmes().iterator(chunk_size=CHUNK_SIZE)`, which prefetches what the mapping reads per
chunk, so memory stays flat and the number of SQL queries grows with chunks, not programmes.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from partners.models import AgencyKind
from programmes.choices import PARTNER_ROLE_VOCABULARIES, Modality, PartnerRole, ProgrammeStatus
from programmes.models import Activity, Programme, ProgrammePartner

IATI_VERSION = "2.03"
CHUNK_SIZE = 100
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "en"  # iati-activity/@xml:lang: narratives without xml:lang are English
OTHER_LANGUAGES = ("es",)

# Codelist ActivityStatus: 1 Pipeline/identification, 2 Implementation, 4 Closed ("physical activity is
# complete"; 3 Finalisation would claim a pending financial sign-off the portal does not track),
# 6 Suspended.
ACTIVITY_STATUS = {
    ProgrammeStatus.PLANNED: "1",
    ProgrammeStatus.ACTIVE: "2",
    ProgrammeStatus.COMPLETED: "4",
    ProgrammeStatus.SUSPENDED: "6",
}
# Codelist ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# Codelist OrganisationType. Southern cooperation agencies are governments; SME agencies other public
# sector; development banks in South-South cooperation are mostly regional or multilateral (CAF, IDB).
ORGANISATION_TYPE = {
    AgencyKind.COOPERATION_AGENCY: "10",
    AgencyKind.GOVERNMENT: "10",
    AgencyKind.SME_AGENCY: "15",
    AgencyKind.UN_ENTITY: "40",
    AgencyKind.INTERGOVERNMENTAL: "40",
    AgencyKind.DEVELOPMENT_BANK: "40",
    AgencyKind.ACADEMIA: "80",
    AgencyKind.PRIVATE_SECTOR: "70",
    AgencyKind.CIVIL_SOCIETY: "22",
}
ACCOUNTABLE = "2"  # codelist OrganisationRole: the owning agency, when a programme lists no partners
# Codelist CollaborationType: 1 Bilateral, 8 Bilateral, triangular co-operation; regional: none fits.
COLLABORATION_TYPE = {Modality.BILATERAL: "1", Modality.TRIANGULAR: "8"}
TAG_SDG_GOALS, TAG_REPORTING_ORGANISATION = "2", "99"  # codelist TagVocabulary
DESCRIPTION_GENERAL = "1"  # codelist DescriptionType
OTHER_IDENTIFIER_INTERNAL = "A1"  # codelist OtherIdentifierType: reporting organisation's own identifier
DOCUMENT_ACTIVITY_WEB_PAGE = "A12"  # codelist DocumentCategory
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"  # codelists BudgetType, BudgetStatus

# Characters XML 1.0 cannot carry, even escaped (control characters pasted into a text field).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Links:
    """Absolute addresses the export writes, on the site that serves it (English, unprefixed pages)."""

    base: str  # scheme and host, e.g. "https://ssc.example.org"

    @classmethod
    def for_request(cls, request):
        return cls(request.build_absolute_uri("/").rstrip("/"))

    def page(self, name, **kwargs):
        with translation.override(DEFAULT_LANGUAGE):
            return self.base + reverse(name, kwargs=kwargs or None)

    def programme_filter(self, name):
        """The public programme list filtered by `name`; the vocabulary-uri of the portal's own tags."""
        return f"{self.page('programmes:programme_list')}?{name}="


def published_programmes():
    """The programmes the export shows (what anonymous visitors see: published ones), with everything
    the mapping reads prefetched, in a stable order."""
    visitor = AnonymousUser()
    hosted = (
        Activity.objects.restrict(visitor, "view")
        .filter(host_country__isnull=False)
        .select_related("host_country")
        .only("programme_id", "host_country__iso2")
        .order_by()
    )
    partners = (
        ProgrammePartner.objects.select_related("agency__country")
        .only("programme_id", "role", "agency__name", "agency__kind", "agency__country__iso2")
        .order_by("role", "agency__name")
    )
    return (
        Programme.objects.restrict(visitor, "view")
        .select_related("owner")
        .defer("owner__description")
        .prefetch_related(
            "themes",
            "sdgs",
            Prefetch("partners", queryset=partners),
            Prefetch("activities", queryset=hosted, to_attr="iati_hosted_activities"),
        )
        .order_by("pk")
    )


def document(programmes: Iterable[Programme], links: Links) -> Iterator[str]:
    """An <iati-activities> file, piece by piece: pass `published_programmes().iterator(chunk_size=…)`."""
    generated = timezone.now().astimezone(UTC).isoformat(timespec="seconds")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="{IATI_VERSION}" generated-datetime="{generated}">\n'
    for programme in programmes:
        element = activity(programme, links)
        _release(programme)
        yield ET.tostring(element, encoding="unicode") + "\n"
    yield "</iati-activities>\n"


def _release(programme):
    """Drop the programme's prefetched rows. Each of them points back at the programme (Django caches the
    reverse relation), and such cycles wait for the cyclic garbage collector, which runs rarely: without
    this, the memory of every chunk already written would linger and grow with the number of programmes."""
    programme._prefetched_objects_cache = {}
    programme.iati_hosted_activities = []


def organisation_ref(agency) -> str:
    """The agency's IATI organisation identifier (none is recorded: the publisher prefix and its id)."""
    return f"{settings.IATI_PUBLISHER_PREFIX}-A{agency.pk}"


def activity(programme: Programme, links: Links) -> ET.Element:
    """The <iati-activity> of one programme (see the table at the top for the mapping)."""
    attributes = {
        "last-updated-datetime": programme.updated_at.astimezone(UTC).isoformat(timespec="seconds"),
        XML_LANG: DEFAULT_LANGUAGE,
    }
    if programme.currency:
        attributes["default-currency"] = programme.currency
    root = ET.Element("iati-activity", attributes)
    owner_ref = organisation_ref(programme.owner)
    _add(root, "iati-identifier", text=f"{owner_ref}-P{programme.pk}")
    reporting = _add(root, "reporting-org", ref=owner_ref, type=ORGANISATION_TYPE[programme.owner.kind])
    _narratives(reporting, {DEFAULT_LANGUAGE: programme.owner.name})
    _narratives(_add(root, "title"), _texts(programme, "title"))
    description = _description(programme)
    if description:
        _narratives(_add(root, "description", type=DESCRIPTION_GENERAL), description)
    for agency, role in _participating_orgs(programme):
        org = _add(
            root, "participating-org", ref=organisation_ref(agency), type=ORGANISATION_TYPE[agency.kind]
        )
        org.set("role", role)
        _narratives(org, {DEFAULT_LANGUAGE: agency.name})
    if programme.external_id:
        _add(root, "other-identifier", ref=programme.external_id, type=OTHER_IDENTIFIER_INTERNAL)
    _add(root, "activity-status", code=ACTIVITY_STATUS[programme.status])
    for date_type, day in _activity_dates(programme, timezone.localdate()):
        _add(root, "activity-date", type=date_type, **{"iso-date": day.isoformat()})
    for code, percentage in _recipient_countries(programme):
        _add(root, "recipient-country", code=code, percentage=percentage)
    themes_uri = links.programme_filter("theme")
    for theme in programme.themes.all():
        tag = _add(root, "tag", vocabulary=TAG_REPORTING_ORGANISATION, code=theme.slug)
        tag.set("vocabulary-uri", themes_uri)
        _narratives(tag, _texts(theme, "name"))
    modality = _add(root, "tag", vocabulary=TAG_REPORTING_ORGANISATION, code=programme.modality)
    modality.set("vocabulary-uri", links.programme_filter("modality"))
    with translation.override(DEFAULT_LANGUAGE):
        _narratives(modality, {DEFAULT_LANGUAGE: str(programme.get_modality_display())})
    for goal in programme.sdgs.all():
        _narratives(
            _add(root, "tag", vocabulary=TAG_SDG_GOALS, code=str(goal.number)), _texts(goal, "short_name")
        )
    if programme.modality in COLLABORATION_TYPE:
        _add(root, "collaboration-type", code=COLLABORATION_TYPE[programme.modality])
    if programme.budget is not None and programme.currency and programme.end_date:
        budget = _add(root, "budget", type=BUDGET_ORIGINAL, status=BUDGET_INDICATIVE)
        _add(budget, "period-start", **{"iso-date": programme.start_date.isoformat()})
        _add(budget, "period-end", **{"iso-date": programme.end_date.isoformat()})
        value = _add(budget, "value", text=f"{programme.budget:f}", currency=programme.currency)
        value.set("value-date", programme.start_date.isoformat())
    page = _add(
        root,
        "document-link",
        format="text/html",
        url=links.page("programmes:programme_detail", slug=programme.slug),
    )
    _narratives(_add(page, "title"), _texts(programme, "title"))
    _add(page, "category", code=DOCUMENT_ACTIVITY_WEB_PAGE)
    _add(page, "language", code=DEFAULT_LANGUAGE)
    return root


# The parts of the mapping that take more than a line ---------------------------------------------------


def _participating_orgs(programme):
    """[(agency, IATI OrganisationRole code)], once per agency and code, in the order of the partners."""
    pairs = {}
    for partner in programme.partners.all():
        role = PARTNER_ROLE_VOCABULARIES[PartnerRole(partner.role)]["iati_organisation_role"]
        pairs.setdefault((partner.agency.pk, role), (partner.agency, role))
    return list(pairs.values()) or [(programme.owner, ACCOUNTABLE)]


def _activity_dates(programme, today: date):
    """[(ActivityDateType code, date)]: a start date always, an end date when known. A date is "actual"
    only when the status says it happened and it is not in the future (IATI's rule for actual dates)."""
    begun = programme.status != ProgrammeStatus.PLANNED and programme.start_date <= today
    dates = [(ACTUAL_START if begun else PLANNED_START, programme.start_date)]
    if programme.end_date:
        ended = programme.status == ProgrammeStatus.COMPLETED and programme.end_date <= today
        dates.append((ACTUAL_END if ended else PLANNED_END, programme.end_date))
    return dates


def _recipient_countries(programme):
    """[(ISO alpha-2 code, percentage)], percentages summing to exactly 100."""
    counts = Counter(activity.host_country.iso2 for activity in programme.iati_hosted_activities)
    if not counts:
        counts = Counter(
            {
                partner.agency.country.iso2: 1
                for partner in programme.partners.all()
                if partner.role == PartnerRole.RECEIVING and partner.agency.country is not None
            }
        )
    return [(code, _format_percentage(share)) for code, share in sorted(shares(counts).items())]


def shares(counts: Counter) -> dict[str, int]:
    """Each key's share of the total in hundredths of a per cent, rounded so that they sum to exactly
    10,000 (largest remainder: the hundredths left over go to the largest fractions)."""
    total = sum(counts.values())
    if not total:
        return {}
    result = {key: count * 10_000 // total for key, count in counts.items()}
    left_over = 10_000 - sum(result.values())
    by_remainder = sorted(counts, key=lambda key: (-(counts[key] * 10_000 % total), key))
    for key in by_remainder[:left_over]:
        result[key] += 1
    return result


def _format_percentage(hundredths: int) -> str:
    return f"{Decimal(hundredths) / 100:f}"


def _description(programme):
    """{language: the summary and the description, as paragraphs} for the languages that have text."""
    texts = {}
    for language in (DEFAULT_LANGUAGE, *OTHER_LANGUAGES):
        parts = [getattr(programme, f"{field}_{language}") or "" for field in ("summary", "description")]
        text = "\n\n".join(part.strip() for part in parts if part.strip())
        if text:
            texts[language] = text
    return texts


def _texts(instance, field):
    """{language: text} of a translated field, for the languages in which it is written."""
    languages = (DEFAULT_LANGUAGE, *OTHER_LANGUAGES)
    return {language: getattr(instance, f"{field}_{language}") for language in languages}


def _narratives(parent, texts):
    """<narrative> children: English without xml:lang (the activity's default), other languages with it;
    empty texts left out."""
    for language, text in texts.items():
        text = NOT_XML.sub("", str(text or "")).strip()
        if text:
            narrative = _add(parent, "narrative", text=text)
            if language != DEFAULT_LANGUAGE:
                narrative.set(XML_LANG, language)


def _add(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, {name: str(value) for name, value in attributes.items()})
    if text is not None:
        element.text = NOT_XML.sub("", text)
    return element
