"""Loading the programmes app's reference data: themes and the 17 SDGs (sources: data/SOURCES.md)."""

import csv

from django.db import transaction

from programmes.choices import DATA_DIR
from programmes.models import SustainableDevelopmentGoal, Theme


def _read(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_themes() -> int:
    rows = _read("themes.csv")
    for row in rows:
        Theme.objects.update_or_create(
            slug=row["slug"], defaults={"name_en": row["name_en"], "name_es": row["name_es"]}
        )
    return len(rows)


@transaction.atomic
def load_sdgs() -> int:
    rows = _read("sdgs.csv")
    for row in rows:
        SustainableDevelopmentGoal.objects.update_or_create(
            number=int(row["number"]),
            defaults={
                "short_name_en": row["short_en"],
                "short_name_es": row["short_es"],
                "title_en": row["title_en"],
                "title_es": row["title_es"],
            },
        )
    return len(rows)
