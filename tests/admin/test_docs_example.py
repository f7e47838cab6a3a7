"""The worked example of docs/configuration.rst, done the way the docs tell an administrator.

The title and text are read from the docs page itself, so the example there cannot stop
working unnoticed: make the rule in the admin, preview it for a real zaak, and see the zaak's
next status change published with that text.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from testapp.fake_zgw import fixtures
from tests.admin.conftest import tick
from tests.admin.test_rule_admin import ADD, PREVIEW, fill
from tests.conftest import simulator_received
from zgw_threepas.constants import PublicatieStatus
from zgw_threepas.delivery.notifications import handle_notification
from zgw_threepas.delivery.send import deliver
from zgw_threepas.intake.receive import receive
from zgw_threepas.intake.validation import validate_message
from zgw_threepas.models import Publicatie, PublicatieRegel

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.rst"


def example_from_docs() -> tuple[str, str]:
    """The title and the text of the worked example, as the docs show them."""
    section = DOCS.read_text(encoding="utf-8").split(".. _example-rule:", 1)[1]
    title = re.search(r"\*\*Title:\*\* ``(.+?)``", section).group(1)
    block = section.split(".. code-block:: text", 1)[1].split("\n\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith("      "):
            break
        lines.append(line)
    return title, textwrap.dedent("\n".join(lines)).strip()


def test_the_docs_example_has_a_list_and_a_bold_heading():
    title, text = example_from_docs()

    assert title == "Besluit: {{ zaak.omschrijving }}"
    assert "## Besluit genomen" in text and "**Wat is er besloten?**" in text
    assert "- {{ adres }}" in text


def test_the_docs_example_works_from_rule_to_publication(
    django_app, admin_user, pipeline, organisatie, zgw_app, django_capture_on_commit_callbacks
):
    title, text = example_from_docs()

    # 1-3. Make the rule in the admin as the docs say, and save it.
    form = fill(
        django_app.get(ADD, user=admin_user).forms["publicatieregel_form"],
        naam="Vergunning verleend",
        statustype_omschrijving="Besluit genomen",
        publicatietype="besluit",
        rubriek="omgevingsvergunning",
        activiteit="bouwen",
        titel_sjabloon=title,
        tekst_sjabloon=text,
    )
    tick(form, "publicatiebladen", "gemeenteblad")
    saved = form.submit("_continue").follow()
    rule = PublicatieRegel.objects.get(naam="Vergunning verleend")
    assert "the rule&#x27;s own text" in saved.text or "the rule's own text" in saved.text

    # 4. Preview it for a real zaak of that zaaktype.
    page = django_app.get(f"{PREVIEW}?zaak=ZAAK-2026-0000000042&regel={rule.pk}", user=admin_user)
    kennisgeving = page.html.select_one("#preview-kennisgeving")
    assert kennisgeving.select_one("h2").text.startswith("Besluit: Bouwen van een dakkapel")
    assert "Wat is er besloten?" in [s.text for s in kennisgeving.select("strong")]
    assert "Dam 1, 1012 JS Amsterdam" in [li.text.strip() for li in kennisgeving.select("li")]

    # 5. A case worker sets the status "Besluit genomen"; the notification arrives.
    zaak = fixtures.load("zaak")
    zgw_app.set_status(zaak["uuid"], fixtures.load("status_besluit_genomen")["uuid"])
    message = fixtures.notification("eindstatus_create", pipeline["zgw_base"])
    with django_capture_on_commit_callbacks(execute=False):
        stored = receive(validate_message(message))
    handle_notification(stored.pk)

    (publicatie,) = Publicatie.objects.filter(notificatie=stored)
    assert publicatie.regel == rule and publicatie.status == PublicatieStatus.pending, (
        publicatie.reden
    )
    assert publicatie.titel.startswith("Besluit: Bouwen van een dakkapel")
    assert "<tussenkop>Besluit genomen</tussenkop>" in publicatie.inhoud_xml
    assert '<nadruk type="vet">Wat is er besloten?</nadruk>' in publicatie.inhoud_xml
    assert '<lijst type="ongemarkeerd"><li><al>Dam 1, 1012 JS Amsterdam</al></li>' in (
        publicatie.inhoud_xml
    )

    deliver(publicatie.pk)

    publicatie.refresh_from_db()
    assert publicatie.status == PublicatieStatus.published
    assert publicatie.dossiernummer
    (received,) = simulator_received(pipeline["simulator"])
    assert received["processed"] and received["dossiernummer"] == publicatie.dossiernummer
    assert "<tussenkop>Besluit genomen</tussenkop>" in received["inhoud_xml"]
