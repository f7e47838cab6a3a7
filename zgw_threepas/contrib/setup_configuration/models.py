"""The shape of each YAML section, derived from the Django models.

Every field an administrator edits in the admin can be set here, under the same name, with the
model's help text as documentation and its default when left out. Foreign keys to
zgw-consumers services are given by the service's ``identifier`` (its slug), as in
zgw-consumers' own step. The field lists follow the models, so a new admin field is
configurable as code without a change here (``tests/setup_configuration`` checks that).
"""

from __future__ import annotations

from typing import Literal

from django.db import models

from django_setup_configuration.fields import DjangoModelRef
from django_setup_configuration.models import ConfigurationModel
from pydantic import Field

from ...constants import Publicatieblad
from ...intake.subscription import DEFAULT_KANALEN
from ...models import Organisatie, PublicatieRegel, ThreepasConfig


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


class OrganisatieConfigurationItem(ConfigurationModel):
    threepas_service_identifier: str = Field(
        default="",
        description=(
            "The 3PAS endpoint of this organisation (a service of api_type orc). "
            + SERVICE_IDENTIFIER_HELP
        ),
        examples=["drop-amsterdam"],
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
