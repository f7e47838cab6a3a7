"""The 3PAS configuration and an organisation refuse values that could only be mistakes, on
the field that is wrong, in the admin as in configuration as code (which runs the same checks).
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from zgw_threepas.models import Organisatie, ThreepasConfig
from zgw_threepas.models.organisation import validate_oin_elfproef, validate_rsin_elfproef

pytestmark = pytest.mark.django_db

CONFIG = reverse("admin:zgw_threepas_threepasconfig_change")
ADD_ORGANISATIE = reverse("admin:zgw_threepas_organisatie_add")


def field_errors(page, name: str) -> str:
    """The text of the error list the admin shows with field ``name``."""
    row = page.html.select_one(f".field-{name}")
    assert row is not None, name
    errors = row.select_one(".errorlist")
    return errors.get_text(" ", strip=True) if errors is not None else ""


def config_form(django_app, admin_user, **values):
    form = django_app.get(CONFIG, user=admin_user).forms["threepasconfig_form"]
    for name, value in values.items():
        form[name] = value
    return form


def test_at_least_one_attempt(django_app, admin_user):
    page = config_form(django_app, admin_user, max_attempts="0").submit()
    assert page.status_code == 200
    assert "greater than or equal to 1" in field_errors(page, "max_attempts")
    assert ThreepasConfig.get_solo().max_attempts == 8


def test_the_longest_retry_delay_is_not_shorter_than_the_first(django_app, admin_user):
    page = config_form(
        django_app, admin_user, retry_backoff_seconds="600", retry_backoff_max_seconds="60"
    ).submit()
    assert page.status_code == 200
    errors = field_errors(page, "retry_backoff_max_seconds")
    assert "cannot be shorter than the first retry delay (600 seconds)" in errors
    assert "(60 seconds)" in errors
    config = ThreepasConfig.get_solo()
    assert (config.retry_backoff_seconds, config.retry_backoff_max_seconds) == (30, 3600)


def test_equal_delays_and_a_single_attempt_are_saved(django_app, admin_user):
    config_form(
        django_app,
        admin_user,
        max_attempts="1",
        retry_backoff_seconds="60",
        retry_backoff_max_seconds="60",
    ).submit().follow()
    config = ThreepasConfig.get_solo()
    assert (config.max_attempts, config.retry_backoff_max_seconds) == (1, 60)


def test_a_half_jwt_configuration_is_still_refused_beside_a_delay_error():
    config = ThreepasConfig(
        webhook_jwt_client_id="open-notificaties",
        retry_backoff_seconds=600,
        retry_backoff_max_seconds=60,
    )
    with pytest.raises(ValidationError) as excinfo:
        config.full_clean()
    assert set(excinfo.value.message_dict) == {"__all__", "retry_backoff_max_seconds"}


def organisatie_form(django_app, admin_user, **values):
    form = django_app.get(ADD_ORGANISATIE, user=admin_user).forms["organisatie_form"]
    form["naam"] = "Amsterdam"
    form["type"] = "gemeente"
    for name, value in values.items():
        form[name] = value
    return form


def test_an_rsin_that_fails_the_11_test_is_refused(django_app, admin_user):
    page = organisatie_form(django_app, admin_user, rsin="002220648").submit()
    assert page.status_code == 200
    assert "002220648 is not an RSIN: it does not pass the 11-test" in field_errors(page, "rsin")
    assert not Organisatie.objects.exists()


def test_an_oin_made_from_an_rsin_that_fails_the_11_test_is_refused(django_app, admin_user):
    page = organisatie_form(
        django_app, admin_user, rsin="002220647", oin="00000001002564441000"
    ).submit()
    assert page.status_code == 200
    errors = field_errors(page, "oin")
    assert "holds an RSIN, and 002564441 does not pass the 11-test" in errors
    assert not Organisatie.objects.exists()


def test_the_demo_organisation_is_saved(django_app, admin_user):
    organisatie_form(
        django_app, admin_user, rsin="002220647", oin="00000001002564440000"
    ).submit().follow()
    organisatie = Organisatie.objects.get()
    assert (organisatie.rsin, organisatie.oin) == ("002220647", "00000001002564440000")


@pytest.mark.parametrize(
    "rsin", ["002220647", "002564440", "001005650"], ids=["demo", "amsterdam", "second"]
)
def test_the_rsins_used_in_fixtures_and_docs_pass(rsin):
    validate_rsin_elfproef(rsin)
    validate_oin_elfproef(f"00000001{rsin}000")


@pytest.mark.parametrize(
    "oin",
    [
        "00000003273373620000",  # from a KvK number: no 11-test
        "00000004003214345001",  # from the OIN register: no 11-test
        "",
    ],
)
def test_oins_not_made_from_an_rsin_are_not_11_tested(oin):
    validate_oin_elfproef(oin)
