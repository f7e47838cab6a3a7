import pytest
from pyproj import Transformer

from zgw_threepas.kennisgeving.errors import LocationError
from zgw_threepas.kennisgeving.location import (
    NoLocationError,
    gebiedsmarkeringen,
    geometry_parts,
    to_rd_wkt,
    wgs84_to_rd,
)

from .bundles import DAM_1, adres_zaakobject, dakkapel_bundle

# Independent of the module under test: the inverse direction, RD New -> WGS84.
RD_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def _lonlat(x, y):
    lon, lat = RD_TO_WGS84.transform(x, y)
    return [lon, lat]


def test_the_amersfoort_reference_point_lands_on_its_rd_coordinates_within_a_metre():
    x, y = wgs84_to_rd(5.38720621, 52.15517440)
    assert abs(x - 155000) <= 1
    assert abs(y - 463000) <= 1


def test_koops_published_yerseke_marking_survives_the_round_trip():
    # gmb-2024-216934: Hogeweg 15, Yerseke, published as POINT(61309 389557).
    lon, lat = RD_TO_WGS84.transform(61309, 389557)
    assert 4.0 < lon < 4.1 and 51.47 < lat < 51.51  # Yerseke, Zeeland
    assert wgs84_to_rd(lon, lat) == (61309, 389557)
    assert to_rd_wkt({"type": "Point", "coordinates": [lon, lat]}) == "POINT(61309 389557)"


def test_coordinates_are_rounded_to_whole_metres():
    lon, lat = RD_TO_WGS84.transform(155000.49, 463000.51)
    assert wgs84_to_rd(lon, lat) == (155000, 463001)


def test_a_point_becomes_an_rd_point():
    assert to_rd_wkt({"type": "Point", "coordinates": _lonlat(121394, 487383)}) == (
        "POINT(121394 487383)"
    )


def test_a_linestring_becomes_an_rd_linestring():
    line = [_lonlat(121000, 487000), _lonlat(121100, 487050), _lonlat(121200, 487000)]
    assert to_rd_wkt({"type": "LineString", "coordinates": line}) == (
        "LINESTRING(121000 487000, 121100 487050, 121200 487000)"
    )


def test_a_closed_polygon_with_a_hole_becomes_an_rd_polygon():
    outer = [(121000, 487000), (121100, 487000), (121100, 487100), (121000, 487100)]
    hole = [(121040, 487040), (121060, 487040), (121060, 487060)]
    geometry = {
        "type": "Polygon",
        "coordinates": [
            [_lonlat(*p) for p in [*outer, outer[0]]],
            [_lonlat(*p) for p in [*hole, hole[0]]],
        ],
    }
    assert to_rd_wkt(geometry) == (
        "POLYGON((121000 487000, 121100 487000, 121100 487100, 121000 487100, 121000 487000), "
        "(121040 487040, 121060 487040, 121060 487060, 121040 487040))"
    )
    assert geometry_parts(geometry)[0][0] == "Vlak"


def test_a_polygon_whose_ring_is_not_closed_is_sent_as_a_line():
    ring = [_lonlat(121000, 487000), _lonlat(121100, 487000), _lonlat(121100, 487100)]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    assert geometry_parts(geometry) == [
        ("Lijn", "LINESTRING(121000 487000, 121100 487000, 121100 487100)")
    ]
    assert to_rd_wkt(geometry).startswith("LINESTRING(")


def test_a_polygon_smaller_than_a_metre_is_a_point():
    ring = [_lonlat(121000.1, 487000.1), _lonlat(121000.3, 487000.1), _lonlat(121000.3, 487000.3)]
    geometry = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    assert geometry_parts(geometry) == [("Punt", "POINT(121000 487000)")]


def test_multi_geometries_become_multi_wkt_and_one_marking_per_part():
    points = {
        "type": "MultiPoint",
        "coordinates": [_lonlat(121000, 487000), _lonlat(121500, 487500)],
    }
    assert to_rd_wkt(points) == "MULTIPOINT((121000 487000), (121500 487500))"
    assert [kind for kind, _ in geometry_parts(points)] == ["Punt", "Punt"]

    lines = {
        "type": "MultiLineString",
        "coordinates": [
            [_lonlat(121000, 487000), _lonlat(121010, 487000)],
            [_lonlat(122000, 488000), _lonlat(122010, 488000)],
        ],
    }
    assert to_rd_wkt(lines) == (
        "MULTILINESTRING((121000 487000, 121010 487000), (122000 488000, 122010 488000))"
    )
    assert [kind for kind, _ in geometry_parts(lines)] == ["Lijn", "Lijn"]

    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    polygons = {
        "type": "MultiPolygon",
        "coordinates": [
            [[_lonlat(121000 + dx, 487000 + dy) for dx, dy in square]],
            [[_lonlat(123000 + dx, 489000 + dy) for dx, dy in square]],
        ],
    }
    assert to_rd_wkt(polygons) == (
        "MULTIPOLYGON(((121000 487000, 121010 487000, 121010 487010, 121000 487010, "
        "121000 487000)), ((123000 489000, 123010 489000, 123010 489010, 123000 489010, "
        "123000 489000)))"
    )
    assert [kind for kind, _ in geometry_parts(polygons)] == ["Vlak", "Vlak"]


def test_swapped_latitude_and_longitude_are_refused_not_published_at_sea():
    with pytest.raises(LocationError) as excinfo:
        to_rd_wkt({"type": "Point", "coordinates": [DAM_1[1], DAM_1[0]]})
    assert excinfo.value.context["outside_netherlands"]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": ["x", "y"]},
        {"type": "Point", "coordinates": [4.9]},
        {"type": "LineString", "coordinates": []},
        {"type": "Circle", "coordinates": [4.9, 52.3]},
        "POINT(1 2)",
    ],
)
def test_malformed_geometry_is_a_location_error(geometry):
    with pytest.raises(LocationError):
        geometry_parts(geometry)


def test_the_single_address_carries_the_point_of_the_zaak():
    markings = gebiedsmarkeringen(dakkapel_bundle(), "Amsterdam")
    assert len(markings) == 1
    adres = markings[0]
    assert adres.type == "Adres"
    assert adres.geometrie == to_rd_wkt({"type": "Point", "coordinates": DAM_1})
    assert (adres.straatnaam, adres.huisnummer, adres.postcode, adres.woonplaats) == (
        "Dam",
        "1",
        "1012JS",
        "Amsterdam",
    )
    assert adres.gemeente == "Amsterdam"


def test_an_address_keeps_its_huisletter_and_toevoeging():
    zaakobject = adres_zaakobject(
        gorOpenbareRuimteNaam="Warmoesstraat",
        huisnummer=12,
        huisletter="A",
        huisnummertoevoeging="2",
        postcode="1012 jd",
    )
    (marking,) = gebiedsmarkeringen(dakkapel_bundle(zaakobjecten=[zaakobject]), "Amsterdam")
    assert (marking.huisnummer, marking.huisletter, marking.huisnummertoevoeging) == (
        "12",
        "A",
        "2",
    )
    assert marking.postcode == "1012JD"


def test_with_several_addresses_the_point_is_a_marking_of_its_own():
    other = adres_zaakobject(gorOpenbareRuimteNaam="Nieuwezijds Voorburgwal", huisnummer=147)
    bundle = dakkapel_bundle(zaakobjecten=[adres_zaakobject(), other])
    markings = gebiedsmarkeringen(bundle, "Amsterdam")
    assert [m.type for m in markings] == ["Adres", "Adres", "Punt"]
    assert [m.geometrie for m in markings[:2]] == ["", ""]
    assert markings[2].geometrie.startswith("POINT(")


def test_an_area_is_marked_next_to_the_address():
    square = [(0, 0), (20, 0), (20, 15), (0, 15), (0, 0)]
    area = {
        "type": "Polygon",
        "coordinates": [[_lonlat(121200 + x, 487350 + y) for x, y in square]],
    }
    markings = gebiedsmarkeringen(dakkapel_bundle(zaak={"zaakgeometrie": area}), "Amsterdam")
    assert [m.type for m in markings] == ["Adres", "Vlak"]
    assert markings[0].geometrie == ""
    assert markings[1].geometrie.startswith("POLYGON((121200 487350")


def test_a_zaak_without_any_location_is_refused():
    bundle = dakkapel_bundle(zaak={"zaakgeometrie": None}, zaakobjecten=[])
    with pytest.raises(NoLocationError) as excinfo:
        gebiedsmarkeringen(bundle, "Amsterdam")
    assert excinfo.value.code == "no-location"
    assert "ZAAK-2024-0000000123" in excinfo.value.user_message()


def test_a_zaak_without_location_falls_back_to_the_gemeente_when_the_organisation_allows_it():
    bundle = dakkapel_bundle(zaak={"zaakgeometrie": None}, zaakobjecten=[])
    markings = gebiedsmarkeringen(bundle, "Amsterdam", zonder_locatie=True)
    assert [(m.type, m.gemeente, m.geometrie) for m in markings] == [("Gemeente", "Amsterdam", "")]
    assert gebiedsmarkeringen(bundle, "", zonder_locatie=True) == ()
