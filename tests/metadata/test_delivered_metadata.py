"""The metadata that reaches 3PAS for the realistic fixture zaken: location in RD, address,
organisation, rubriek and activiteit, and the held cases with their reasons.

Everything runs over HTTP: the notification is posted to the webhook, the zaak comes from the
fake ZGW API and the delivery goes to the 3PAS simulator, whose record of the SOAP message is
what the assertions read.
"""

from __future__ import annotations

import pytest

from zgw_threepas.constants import PublicatieStatus
from zgw_threepas.delivery.schedule import vandaag
from zgw_threepas.models import OntvangenNotificatie, Organisatie, Publicatie

from . import rd_reference as ref
from .conftest import (
    SECOND_RSIN,
    WINKELPAND,
    ZAAK,
    change,
    deliveries,
    markings,
    post_notification,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# zaak.json: Dam 1, Amsterdam; zaak_winkelpand.json: Warmoesstraat 12 A-2, a polygon.
DAM_1_WGS84 = (4.8922, 52.3731)
WINKELPAND_RING = [
    (4.89618, 52.37441),
    (4.89641, 52.37441),
    (4.89641, 52.37456),
    (4.89618, 52.37456),
    (4.89618, 52.37441),
]


def test_a_point_zaak_is_delivered_as_its_address_with_the_point_in_rd(live_server, pipeline, zgw):
    post_notification(live_server, "status_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    (adres,) = markings(metadata)
    assert adres["Type"] == "Adres"
    assert (adres["Straatnaam"], adres["Huisnummer"], adres["Postcode"], adres["Woonplaats"]) == (
        "Dam",
        "1",
        "1012JS",
        "Amsterdam",
    )
    assert adres["Gemeente"] == "Amsterdam"
    assert adres["Geometrie"].startswith("POINT(")
    assert ref.within_a_metre(ref.wkt_points(adres["Geometrie"]), [ref.wgs84_to_rd(*DAM_1_WGS84)])


def test_organisation_rubriek_activiteit_and_date_come_from_the_configuration(
    live_server, pipeline, zgw
):
    post_notification(live_server, "status_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    assert metadata["OrganisatieOin"] == "00000001002564440000"
    assert metadata["OrganisatieNaam"] == "Amsterdam"
    assert metadata["OrganisatieType"] == "gemeente"
    assert metadata["Publicatieblad"] == "Gemeenteblad"
    assert metadata["Rubriek"] == "omgevingsvergunning"
    assert metadata["Activiteit"] == "bouwen"
    # The rule publishes at once: today, in the Netherlands.
    assert metadata["Publicatiedatum"] == vandaag().isoformat()
    assert Publicatie.objects.get().publicatiedatum == vandaag()


def test_an_address_with_huisletter_and_toevoeging_and_a_polygon_are_both_delivered(
    live_server, pipeline, zgw
):
    post_notification(live_server, "status_winkelpand_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    adres, vlak = markings(metadata)
    assert adres["Type"] == "Adres"
    assert (
        adres["Straatnaam"],
        adres["Huisnummer"],
        adres["Huisletter"],
        adres["Huisnummertoevoeging"],
        adres["Postcode"],
        adres["Woonplaats"],
    ) == ("Warmoesstraat", "12", "A", "2", "1012JD", "Amsterdam")
    # Nobody can tell where in the area the address lies: the area is a marking of its own.
    assert "Geometrie" not in adres or not adres["Geometrie"]
    assert vlak["Type"] == "Vlak"
    assert vlak["Geometrie"].startswith("POLYGON((")
    assert ref.within_a_metre(
        ref.wkt_points(vlak["Geometrie"]), [ref.wgs84_to_rd(*p) for p in WINKELPAND_RING]
    )


def _rd_ring(points):
    return [ref.rd_to_wgs84(x, y) for x, y in points]


SQUARE = [(121400, 487400), (121430, 487400), (121430, 487425), (121400, 487425), (121400, 487400)]
SQUARE_2 = [(p[0] + 500, p[1] + 500) for p in SQUARE]


@pytest.mark.parametrize(
    ("geometry", "types", "wkt_prefix"),
    [
        (
            {"type": "LineString", "coordinates": _rd_ring(SQUARE[:3])},
            ["Adres", "Lijn"],
            "LINESTRING(",
        ),
        (
            {"type": "Polygon", "coordinates": [_rd_ring(SQUARE[:4])]},  # ring not closed
            ["Adres", "Lijn"],
            "LINESTRING(",
        ),
        (
            {"type": "MultiPoint", "coordinates": _rd_ring(SQUARE[:2])},
            ["Adres", "Punt", "Punt"],
            "POINT(",
        ),
        (
            {"type": "MultiPolygon", "coordinates": [[_rd_ring(SQUARE)], [_rd_ring(SQUARE_2)]]},
            ["Adres", "Vlak", "Vlak"],
            "POLYGON((",
        ),
    ],
    ids=["linestring", "open-polygon", "multipoint", "multipolygon"],
)
def test_each_geometry_type_reaches_drop_as_its_marking(
    live_server, pipeline, zgw, geometry, types, wkt_prefix
):
    change(zgw, ZAAK, zaakgeometrie=geometry)

    post_notification(live_server, "status_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    assert [m["Type"] for m in markings(metadata)] == types
    for marking in markings(metadata)[1:]:
        assert marking["Geometrie"].startswith(wkt_prefix)
        assert marking["Gemeente"] == "Amsterdam"


def test_a_zaak_without_geometry_or_address_is_held_for_no_location(live_server, pipeline, zgw):
    change(zgw, ZAAK, zaakgeometrie=None, zaakobjecten=[])

    post_notification(live_server, "status_create", pipeline["zgw_base"])

    assert deliveries(pipeline["simulator"]) == []
    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "no-location"
    assert publicatie.reden.startswith("No location")
    assert "ZAAK-2026-0000000042" in publicatie.reden
    assert list(publicatie.gebeurtenissen.values_list("soort", flat=True)) == [
        "received",
        "held",
    ]


def test_an_organisation_may_publish_without_location_with_itself_as_location(
    live_server, pipeline, zgw
):
    change(zgw, ZAAK, zaakgeometrie=None, zaakobjecten=[])
    Organisatie.objects.update(publiceren_zonder_locatie=True)
    # The built-in text names the address, which this zaak does not have.
    pipeline["rule"].titel_sjabloon = "Aanvraag omgevingsvergunning ontvangen"
    pipeline["rule"].tekst_sjabloon = "Wij ontvingen een aanvraag: {{ zaak.omschrijving }}."
    pipeline["rule"].save()

    post_notification(live_server, "status_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    assert markings(metadata) == [{"Type": "Gemeente", "Gemeente": "Amsterdam"}]
    assert Publicatie.objects.get().status == PublicatieStatus.published


def test_a_zaak_of_an_unknown_rsin_is_held_and_says_which_rsin(live_server, pipeline, zgw):
    change(zgw, ZAAK, bronorganisatie=SECOND_RSIN)

    post_notification(live_server, "status_create", pipeline["zgw_base"])

    assert deliveries(pipeline["simulator"]) == []
    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "unknown-organisation"
    assert SECOND_RSIN in publicatie.reden
    assert OntvangenNotificatie.objects.get().status == "processed"


def test_one_installation_publishes_for_two_organisations_each_under_its_own_name(
    live_server, pipeline, zgw, threepas_service
):
    Organisatie.objects.create(
        naam="Haarlemmermeer",
        rsin=SECOND_RSIN,
        oin="00000001001005650000",
        code="gm0394",
        threepas_service=threepas_service,
    )
    change(zgw, WINKELPAND, bronorganisatie=SECOND_RSIN)

    post_notification(live_server, "status_create", pipeline["zgw_base"])
    post_notification(live_server, "status_winkelpand_create", pipeline["zgw_base"])

    by_zaak = {m["Referentienummer"]: m for m in deliveries(pipeline["simulator"])}
    amsterdam, haarlemmermeer = by_zaak["ZAAK-2026-0000000042"], by_zaak["ZAAK-2025-0000000917"]
    assert (amsterdam["OrganisatieOin"], amsterdam["OrganisatieNaam"]) == (
        "00000001002564440000",
        "Amsterdam",
    )
    assert (haarlemmermeer["OrganisatieOin"], haarlemmermeer["OrganisatieNaam"]) == (
        "00000001001005650000",
        "Haarlemmermeer",
    )
    assert {m["Gemeente"] for m in markings(haarlemmermeer)} == {"Haarlemmermeer"}
    assert dict(Publicatie.objects.values_list("zaak_identificatie", "organisatie__naam")) == {
        "ZAAK-2026-0000000042": "Amsterdam",
        "ZAAK-2025-0000000917": "Haarlemmermeer",
    }


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (
            {"type": "LineString", "coordinates": _rd_ring(SQUARE[:3])},
            [("Lijn", SQUARE[:3])],
        ),
        (
            {"type": "Polygon", "coordinates": [_rd_ring(SQUARE[:4])]},
            [("Lijn", SQUARE[:4])],
        ),
        (
            {"type": "Polygon", "coordinates": [_rd_ring(SQUARE)]},
            [("Vlak", SQUARE)],
        ),
        (
            {"type": "MultiPoint", "coordinates": _rd_ring(SQUARE[:2])},
            [("Punt", SQUARE[:1]), ("Punt", SQUARE[1:2])],
        ),
        (
            {
                "type": "MultiLineString",
                "coordinates": [_rd_ring(SQUARE[:2]), _rd_ring(SQUARE_2[:3])],
            },
            [("Lijn", SQUARE[:2]), ("Lijn", SQUARE_2[:3])],
        ),
        (
            {"type": "MultiPolygon", "coordinates": [[_rd_ring(SQUARE)], [_rd_ring(SQUARE_2)]]},
            [("Vlak", SQUARE), ("Vlak", SQUARE_2)],
        ),
    ],
    ids=["linestring", "open-polygon", "polygon", "multipoint", "multilinestring", "multipolygon"],
)
def test_the_delivered_geometry_lies_where_the_zaak_says_within_a_metre(
    live_server, pipeline, zgw, geometry, expected
):
    """The RD coordinates DROP receives, read back from the SOAP message, against RD points
    chosen first and turned into the zaak's WGS84 by the independent reference formulas."""
    change(zgw, ZAAK, zaakgeometrie=geometry)

    post_notification(live_server, "status_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    adres, *parts = markings(metadata)
    assert adres["Type"] == "Adres" and adres["Postcode"] == "1012JS"
    assert [m["Type"] for m in parts] == [kind for kind, _points in expected]
    for marking, (_kind, points) in zip(parts, expected, strict=True):
        assert ref.within_a_metre(ref.wkt_points(marking["Geometrie"]), points), marking


def test_a_kennisgeving_about_a_besluit_is_published_by_the_besluits_verantwoordelijke_organisatie(
    live_server, pipeline, zgw, threepas_service
):
    """The zaak is Amsterdam's, the besluit is taken by another organisation (a shared
    service centre deciding for Haarlemmermeer): the besluit's organisation publishes it."""
    from zgw_threepas.constants import PublicatiedatumRegel, PublicatieType
    from zgw_threepas.models import PublicatieRegel

    Organisatie.objects.create(
        naam="Haarlemmermeer",
        rsin=SECOND_RSIN,
        oin="00000001001005650000",
        code="gm0394",
        threepas_service=threepas_service,
    )
    PublicatieRegel.objects.create(
        naam="Omgevingsvergunning verleend",
        zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER",
        trigger="besluit",
        besluittype_omschrijving="Omgevingsvergunning verleend",
        publicatietype=PublicatieType.besluit,
        publicatiebladen=["gemeenteblad"],
        rubriek="omgevingsvergunning",
        activiteit="bouwen",
        publicatiedatum_regel=PublicatiedatumRegel.direct,
    )
    change(zgw, "besluit", verantwoordelijkeOrganisatie=SECOND_RSIN)

    post_notification(live_server, "besluit_create", pipeline["zgw_base"])

    (metadata,) = deliveries(pipeline["simulator"])
    assert (metadata["OrganisatieOin"], metadata["OrganisatieNaam"]) == (
        "00000001001005650000",
        "Haarlemmermeer",
    )
    assert metadata["Rubriek"] == "omgevingsvergunning"
    publicatie = Publicatie.objects.get()
    assert publicatie.organisatie.naam == "Haarlemmermeer"
    assert publicatie.status == PublicatieStatus.published
