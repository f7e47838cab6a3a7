"""``configure(globals())`` adds what an Open Zaak installation needs, keeps what it has, and
makes the plugin's events visible under Open Zaak's logging, where the root logger lets only
errors through."""

from __future__ import annotations

import copy
import logging.config

from django.core.exceptions import ImproperlyConfigured

import pytest

from zgw_threepas.contrib.openzaak.settings import (
    BEAT_SCHEDULE,
    HANDLER,
    SETUP_CONFIGURATION_STEPS,
    configure,
)

SERVICE_STEP = "zgw_consumers.contrib.setup_configuration.steps.ServiceConfigurationStep"


def open_zaak_settings() -> dict:
    """The settings ``configure`` touches, with the values of Open Zaak 1.30's Docker image."""
    return {
        "PROJECT_DIRNAME": "openzaak",
        "LOG_LEVEL": "INFO",
        "CELERY_BEAT_SCHEDULE": {
            "daily-remove-imports": {"task": "openzaak.import_data.tasks.remove_imports"}
        },
        "SETUP_CONFIGURATION_STEPS": [
            "django_setup_configuration.contrib.sites.steps.SitesConfigurationStep",
            SERVICE_STEP,
        ],
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.NullHandler"}},
            "loggers": {
                "": {"handlers": ["console"], "level": "ERROR", "propagate": False},
                "openzaak": {"handlers": ["console"], "level": "INFO", "propagate": False},
            },
        },
    }


def test_adds_the_handler_the_beat_schedule_and_the_steps_after_open_zaaks():
    namespace = open_zaak_settings()

    configure(namespace)

    assert namespace["DEFAULT_NOTIFICATIONS_HANDLER"] == HANDLER
    assert set(namespace["CELERY_BEAT_SCHEDULE"]) == {"daily-remove-imports", *BEAT_SCHEDULE}
    steps = namespace["SETUP_CONFIGURATION_STEPS"]
    assert steps[:2] == open_zaak_settings()["SETUP_CONFIGURATION_STEPS"]
    assert steps[2:] == SETUP_CONFIGURATION_STEPS
    assert steps.index(SERVICE_STEP) < steps.index(SETUP_CONFIGURATION_STEPS[0])


def test_calling_it_twice_changes_nothing_more():
    once = open_zaak_settings()
    configure(once)
    twice = copy.deepcopy(once)

    configure(twice)

    assert twice == once


def test_our_info_events_pass_open_zaaks_logging():
    namespace = open_zaak_settings()
    logging.config.dictConfig(namespace["LOGGING"])
    assert not logging.getLogger("zgw_threepas.delivery.send").isEnabledFor(logging.INFO)

    configure(namespace)
    logging.config.dictConfig(namespace["LOGGING"])

    try:
        logger = logging.getLogger("zgw_threepas.delivery.send")
        assert logger.isEnabledFor(logging.INFO)
        assert namespace["LOGGING"]["loggers"]["zgw_threepas"]["handlers"] == ["console"]
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)


def test_the_log_level_can_be_chosen():
    namespace = open_zaak_settings()

    configure(namespace, log_level="WARNING")

    assert namespace["LOGGING"]["loggers"]["zgw_threepas"]["level"] == "WARNING"


def test_another_handler_is_kept_behind_ours():
    namespace = {**open_zaak_settings(), "DEFAULT_NOTIFICATIONS_HANDLER": "other.handler"}

    configure(namespace)
    configure(namespace)  # twice changes nothing

    assert namespace["DEFAULT_NOTIFICATIONS_HANDLER"] == HANDLER
    assert namespace["ZGW_THREEPAS_NOTIFICATIONS_FALLBACK"] == "other.handler"


def test_two_handlers_to_chain_are_refused_naming_both():
    namespace = {
        **open_zaak_settings(),
        "DEFAULT_NOTIFICATIONS_HANDLER": "other.handler",
        "ZGW_THREEPAS_NOTIFICATIONS_FALLBACK": "third.handler",
    }

    with pytest.raises(ImproperlyConfigured, match="'other.handler' and .*'third.handler'"):
        configure(namespace)
