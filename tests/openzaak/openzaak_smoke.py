"""Checks that run inside the Open Zaak environment, after ``migrate`` (see
``bin/check-openzaak-env``). Each check prints one line; the first failure stops with exit 1.

Run with ``DJANGO_SETTINGS_MODULE=settings_openzaak`` and ``PLUGINS=zgw_threepas``, from a
directory that holds this file, ``settings_openzaak.py``, ``urls_openzaak.py`` and
``setup_configuration_example.yaml`` (never from the source tree, so that the installed
package is the one under test).
"""

from __future__ import annotations

import json
import sys
import sysconfig
import traceback
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent

STATUS_CREATE = {
    "kanaal": "zaken",
    "source": "openzaak",
    "hoofdObject": "http://openzaak.local/zaken/api/v1/zaken/d42657e2-009a-4c38-8fc3-14edff49a95a",
    "resource": "status",
    "resourceUrl": "http://openzaak.local/zaken/api/v1/statussen/d0ce90ed-e8f7-420f-86c1-c1dc3ea36911",
    "actie": "create",
    "aanmaakdatum": "2026-04-01T09:12:44.202130Z",
    "kenmerken": {
        "bronorganisatie": "002220647",
        "zaaktype": "http://openzaak.local/catalogi/api/v1/zaaktypen/457b78ae-0d7d-4ab4-95bf-961d83733f56",
        "zaaktype.catalogus": "http://openzaak.local/catalogi/api/v1/catalogussen/a8cf1987-4e33-4d06-b10b-5bbff1a71503",
        "vertrouwelijkheidaanduiding": "openbaar",
    },
}
BESLUIT_CREATE = {
    "kanaal": "besluiten",
    "source": "openzaak",
    "hoofdObject": "http://openzaak.local/besluiten/api/v1/besluiten/ad81b7ec-d30e-42ff-9327-dea818c48abe",
    "resource": "besluit",
    "resourceUrl": "http://openzaak.local/besluiten/api/v1/besluiten/ad81b7ec-d30e-42ff-9327-dea818c48abe",
    "actie": "create",
    "aanmaakdatum": "2026-04-15T10:02:12.846530Z",
    "kenmerken": {
        "verantwoordelijkeOrganisatie": "002220647",
        "besluittype": "http://openzaak.local/catalogi/api/v1/besluittypen/f815654f-e77b-4b8f-978c-ebc771b11198",
        "besluittype.catalogus": "http://openzaak.local/catalogi/api/v1/catalogussen/686e9082-4667-4569-9e74-e27aeff67dfa",
    },
}


def post_callback(message: dict):
    from django.test import Client

    return Client().post(
        "/zaken/api/v1/callbacks", data=json.dumps(message), content_type="application/json"
    )


def installed_package_is_used():
    """zgw_threepas is imported from the environment's site-packages, as a plugin."""
    from django.conf import settings

    import zgw_threepas

    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(zgw_threepas.__file__).resolve().is_relative_to(site_packages), (
        zgw_threepas.__file__
    )
    assert settings.INSTALLED_APPS[-1] == "zgw_threepas", "PLUGINS appended it"


def callbacks_feed_the_intake():
    """Open Zaak's callback view hands zaken and besluiten notifications to our intake."""
    from zgw_threepas.models import OntvangenNotificatie

    for message in (STATUS_CREATE, BESLUIT_CREATE):
        response = post_callback(message)
        assert response.status_code == 204, (response.status_code, response.content)
        stored = OntvangenNotificatie.objects.get(resource_url=message["resourceUrl"])
        assert stored.bericht == message, stored.bericht


def redelivery_is_stored_once():
    """A notification delivered again through the callbacks is recognised."""
    from zgw_threepas.models import OntvangenNotificatie

    assert post_callback(STATUS_CREATE).status_code == 204
    stored = OntvangenNotificatie.objects.get(resource_url=STATUS_CREATE["resourceUrl"])
    assert stored.keer_ontvangen == 2, stored.keer_ontvangen


def other_kanalen_go_to_open_zaaks_handler():
    """The Notificaties API's callback test (kanaal "test") is answered 204 and not stored."""
    from zgw_threepas.models import OntvangenNotificatie

    before = OntvangenNotificatie.objects.count()
    test_message = {**STATUS_CREATE, "kanaal": "test", "kenmerken": {}}
    assert post_callback(test_message).status_code == 204
    assert OntvangenNotificatie.objects.count() == before


def nrc_service_comes_from_notifications_config():
    """Without a service of our own, the abonnement goes to Open Zaak's Notificaties API."""
    from notifications_api_common.models import NotificationsConfig
    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    from zgw_threepas.intake.subscription import notificaties_service

    service = Service.objects.create(
        label="Open Notificaties",
        slug="open-notificaties",
        api_type=APITypes.nrc,
        api_root="https://notificaties.example.nl/api/v1/",
        auth_type=AuthTypes.zgw,
        client_id="open-zaak",
        secret="secret",
    )
    config = NotificationsConfig.get_solo()
    config.notifications_api_service = service
    config.save()
    assert notificaties_service() == service


def celery_finds_the_tasks():
    """Open Zaak's Celery autodiscovery registers our tasks; beat schedules the sweep and clean-up."""
    from django.conf import settings

    from celery import Celery

    app = Celery("openzaak")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.autodiscover_tasks(force=True)
    tasks = {"zgw_threepas.process_notification", "zgw_threepas.deliver_publication"}
    assert tasks <= set(app.tasks), sorted(app.tasks)
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    ours = {task for task in scheduled if task.startswith("zgw_threepas.")}
    assert ours == {"zgw_threepas.sweep", "zgw_threepas.cleanup_message_log"}, scheduled
    assert ours <= set(app.tasks), ours
    assert "openzaak.import_data.tasks.remove_imports" in scheduled, "Open Zaak's entry was kept"


#: The secrets the example YAML reads from the environment (value_from).
EXAMPLE_SECRETS = {
    "THREEPAS_OPENZAAK_SECRET": "openzaak-secret",
    "THREEPAS_NOTIFICATIES_SECRET": "notificaties-secret",
    "THREEPAS_WEBHOOK_AUTH": "Token from-the-environment",
    "THREEPAS_DROP_WACHTWOORD": "drop-password",
}


def setup_configuration_validates_the_example():
    """``setup_configuration --validate-only`` accepts the example YAML with Open Zaak's steps."""
    import os
    from io import StringIO

    from django.core.management import call_command

    os.environ.update(EXAMPLE_SECRETS)
    out = StringIO()
    call_command(
        "setup_configuration",
        yaml_file=str(HERE / "setup_configuration_example.yaml"),
        validate_only=True,
        stdout=out,
    )
    assert "Valid configuration settings found for all steps" in out.getvalue(), out.getvalue()


def setup_configuration_loads_the_example_twice():
    """``setup_configuration`` loads the example twice, the second run changes no row.

    The abonnement step is switched off: there is no Notificaties API in this environment.
    """
    import os
    from io import StringIO

    from django.core.management import call_command
    from django.forms.models import model_to_dict

    from zgw_consumers.models import Service

    from zgw_threepas.models import Organisatie, PublicatieRegel, ThreepasConfig

    os.environ.update(EXAMPLE_SECRETS)
    text = (HERE / "setup_configuration_example.yaml").read_text()
    switch = "zgw_threepas_abonnement_enable: true"
    assert switch in text, "the example no longer enables the abonnement step"
    copy = HERE / "setup_configuration_without_abonnement.yaml"
    copy.write_text(text.replace(switch, "zgw_threepas_abonnement_enable: false"))

    def snapshot():
        return [
            sorted(
                (tuple(sorted(model_to_dict(row).items())) for row in model.objects.all()), key=str
            )
            for model in (Service, Organisatie, PublicatieRegel, ThreepasConfig)
        ]

    call_command("setup_configuration", yaml_file=str(copy), stdout=StringIO())
    first = snapshot()
    organisatie = Organisatie.objects.get(rsin="002220647")
    assert organisatie.threepas_service.slug == "drop-amsterdam", organisatie.threepas_service
    regel = PublicatieRegel.objects.get(zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER")
    assert regel.naam == "Aanvraag omgevingsvergunning ontvangen", regel.naam
    assert ThreepasConfig.get_solo().enabled
    call_command("setup_configuration", yaml_file=str(copy), stdout=StringIO())
    assert snapshot() == first, "the second run changed the configuration"


def admin_pages_open_inside_open_zaaks_admin():
    """Every admin page of ours opens (200) in Open Zaak's two-factor admin."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("beheerder", "beheer@example.nl", "x")
    client = Client()
    # Open Zaak lets backends that do their own second factor (here: all) bypass maykin-2fa.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    ours = [model for model in admin.site._registry if model._meta.app_label == "zgw_threepas"]
    assert ours, "no admin of zgw_threepas is registered"
    pages = [reverse("admin:app_list", args=["zgw_threepas"])]
    for model in ours:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)


def events_reach_open_zaaks_log_as_json():
    """Our events pass Open Zaak's logging (root: errors only) as JSON lines at INFO."""
    import io
    import logging

    from zgw_threepas.models import OntvangenNotificatie

    handler = logging.getLogger("zgw_threepas").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        message = {**STATUS_CREATE, "resourceUrl": STATUS_CREATE["resourceUrl"] + "-log"}
        assert post_callback(message).status_code == 204
    finally:
        handler.setStream(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    received = [line for line in lines if line.get("event") == "notification_received"]
    assert received, stream.getvalue()
    stored = OntvangenNotificatie.objects.get(resource_url=message["resourceUrl"])
    assert received[0]["notificatie_id"] == stored.pk, received[0]
    assert received[0]["level"] == "info" and received[0]["logger"].startswith("zgw_threepas")


CHECKS = [
    installed_package_is_used,
    admin_pages_open_inside_open_zaaks_admin,
    callbacks_feed_the_intake,
    redelivery_is_stored_once,
    other_kanalen_go_to_open_zaaks_handler,
    events_reach_open_zaaks_log_as_json,
    nrc_service_comes_from_notifications_config,
    celery_finds_the_tasks,
    setup_configuration_validates_the_example,
    setup_configuration_loads_the_example_twice,
]


def main() -> int:
    django.setup()
    for check in CHECKS:
        try:
            check()
        except Exception:
            print(f"FAILED: {check.__doc__}", flush=True)
            traceback.print_exc()
            return 1
        print(f"ok: {check.__doc__}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
