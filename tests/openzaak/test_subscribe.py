"""``threepas_subscribe`` registers the abonnement at a Notificaties API over real HTTP, and the
Notificaties API's own callback test against our live webhook decides whether it is accepted."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from tests import oas
from tests.conftest import WEBHOOK_TOKEN
from tests.openzaak.conftest import NRC_CLIENT_ID
from tests.openzaak.nrc_standin import read_jwt

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def run(*args, **options) -> str:
    out = StringIO()
    call_command("threepas_subscribe", *args, stdout=out, **options)
    return out.getvalue()


def writes(app) -> list[dict]:
    return [r for r in app.requests if r["method"] in ("POST", "PUT", "DELETE")]


def test_registers_zaken_and_besluiten_with_our_callback_and_webhook_auth(
    nrc, subscription_config, callback_url
):
    app, _ = nrc

    output = run()

    (abonnement,) = app.abonnementen.values()
    assert abonnement.callback_url == callback_url
    assert abonnement.auth == WEBHOOK_TOKEN
    assert abonnement.kanalen == {"zaken": {}, "besluiten": {}}
    assert "A new abonnement was registered" in output
    assert "kanaal zaken (no filters)" in output
    assert "kanaal besluiten (no filters)" in output
    # The stand-in accepted it only after our webhook passed both of its callback tests.
    assert [(t["purpose"], t["status"]) for t in app.callback_tests] == [
        ("without-auth", 401),
        ("with-auth", 204),
    ]


def test_the_registration_follows_the_notificaties_api_spec(nrc, subscription_config):
    app, _ = nrc

    run()

    (post,) = writes(app)
    oas.validate(post["body"], "Abonnement", "notificaties")
    listed = [r for r in app.requests if r["method"] == "GET" and r["path"].endswith("abonnement")]
    assert listed, "an existing abonnement is looked for before one is created"


def test_every_call_carries_the_zgw_jwt_of_the_configured_nrc_service(nrc, subscription_config):
    app, _ = nrc

    run()

    for request in app.requests:
        scheme, _, token = request["authorization"].partition(" ")
        assert scheme == "Bearer"
        assert read_jwt(token, app.clients) == NRC_CLIENT_ID


def test_running_it_again_changes_nothing(nrc, subscription_config):
    app, _ = nrc
    run()
    first = dict(app.abonnementen)
    tests_before = len(app.callback_tests)

    output = run()

    assert app.abonnementen == first
    assert len(writes(app)) == 1
    assert len(app.callback_tests) == tests_before
    assert "already registered; nothing changed" in output


def test_check_reports_a_missing_abonnement_and_fails(nrc, subscription_config):
    app, _ = nrc

    with pytest.raises(CommandError) as excinfo:
        run("--check")

    assert excinfo.value.returncode == 1
    assert writes(app) == []
    assert app.abonnementen == {}


def test_check_reports_what_is_registered_without_changing_it(nrc, subscription_config):
    app, _ = nrc
    run()
    count = len(writes(app))

    output = run("--check")

    assert len(writes(app)) == count
    (abonnement,) = app.abonnementen.values()
    assert abonnement.uuid in output
    assert "kanaal zaken (no filters)" in output


def test_renew_sends_the_changed_webhook_auth(nrc, subscription_config):
    app, _ = nrc
    run()
    subscription_config.webhook_auth = "Token rotated-secret"
    subscription_config.save()

    output = run("--renew")

    (abonnement,) = app.abonnementen.values()
    assert abonnement.auth == "Token rotated-secret"
    assert writes(app)[-1]["method"] == "PUT"
    assert app.callback_tests[-1] == {
        "url": abonnement.callback_url,
        "purpose": "with-auth",
        "status": 204,
    }
    assert "renewed with the current authorization" in output


def test_filters_per_kanaal_are_registered_and_a_change_updates_in_place(nrc, subscription_config):
    app, _ = nrc

    run("--filter", "zaken:bronorganisatie=002220647")
    (first,) = app.abonnementen.values()
    assert first.kanalen == {"zaken": {"bronorganisatie": "002220647"}, "besluiten": {}}

    output = run()

    (updated,) = app.abonnementen.values()
    assert updated.uuid == first.uuid
    assert updated.kanalen == {"zaken": {}, "besluiten": {}}
    assert "updated to the wanted kanalen" in output


def test_the_callback_url_option_wins_over_the_configuration(nrc, subscription_config, live_server):
    app, _ = nrc
    other = f"{live_server.url}/threepas/notificaties/?bron=cli"

    run("--callback-url", other)

    (abonnement,) = app.abonnementen.values()
    assert abonnement.callback_url == other


def test_a_callback_that_does_not_ask_for_credentials_is_refused_with_advice(
    nrc, subscription_config, live_server
):
    app, _ = nrc

    with pytest.raises(CommandError) as excinfo:
        run("--callback-url", f"{live_server.url}/niet-bestaand/")

    message = str(excinfo.value)
    assert "did not accept the abonnement" in message
    assert "401 or 403 without" in message
    assert app.abonnementen == {}


def test_a_webhook_that_refuses_the_auth_cannot_be_subscribed(
    nrc, subscription_config, monkeypatch
):
    from zgw_threepas.intake import subscription

    app, _ = nrc
    # The abonnement would carry another secret than the one the webhook expects.
    monkeypatch.setattr(subscription, "subscription_auth", lambda config: "Token something-else")

    with pytest.raises(CommandError) as excinfo:
        run()

    assert "answer 204 with the configured authorization" in str(excinfo.value)
    assert app.callback_tests[-1]["status"] == 403
    assert app.abonnementen == {}


def test_wrong_nrc_credentials_are_named(nrc, subscription_config, nrc_service):
    nrc_service.secret = "wrong-secret-long-enough-for-hs256-keys"
    nrc_service.save()

    with pytest.raises(CommandError, match="refused our credentials"):
        run()


def test_an_unknown_kanaal_is_named_before_anything_is_registered(nrc, subscription_config):
    app, _ = nrc
    del app.kanalen["besluiten"]

    with pytest.raises(CommandError, match="does not know kanaal besluiten"):
        run()

    assert writes(app) == []


def test_without_a_notificaties_api_nothing_is_attempted(webhook_config, callback_url):
    webhook_config.notificaties_callback_url = callback_url
    webhook_config.save()

    with pytest.raises(CommandError, match="No Notificaties API is configured"):
        run()


def test_without_a_callback_url_the_command_says_where_to_set_it(nrc, webhook_config, nrc_service):
    webhook_config.notificaties_service = nrc_service
    webhook_config.save()

    with pytest.raises(CommandError, match="--callback-url"):
        run()


def test_a_malformed_filter_is_refused():
    with pytest.raises(CommandError, match="KANAAL:KENMERK=WAARDE"):
        run("--filter", "bronorganisatie=002220647")
