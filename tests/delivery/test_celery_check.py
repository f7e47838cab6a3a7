"""The system check that keeps delayed retries inside the broker's visibility timeout."""

from django.core.checks import run_checks

import pytest

REDIS = "redis://127.0.0.1:6379/0"


def w001(settings, **overrides):
    for name, value in overrides.items():
        setattr(settings, name, value)
    return [m for m in run_checks(include_deployment_checks=False) if m.id == "zgw_threepas.W001"]


def test_redis_with_celerys_default_visibility_timeout_is_warned(settings):
    (warning,) = w001(settings, CELERY_BROKER_URL=REDIS, CELERY_BROKER_TRANSPORT_OPTIONS={})

    assert "3600" in warning.msg and "3750" in warning.msg
    assert "visibility_timeout" in warning.hint


@pytest.mark.parametrize("timeout", [7200, 3750])
def test_a_visibility_timeout_that_covers_the_longest_retry_passes(settings, timeout):
    options = {"visibility_timeout": timeout}

    assert w001(settings, CELERY_BROKER_URL=REDIS, CELERY_BROKER_TRANSPORT_OPTIONS=options) == []


@pytest.mark.parametrize("broker", ["memory://", "amqp://guest@127.0.0.1:5672//"])
def test_brokers_without_a_visibility_timeout_are_not_warned(settings, broker):
    assert w001(settings, CELERY_BROKER_URL=broker, CELERY_BROKER_TRANSPORT_OPTIONS={}) == []
