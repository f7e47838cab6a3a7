"""Administrators upload the 3PAS client certificate in the admin; the page must work."""

from django.core.checks import run_checks
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def test_the_certificate_upload_page_opens(admin_client):
    page = admin_client.get(reverse("admin:simple_certmanager_certificate_add"))

    assert page.status_code == 200
    assert b'name="private_key"' in page.content


def test_a_project_without_django_privates_is_told_at_start_up(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "privates"]

    messages = [m for m in run_checks() if m.id == "zgw_threepas.E001"]

    assert [m.obj for m in messages] == ["privates"]


def test_the_test_project_passes_djangos_system_checks():
    """make demo and make admin run manage.py commands, which stop on any system check error."""
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
