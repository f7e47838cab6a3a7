import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("zgw_threepas", "0003_organisatie_connection"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisatie",
            name="code",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The code under which the government lists this organisation: for a "
                    "gemeente 'gm' and its CBS gemeentecode (gm0363), for a provincie 'pv' and "
                    "two digits (pv27), for a waterschap 'ws' and four digits (ws0155), for a "
                    "gemeenschappelijke regeling 'oorg' and its number in the TOOI register."
                ),
                max_length=12,
                verbose_name="organisation code",
            ),
        ),
        migrations.AddField(
            model_name="organisatie",
            name="publiceren_zonder_locatie",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Publish kennisgevingen of zaken that have neither a zaakgeometrie nor an "
                    "address with a postcode, with the organisation itself as their location. "
                    "Residents who subscribed to 'Berichten over uw Buurt' are not alerted of "
                    "those. Off: such kennisgevingen are held until the zaak has a location."
                ),
                verbose_name="publish without location",
            ),
        ),
        migrations.AddField(
            model_name="organisatie",
            name="terugschrijven",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "After a successful delivery, add the DROP dossiernummer to the zaak as a "
                    "kenmerk (bron 'DROP') and fill in the publicatiedatum of the zaak or "
                    "besluit when it is empty. Needs the scope to update zaken (and besluiten) "
                    "in the ZGW APIs."
                ),
                verbose_name="write back to the zaak",
            ),
        ),
        migrations.AddField(
            model_name="publicatieregel",
            name="publicatiedatum_regel",
            field=models.CharField(
                choices=[
                    ("direct", "Direct"),
                    ("volgende_werkdag", "Volgende werkdag"),
                    ("besluit_publicatiedatum", "Publicatiedatum van het besluit"),
                ],
                default="direct",
                help_text=(
                    "When the kennisgeving is published: at once; on the next working day "
                    "(weekends, public holidays and the organisation's own days off skipped); "
                    "or on the publicatiedatum the case worker entered in the besluit. Delivery "
                    "waits until that day."
                ),
                max_length=30,
                verbose_name="publication date",
            ),
        ),
        migrations.CreateModel(
            name="Vrijedag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("datum", models.DateField(verbose_name="date")),
                (
                    "omschrijving",
                    models.CharField(
                        blank=True,
                        help_text="Why the day is not a working day, e.g. 'Dag na Hemelvaartsdag'.",
                        max_length=200,
                        verbose_name="description",
                    ),
                ),
                (
                    "organisatie",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vrije_dagen",
                        to="zgw_threepas.organisatie",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "day off",
                "verbose_name_plural": "days off",
                "ordering": ("organisatie", "datum"),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisatie", "datum"),
                        name="zgw_threepas_one_day_off_per_date",
                        violation_error_message=(
                            "This date is already a day off of the organisation."
                        ),
                    )
                ],
            },
        ),
    ]
