"""The admin preview, loaded from a live server in a real headless chromium.

The screenshot and the page as the browser built it are kept in ``test-artifacts/`` (not
committed) so a reviewer, or CI's artifact upload, can look at what an administrator sees.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest

from tests.browser.chromium import Chromium, find_chromium
from tests.conftest import simulator_received
from zgw_threepas.models import Publicatie

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE = "Aanvraag ontvangen: Bouwen van een dakkapel op het achterdakvlak, Dam 1 in Amsterdam"

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture
def chromium_executable() -> str:
    executable = find_chromium()
    if executable is None:
        reason = (
            "chromium is not installed (apt-get install chromium); .ci/run installs it, so "
            "there this test always runs"
        )
        if os.environ.get("THREEPAS_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return executable


def png_pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, width, height, data = 8, 0, 0, b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    return width, height, zlib.decompress(data)


@pytest.mark.django_db(transaction=True)
def test_the_preview_page_renders_in_chromium(
    chromium_executable, live_server, admin_user, pipeline, organisatie, regel_aanvraag
):
    client = Client()
    client.force_login(admin_user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = (
        f"{live_server.url}{reverse('admin:zgw_threepas_publicatieregel_preview')}"
        f"?zaak=ZAAK-2026-0000000042&regel={regel_aanvraag.pk}"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "admin-preview.png"
    dom_file = ARTIFACTS / "admin-preview.html"
    screenshot.unlink(missing_ok=True)

    with Chromium(chromium_executable, width=1400, height=1000) as browser:
        browser.set_cookie(live_server.url, settings.SESSION_COOKIE_NAME, session)
        browser.open(url)
        location = browser.evaluate("location.pathname")
        title = browser.evaluate(
            "document.querySelector('#preview-kennisgeving h2')?.textContent.trim()"
        )
        layout = browser.evaluate(
            """(() => {
                const box = s => document.querySelector(s).getBoundingClientRect().toJSON();
                return {text: box('#preview-kennisgeving'), meta: box('#preview-metadata'),
                        header: getComputedStyle(document.querySelector('#header')).display};
            })()"""
        )
        dom = browser.evaluate("document.documentElement.outerHTML")
        png = browser.screenshot()

    screenshot.write_bytes(png)
    dom_file.write_text(dom, encoding="utf-8")

    # The administrator's session was used: the preview, not the login page.
    assert location == reverse("admin:zgw_threepas_publicatieregel_preview")
    assert title == TITLE
    assert "Gemeenteblad" in dom and "ZAAK-2026-0000000042" in dom
    # The browser laid the page out: the kennisgeving beside its metadata, both visible.
    assert layout["text"]["height"] > 100 and layout["meta"]["height"] > 100
    assert layout["text"]["x"] + layout["text"]["width"] <= layout["meta"]["x"]
    assert layout["header"] != "none"  # the admin's own style sheet was served and applied

    assert screenshot.stat().st_size > 10_000
    width, height, pixels = png_pixels(screenshot.read_bytes())
    assert (width, height) == (1400, 1000)
    assert len(set(pixels)) > 50, "the screenshot is blank"

    # A preview sends nothing and stores nothing.
    assert simulator_received(pipeline["simulator"]) == []
    assert Publicatie.objects.count() == 0
