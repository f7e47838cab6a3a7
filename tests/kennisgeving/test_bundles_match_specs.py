"""The zaak the kennisgeving tests render from is one Open Zaak could really return."""

import pytest

from tests import oas

from . import bundles


@pytest.mark.parametrize(
    ("resource", "schema", "spec"),
    [
        ("ZAAK", "Zaak", "zaken"),
        ("STATUS", "Status", "zaken"),
        ("ZAAKOBJECT", "ZaakObject", "zaken"),
        ("RESULTAAT", "Resultaat", "zaken"),
        ("ZAAKTYPE", "ZaakType", "catalogi"),
        ("STATUSTYPE", "StatusType", "catalogi"),
        ("RESULTAATTYPE", "ResultaatType", "catalogi"),
        ("BESLUITTYPE", "BesluitType", "catalogi"),
        ("BESLUIT", "Besluit", "besluiten"),
    ],
)
def test_every_resource_of_the_dakkapel_zaak_is_a_complete_spec_conformant_response(
    resource, schema, spec
):
    oas.validate(getattr(bundles, resource), schema, spec, complete=True)


def test_the_verlenging_used_for_the_verlenging_text_is_spec_conformant():
    zaak = bundles.dakkapel_bundle(zaak={"verlenging": {"reden": "Advies", "duur": "P6W"}}).zaak
    oas.validate(zaak, "Zaak", "zaken", complete=True)
