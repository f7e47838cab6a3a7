"""The 3PAS configuration page checks, registers and renews the abonnement."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def url(mode: str) -> str:
    return reverse("admin:zgw_threepas_threepasconfig_abonnement", args=[mode])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_configuration_page_offers_the_abonnement_buttons(admin_client, subscription_config):
    response = admin_client.get(reverse("admin:zgw_threepas_threepasconfig_change"))

    assert response.status_code == 200
    for mode in ("check", "subscribe", "renew"):
        assert url(mode) in response.content.decode()


def test_register_creates_the_abonnement_and_reports_it(admin_client, nrc, subscription_config):
    app, _ = nrc

    response = admin_client.post(url("subscribe"))

    assert response.status_code == 302
    (abonnement,) = app.abonnementen.values()
    assert abonnement.auth == subscription_config.webhook_auth
    messages = texts(response)
    assert any("A new abonnement was registered" in m for m in messages)
    assert any("kanaal besluiten" in m for m in messages)


def test_check_and_renew_report_without_duplicating(admin_client, nrc, subscription_config):
    app, _ = nrc
    admin_client.post(url("subscribe"))

    checked = admin_client.post(url("check"))
    renewed = admin_client.post(url("renew"))

    assert len(app.abonnementen) == 1
    assert any("Abonnement:" in m for m in texts(checked))
    assert any("renewed" in m for m in texts(renewed))


def test_without_a_configured_callback_our_own_webhook_url_is_registered(
    admin_client, nrc, subscription_config, callback_url
):
    app, _ = nrc
    subscription_config.notificaties_callback_url = ""
    subscription_config.save()

    # The administrator reaches the admin at the same host as the Notificaties API reaches us.
    admin_client.post(url("subscribe"), HTTP_HOST=urlsplit(callback_url).netloc)

    (abonnement,) = app.abonnementen.values()
    assert abonnement.callback_url == callback_url


def test_a_failure_is_shown_as_an_error(admin_client, webhook_config):
    response = admin_client.post(url("subscribe"))

    assert any("No Notificaties API is configured" in m for m in texts(response))


def test_the_buttons_only_post(admin_client, subscription_config):
    assert admin_client.get(url("subscribe")).status_code == 405


def test_a_user_without_change_permission_cannot_register(client, django_user_model, nrc):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)

    response = client.post(url("subscribe"))

    assert response.status_code == 403
