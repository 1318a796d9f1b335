import django.db.models.deletion
from django.db import migrations, models

PUBLISHED = "published"


def place_programmes(apps, schema_editor):
    """The rows of every programme, as ProgrammePlace.objects.refresh() writes them (the migration's own
    copy: models change)."""
    Activity = apps.get_model("programmes", "Activity")
    Country = apps.get_model("partners", "Country")
    ProgrammePartner = apps.get_model("programmes", "ProgrammePartner")
    ProgrammePlace = apps.get_model("programmes", "ProgrammePlace")
    pairs = set(
        ProgrammePartner.objects.filter(agency__country__isnull=False).values_list(
            "programme_id", "agency__country_id"
        )
    )
    pairs |= set(
        Activity.objects.filter(publication_status=PUBLISHED, host_country__isnull=False).values_list(
            "programme_id", "host_country_id"
        )
    )
    regions = {
        pk: {level for level in levels if level is not None} or {None}
        for pk, *levels in Country.objects.values_list(
            "pk", "region_id", "subregion_id", "intermediate_region_id"
        )
    }
    ProgrammePlace.objects.bulk_create(
        (
            ProgrammePlace(programme_id=programme, country_id=country, region_id=region)
            for programme, country in pairs
            for region in regions[country]
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_drop_unused_knox_table"),
        ("programmes", "0007_counted_participation"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgrammePlace",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "country",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.country",
                        verbose_name="country",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="programmes.programme",
                        verbose_name="programme",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        help_text="An M49 region, sub-region or intermediate region the country is in.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.countrygroup",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "programme place",
                "verbose_name_plural": "programme places",
                "indexes": [
                    models.Index(fields=["region", "programme"], name="programme_place_region"),
                    models.Index(fields=["country", "programme"], name="programme_place_country"),
                ],
            },
        ),
        migrations.RunPython(place_programmes, migrations.RunPython.noop),
    ]
