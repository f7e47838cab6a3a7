"""Configuration steps for ``manage.py setup_configuration``.

Add them to ``SETUP_CONFIGURATION_STEPS`` after zgw-consumers' ``ServiceConfigurationStep``
(the services they refer to must exist first), in this order::

    "zgw_consumers.contrib.setup_configuration.steps.ServiceConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.ThreepasConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.OrganisatieConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.PublicatieRegelConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.AbonnementConfigurationStep",

Each step is idempotent: rows are found by their natural key (the organisation's rsin, a day
off's datum, a default text's publicatietype with procedure, the rule's naam with its
zaaktype_identificatie) and only written when a value differs, so running the same YAML twice
changes nothing. Rows that are not in the YAML are left alone; a row listed twice is refused
when the file is validated (see :mod:`.models`). Every row is checked with the same rules as
the admin form before it is saved, a rule also against the Catalogi API (see
:func:`check_catalogue`); a failing step rolls back the whole run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial, wraps

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management import CommandError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import translation

from django_setup_configuration.configuration import BaseConfigurationStep
from django_setup_configuration.exceptions import ConfigurationRunFailed
from zgw_consumers.constants import APITypes
from zgw_consumers.models import Service

from ...collect.fetch import ZGWFetcher
from ...exceptions import ZGWError
from ...intake.subscription import (
    SubscriptionError,
    callback_url_for,
    notificaties_service,
    subscribe,
    subscription_auth,
)
from ...logging import get_logger
from ...models import Organisatie, PublicatieRegel, Sjabloon, ThreepasConfig, Vrijedag
from ...rules.catalogue_check import NON_FIELD, catalogue_problems
from .models import (
    AbonnementConfigurationModel,
    OrganisatiesConfigurationModel,
    PublicatieRegelsConfigurationModel,
    ThreepasConfigurationModel,
    configurable_fields,
)

logger = get_logger(__name__)


def get_service(identifier: str, *, purpose: str) -> Service | None:
    if not identifier:
        return None
    try:
        return Service.objects.get(slug=identifier)
    except Service.DoesNotExist:
        raise ConfigurationRunFailed(
            f"{purpose}: no service with identifier '{identifier}'. Configure it in the "
            "zgw_consumers section, whose step must run before this one."
        ) from None


def in_english(func: Callable) -> Callable:
    """Run ``func`` with English active, so that what the run prints is in one language.

    django-setup-configuration speaks English ("Error while executing step ...", "All database
    changes have been rolled back"); the validation messages of the models and the subscription
    are translated, and in a host whose ``LANGUAGE_CODE`` is ``nl`` they would come out Dutch
    in the middle of an English sentence.
    """

    @wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override("en"):
            return func(*args, **kwargs)

    return wrapper


def describe_problems(problems: dict) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}"
        if field not in (None, NON_FIELD_ERRORS)
        else " ".join(messages)
        for field, messages in problems.items()
    )


def save_if_changed(
    instance: models.Model, *, label: str, check: Callable[[], None] | None = None
) -> bool:
    """Validate ``instance`` as the admin would and save it when any value differs from the
    database. ``check`` runs after the model's own validation, before saving, and raises
    :class:`ConfigurationRunFailed` to refuse. Returns whether it was saved."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ConfigurationRunFailed(f"{label}: {describe_problems(exc.message_dict)}") from exc
    if check is not None:
        check()
    if instance.pk is not None:
        stored = type(instance).objects.filter(pk=instance.pk).first()
        if stored is not None and model_to_dict(stored) == model_to_dict(instance):
            return False
    instance.save()
    return True


def apply(instance: models.Model, values, fields: list[str]) -> None:
    for name in fields:
        setattr(instance, name, getattr(values, name))


class ThreepasConfigurationStep(BaseConfigurationStep[ThreepasConfigurationModel]):
    """The 3PAS configuration: webhook credentials, Notificaties API, callback URL, retries.

    Fields left out get their default, so the YAML describes the whole configuration.
    """

    verbose_name = "zgw-threepas configuration"
    config_model = ThreepasConfigurationModel
    namespace = "zgw_threepas_config"
    enable_setting = "zgw_threepas_config_enable"

    @in_english
    def execute(self, model: ThreepasConfigurationModel) -> None:
        config = ThreepasConfig.get_solo()
        apply(config, model, configurable_fields(ThreepasConfig))
        config.notificaties_service = get_service(
            model.notificaties_service_identifier, purpose="notificaties_service_identifier"
        )
        save_if_changed(config, label="zgw_threepas_config")


class OrganisatieConfigurationStep(BaseConfigurationStep[OrganisatiesConfigurationModel]):
    """Organisations that publish through this installation, found by rsin."""

    verbose_name = "zgw-threepas organisations"
    config_model = OrganisatiesConfigurationModel
    namespace = "zgw_threepas_organisaties"
    enable_setting = "zgw_threepas_organisaties_enable"

    @in_english
    def execute(self, model: OrganisatiesConfigurationModel) -> None:
        fields = configurable_fields(Organisatie)
        for item in model.items:
            organisatie = Organisatie.objects.filter(rsin=item.rsin).first() or Organisatie()
            apply(organisatie, item, fields)
            organisatie.threepas_service = get_service(
                item.threepas_service_identifier,
                purpose=f"organisation {item.rsin} threepas_service_identifier",
            )
            save_if_changed(organisatie, label=f"organisation {item.rsin}")
            for dag in item.vrije_dagen:
                vrijedag = Vrijedag.objects.filter(
                    organisatie=organisatie, datum=dag.datum
                ).first() or Vrijedag(organisatie=organisatie, datum=dag.datum)
                vrijedag.omschrijving = dag.omschrijving
                save_if_changed(vrijedag, label=f"organisation {item.rsin} day off {dag.datum}")
            for tekst in item.sjablonen:
                sjabloon = Sjabloon.objects.filter(
                    organisatie=organisatie,
                    publicatietype=tekst.publicatietype,
                    procedure=tekst.procedure,
                ).first() or Sjabloon(
                    organisatie=organisatie,
                    publicatietype=tekst.publicatietype,
                    procedure=tekst.procedure,
                )
                sjabloon.titel = tekst.titel
                sjabloon.tekst = tekst.tekst
                save_if_changed(
                    sjabloon,
                    label=(
                        f"organisation {item.rsin} default text {tekst.publicatietype}"
                        + (f" ({tekst.procedure})" if tekst.procedure else "")
                    ),
                )


class PublicatieRegelConfigurationStep(BaseConfigurationStep[PublicatieRegelsConfigurationModel]):
    """Publication rules with their titles and texts, found by naam and zaaktype together."""

    verbose_name = "zgw-threepas publication rules"
    config_model = PublicatieRegelsConfigurationModel
    namespace = "zgw_threepas_regels"
    enable_setting = "zgw_threepas_regels_enable"

    @in_english
    def execute(self, model: PublicatieRegelsConfigurationModel) -> None:
        fields = configurable_fields(PublicatieRegel)
        for item in model.items:
            label = f"rule '{item.naam}' ({item.zaaktype_identificatie})"
            existing = list(
                PublicatieRegel.objects.filter(
                    naam=item.naam, zaaktype_identificatie=item.zaaktype_identificatie
                )[:2]
            )
            if len(existing) > 1:
                raise ConfigurationRunFailed(
                    f"{label}: more than one rule has this naam and zaaktype_identificatie; "
                    "rename or delete the duplicates in the admin."
                )
            regel = existing[0] if existing else PublicatieRegel()
            apply(regel, item, fields)
            regel.publicatiebladen = list(item.publicatiebladen)
            save_if_changed(regel, label=label, check=partial(check_catalogue, regel, label))


class _RecordingFetcher(ZGWFetcher):
    """Remembers why the Catalogi API could not be asked, for the warning."""

    error: ZGWError | None = None

    def get(self, url: str, **kwargs) -> dict:
        try:
            return super().get(url, **kwargs)
        except ZGWError as exc:
            self.error = exc
            raise


def check_catalogue(regel: PublicatieRegel, label: str) -> None:
    """Refuse a rule the Catalogi API says cannot work, as the admin does.

    At deploy time the Catalogi API (Open Zaak itself) is often not up yet. A rule that could
    not be checked is saved anyway, with a warning on standard error that says how to check
    it later: the admin checks a rule against the catalogue when it is saved, and this
    command checks every rule of the file again on each run.
    """
    fetcher = _RecordingFetcher()
    problems = catalogue_problems(regel, fetcher)
    if problems.pop(NON_FIELD, None) is None:
        if problems:
            raise ConfigurationRunFailed(
                f"{label}: the Catalogi API says this rule cannot work: "
                f"{describe_problems(problems)}"
            )
        return
    if fetcher.error is not None:
        reason = fetcher.error.message
        reason_code = fetcher.error.code
    elif not Service.objects.filter(api_type=APITypes.ztc).exists():
        reason = "no Catalogi API service (api_type ztc) is configured"
        reason_code = "no-catalogi-service"
    else:
        reason = "the Catalogi API did not answer"
        reason_code = "catalogi-unanswered"
    logger.warning(
        "setup_configuration_rule_unchecked",
        regel_id=regel.pk,
        zaaktype_identificatie=regel.zaaktype_identificatie,
        reason_code=reason_code,
    )
    sys.stderr.write(
        f"WARNING {label}: not checked against the Catalogi API, which could not be asked "
        f"({reason}); it is saved unchecked if the rest of the run succeeds. Once the "
        "Catalogi API is up, run setup_configuration with "
        "this file again (it checks every rule of the file), or open the rule in the admin "
        "and save it (the admin checks it against the catalogue).\n"
    )


class AbonnementConfigurationStep(BaseConfigurationStep[AbonnementConfigurationModel]):
    """The abonnement at the Notificaties API, registered once the configuration is saved.

    The Notificaties API tests the callback URL before it accepts an abonnement, and our
    webhook can only pass that test with credentials that are committed. So this step checks
    now that everything needed is configured (failing the run otherwise) and registers after
    the whole run has been committed. When that registration fails, the configuration stays
    saved and the command ends with an error saying why; run ``manage.py threepas_subscribe``
    (or this command again) once the cause is fixed.
    """

    verbose_name = "zgw-threepas abonnement at the Notificaties API"
    config_model = AbonnementConfigurationModel
    namespace = "zgw_threepas_abonnement"
    enable_setting = "zgw_threepas_abonnement_enable"

    @in_english
    def execute(self, model: AbonnementConfigurationModel) -> None:
        kanalen = {kanaal.naam: dict(kanaal.filters) for kanaal in model.kanalen}
        config = ThreepasConfig.get_solo()
        try:
            notificaties_service(config)
            callback_url_for(config)
            subscription_auth(config)
        except SubscriptionError as exc:
            raise ConfigurationRunFailed(exc.user_message()) from exc
        transaction.on_commit(partial(register, kanalen=kanalen, renew=model.renew))


@in_english
def register(*, kanalen: dict[str, dict[str, str]], renew: bool) -> None:
    try:
        report = subscribe(kanalen=kanalen, renew=renew)
    except SubscriptionError as exc:
        raise CommandError(
            "The configuration was saved, but the abonnement could not be registered: "
            f"{exc.user_message()} Run 'manage.py threepas_subscribe' once this is fixed."
        ) from exc
    # subscribe() logs the outcome as a catalogued event; the report is for the person who
    # runs the command.
    for line in report.lines():
        sys.stdout.write(f"{line}\n")
