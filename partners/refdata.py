"""Loading the reference data shipped in partners/data/ and programmes/data/ (sources: SOURCES.md there).

Idempotent: rows are matched on their codes and updated in place, so running it again changes nothing
and a newer data file updates what changed.
"""

import csv
from pathlib import Path

from django.db import transaction

from partners.models import Country, CountryGroup, CountryGroupKind

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _truthy(value: str) -> bool:
    return value.strip().lower() == "true"


def _region(code, name_en, name_es, parent=None):
    if not code:
        return None
    group, _ = CountryGroup.objects.update_or_create(
        code=f"M49-{code}",
        defaults={
            "slug": f"m49-{code}",
            "name_en": name_en,
            "name_es": name_es or name_en,
            "kind": CountryGroupKind.GEOGRAPHIC_REGION,
            "m49_code": code,
            "parent": parent,
        },
    )
    return group


@transaction.atomic
def load_countries(path: Path = DATA_DIR / "countries.csv") -> int:
    """Every ISO 3166-1 country with its M49 regions, names in English and Spanish, flags and income group."""
    rows = _read(path)
    regions: dict[str, CountryGroup] = {}

    def region(code, name_en, name_es, parent=None):
        if code and code not in regions:
            regions[code] = _region(code, name_en, name_es, parent)
        return regions.get(code)

    members: dict[int, set[int]] = {}
    for row in rows:
        top = region(row["region_code"], row["region_name"], row["region_name_es"])
        sub = region(row["subregion_code"], row["subregion_name"], row["subregion_name_es"], top)
        intermediate = region(
            row["intermediate_region_code"],
            row["intermediate_region_name"],
            row["intermediate_region_name_es"],
            sub,
        )
        country, _ = Country.objects.update_or_create(
            iso3=row["alpha3"],
            defaults={
                "iso2": row["alpha2"],
                "m49_code": row["numeric"],
                "name_en": row["name_en"],
                "name_es": row["name_es"] or row["name_es_isocodes"] or row["name_en"],
                "region": top,
                "subregion": sub,
                "intermediate_region": intermediate,
                "income_group": row["wb_income_group_fy2026"],
                "is_ldc": _truthy(row["is_ldc"]),
                "is_lldc": _truthy(row["is_lldc"]),
                "is_sids": _truthy(row["is_sids"]),
            },
        )
        for group in (top, sub, intermediate):
            if group is not None:
                members.setdefault(group.pk, set()).add(country.pk)
    _set_members(members)
    return len(rows)


@transaction.atomic
def load_country_groups(path: Path = DATA_DIR / "country_groups.csv") -> int:
    """ASEAN, SAARC, CARICOM, CELAC, APEC and FEALAC with their members."""
    rows = _read(path)
    countries = dict(Country.objects.values_list("iso3", "pk"))
    members: dict[int, set[int]] = {}
    for row in rows:
        group, _ = CountryGroup.objects.update_or_create(
            code=row["group_code"],
            defaults={
                "slug": row["group_code"].lower(),
                "name_en": row["group_name"],
                "kind": row["kind"],
                "founded_year": int(row["founded_year"]) if row["founded_year"] else None,
                "website": row["website"],
            },
        )
        members.setdefault(group.pk, set()).add(countries[row["member_alpha3"]])
    _set_members(members)
    return len(members)


def _set_members(members: dict[int, set[int]]):
    """Make each group's membership exactly the given set, touching only what differs."""
    through = CountryGroup.members.through
    for group_id, wanted in members.items():
        current = set(through.objects.filter(countrygroup_id=group_id).values_list("country_id", flat=True))
        through.objects.filter(countrygroup_id=group_id, country_id__in=current - wanted).delete()
        through.objects.bulk_create(
            [through(countrygroup_id=group_id, country_id=country_id) for country_id in wanted - current]
        )


def load_reference_data() -> dict[str, int]:
    """Countries, regions and groups; then the programmes app's themes and SDGs."""
    from programmes.refdata import load_sdgs, load_themes

    return {
        "countries": load_countries(),
        "country groups": load_country_groups(),
        "themes": load_themes(),
        "sdgs": load_sdgs(),
    }
