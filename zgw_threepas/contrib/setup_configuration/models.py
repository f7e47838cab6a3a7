"""The shape of each YAML section, derived from the Django models.

Every field an administrator edits in the admin can be set here, under the same name, with the
model's help text as documentation and its default when left out. Foreign keys to
zgw-consumers services are given by the service's ``identifier`` (its slug), as in
zgw-consumers' own step. The field lists follow the models, so a new admin field is
configurable as code without a change here (``tests/setup_configuration`` checks that).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.db import models

from django_setup_configuration.fields import DjangoModelRef
from django_setup_configuration.models import ConfigurationModel
from pydantic import Field, field_validator

from ...constants import Publicatieblad
from ...intake.subscription import DEFAULT_KANALEN
from ...models import Organisatie, PublicatieRegel, Sjabloon, ThreepasConfig, Vrijedag


def configurable_fields(model: type[models.Model], *, exclude: tuple[str, ...] = ()) -> list[str]:
    """The model's own editable values: no primary key, no relations (those are given by
    identifier), no JSON fields (their shape is declared explicitly)."""
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and field.editable
        and not field.primary_key
        and not field.is_relation
        and not isinstance(field, models.JSONField)
        and field.name not in exclude
    ]


SERVICE_IDENTIFIER_HELP = (
    "The identifier of a service configured in the zgw_consumers section (or earlier)."
)


class ThreepasConfigurationModel(ConfigurationModel):
    notificaties_service_identifier: str = Field(
        default="",
        description=(
            "The Notificaties API (a service of api_type nrc) to register the abonnement at. "
            "Empty: the service of notifications-api-common's configuration (Open Zaak's). "
            + SERVICE_IDENTIFIER_HELP
        ),
        examples=["notificaties-api"],
    )

    class Meta:
        django_model_refs = {ThreepasConfig: configurable_fields(ThreepasConfig)}
        extra_kwargs = {
            "webhook_auth": {"examples": ["Token <modify-this>"]},
            "webhook_jwt_client_id": {"examples": ["open-notificaties"]},
            "webhook_jwt_secret": {"examples": ["<modify-this>"]},
            "notificaties_callback_url": {
                "examples": ["https://openzaak.example.nl/zaken/api/v1/callbacks"]
            },
        }


def refuse_duplicates(items: list, key, *, what: str, named) -> list:
    """Two entries for the same row in one file would silently merge (the last one wins):
    refuse them, naming the duplicate."""
    seen = set()
    for item in items:
        if key(item) in seen:
            raise ValueError(
                f"{what} {named(item)} is listed more than once; keep one entry for it."
            )
        seen.add(key(item))
    return items


class VrijedagConfigurationItem(ConfigurationModel):
    datum: date = DjangoModelRef(Vrijedag, "datum", examples=["2026-05-15"])

    class Meta:
        django_model_refs = {Vrijedag: ["omschrijving"]}
        extra_kwargs = {
            "omschrijving": {"examples": ["Dag na Hemelvaartsdag"]},
        }


class SjabloonConfigurationItem(ConfigurationModel):
    class Meta:
        django_model_refs = {Sjabloon: ["publicatietype", "procedure", "titel", "tekst"]}
        extra_kwargs = {
            "titel": {"examples": ["Aanvraag: {{ zaak.omschrijving }}"]},
            "tekst": {"examples": ["Op {{ zaak.startdatum }} ontvingen wij een aanvraag."]},
        }


class OrganisatieConfigurationItem(ConfigurationModel):
    threepas_service_identifier: str = Field(
        default="",
        description=(
            "The 3PAS endpoint of this organisation (a service of api_type orc). "
            + SERVICE_IDENTIFIER_HELP
        ),
        examples=["drop-amsterdam"],
    )
    vrije_dagen: list[VrijedagConfigurationItem] = Field(
        default_factory=list,
        description=(
            "Days on which the organisation does not publish, besides weekends and public "
            "holidays; found by datum: an existing one is updated, a new one added, one not "
            "listed is left alone."
        ),
    )
    sjablonen: list[SjabloonConfigurationItem] = Field(
        default_factory=list,
        description=(
            "The organisation's default texts, one per publicatietype and procedure (empty "
            "procedure: both), checked like the admin checks them; found by publicatietype "
            "and procedure: an existing one is updated, a new one added, one not listed is "
            "left alone."
        ),
    )

    @field_validator("vrije_dagen")
    @classmethod
    def _one_entry_per_date(cls, items):
        return refuse_duplicates(
            items, lambda i: i.datum, what="The day off", named=lambda i: f"{i.datum}"
        )

    @field_validator("sjablonen")
    @classmethod
    def _one_text_per_type_and_procedure(cls, items):
        return refuse_duplicates(
            items,
            lambda i: (i.publicatietype, i.procedure),
            what="The default text for",
            named=lambda i: f"publicatietype '{i.publicatietype}' procedure '{i.procedure}'",
        )

    class Meta:
        django_model_refs = {Organisatie: configurable_fields(Organisatie)}
        extra_kwargs = {
            "naam": {"examples": ["Amsterdam"]},
            "rsin": {"examples": ["002220647"]},
            "oin": {"examples": ["00000001002564440000"]},
        }


class OrganisatiesConfigurationModel(ConfigurationModel):
    items: list[OrganisatieConfigurationItem] = Field(
        description="Organisations, found by rsin: an existing one is updated, a new one added."
    )

    @field_validator("items")
    @classmethod
    def _one_entry_per_rsin(cls, items):
        return refuse_duplicates(
            items, lambda i: i.rsin, what="The organisation with rsin", named=lambda i: i.rsin
        )


class PublicatieRegelConfigurationItem(ConfigurationModel):
    publicatiebladen: list[Literal[tuple(Publicatieblad.values)]] = DjangoModelRef(
        PublicatieRegel, "publicatiebladen", default_factory=list
    )

    class Meta:
        django_model_refs = {PublicatieRegel: configurable_fields(PublicatieRegel)}
        extra_kwargs = {
            "naam": {"examples": ["Aanvraag omgevingsvergunning ontvangen"]},
            "zaaktype_identificatie": {"examples": ["OMGEVINGSVERGUNNING-REGULIER"]},
        }


class PublicatieRegelsConfigurationModel(ConfigurationModel):
    items: list[PublicatieRegelConfigurationItem] = Field(
        description=(
            "Publication rules, found by naam and zaaktype_identificatie together: an existing "
            "one is updated, a new one added."
        )
    )

    @field_validator("items")
    @classmethod
    def _one_entry_per_rule(cls, items):
        return refuse_duplicates(
            items,
            lambda i: (i.naam, i.zaaktype_identificatie),
            what="The rule",
            named=lambda i: f"'{i.naam}' ({i.zaaktype_identificatie})",
        )


class KanaalConfigurationItem(ConfigurationModel):
    naam: Literal[tuple(DEFAULT_KANALEN)] = Field(description="The kanaal to subscribe to.")
    filters: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Only notifications whose kenmerken have these values, e.g. "
            "{bronorganisatie: '002220647'}. Empty: all notifications of the kanaal."
        ),
    )


class AbonnementConfigurationModel(ConfigurationModel):
    kanalen: list[KanaalConfigurationItem] = Field(
        # Plain data, validated into items: the generated documentation can show it.
        default_factory=lambda: [{"naam": naam, "filters": {}} for naam in DEFAULT_KANALEN],
        validate_default=True,
        description="The kanalen of the abonnement. Default: zaken and besluiten, unfiltered.",
    )
    renew: bool = Field(
        default=True,
        description=(
            "Send an existing abonnement again on every run, so that a changed webhook "
            "authorization always reaches the Notificaties API (it never shows the one it "
            "has). With false, an abonnement that already covers the kanalen is left alone."
        ),
    )
