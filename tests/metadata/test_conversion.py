"""WGS84 (as the Zaken API gives zaakgeometrie) to RD New (as DROP wants it), checked against
known pairs and an independent reference (:mod:`.rd_reference`), to within a metre."""

from __future__ import annotations

import pytest

from zgw_threepas.kennisgeving.location import geometry_parts, to_rd_wkt, wgs84_to_rd

from . import rd_reference as ref

# RD positions of real places, each given once in RD (as KOOP or the RD definition states it).
AMERSFOORT = (155000, 463000)  # Onze Lieve Vrouwetoren: the origin of RD
YERSEKE_HOGEWEG_15 = (61309, 389557)  # gmb-2024-216934, as published by KOOP


def test_the_origin_of_rd_is_exact():
    assert wgs84_to_rd(5.38720621, 52.15517440) == AMERSFOORT


def test_koops_published_marking_in_yerseke_is_reproduced_within_a_metre():
    lon, lat = ref.rd_to_wgs84(*YERSEKE_HOGEWEG_15)
    x, y = wgs84_to_rd(lon, lat)
    assert abs(x - YERSEKE_HOGEWEG_15[0]) <= 1 and abs(y - YERSEKE_HOGEWEG_15[1]) <= 1


@pytest.mark.parametrize(
    ("place", "lon", "lat"),
    [
        ("Dam, Amsterdam (the fixture zaak)", 4.8922, 52.3731),
        ("Vaalserberg, the south-east corner", 6.0208, 50.7548),
        ("Eemshaven, the north-east", 6.8350, 53.4470),
        ("Cadzand, the south-west", 3.3870, 51.3700),
        ("Den Helder, the north-west", 4.7590, 52.9560),
    ],
)
def test_positions_across_the_country_agree_with_the_reference(place, lon, lat):
    assert ref.within_a_metre([wgs84_to_rd(lon, lat)], [ref.wgs84_to_rd(lon, lat)]), place


def _geojson(rd_points):
    return [ref.rd_to_wgs84(x, y) for x, y in rd_points]


# A stretch of road and a building plot near the Dam, in RD.
ROAD = [(121200, 487300), (121260, 487340), (121330, 487350)]
PLOT = [(121400, 487400), (121430, 487400), (121430, 487425), (121400, 487425), (121400, 487400)]
PLOT_2 = [(122000, 488000), (122020, 488000), (122020, 488010), (122000, 488010), (122000, 488000)]


def test_a_point_is_a_punt_in_rd():
    ((kind, wkt),) = geometry_parts(
        {"type": "Point", "coordinates": _geojson([YERSEKE_HOGEWEG_15])[0]}
    )
    assert kind == "Punt" and wkt.startswith("POINT(")
    assert ref.within_a_metre(ref.wkt_points(wkt), [YERSEKE_HOGEWEG_15])


def test_a_linestring_is_a_lijn_in_rd():
    ((kind, wkt),) = geometry_parts({"type": "LineString", "coordinates": _geojson(ROAD)})
    assert kind == "Lijn" and wkt.startswith("LINESTRING(")
    assert ref.within_a_metre(ref.wkt_points(wkt), ROAD)


def test_a_closed_polygon_is_a_vlak_in_rd():
    ((kind, wkt),) = geometry_parts({"type": "Polygon", "coordinates": [_geojson(PLOT)]})
    assert kind == "Vlak" and wkt.startswith("POLYGON((")
    assert ref.within_a_metre(ref.wkt_points(wkt), PLOT)
    # The ring stays closed after rounding: first and last vertex are the same text.
    assert wkt.removeprefix("POLYGON((").split(",")[0] == wkt.rstrip(")").split(", ")[-1]


def test_a_polygon_whose_ring_is_open_is_sent_as_a_lijn():
    open_ring = PLOT[:-1]
    ((kind, wkt),) = geometry_parts({"type": "Polygon", "coordinates": [_geojson(open_ring)]})
    assert kind == "Lijn" and wkt.startswith("LINESTRING(")
    assert ref.within_a_metre(ref.wkt_points(wkt), open_ring)


def test_multi_geometries_give_one_marking_per_part():
    multipoint = {"type": "MultiPoint", "coordinates": _geojson([AMERSFOORT, YERSEKE_HOGEWEG_15])}
    multiline = {"type": "MultiLineString", "coordinates": [_geojson(ROAD), _geojson(ROAD[::-1])]}
    multipolygon = {"type": "MultiPolygon", "coordinates": [[_geojson(PLOT)], [_geojson(PLOT_2)]]}

    points = geometry_parts(multipoint)
    assert [kind for kind, _ in points] == ["Punt", "Punt"]
    assert ref.within_a_metre(
        [p for _, wkt in points for p in ref.wkt_points(wkt)], [AMERSFOORT, YERSEKE_HOGEWEG_15]
    )
    assert [kind for kind, _ in geometry_parts(multiline)] == ["Lijn", "Lijn"]
    areas = geometry_parts(multipolygon)
    assert [kind for kind, _ in areas] == ["Vlak", "Vlak"]
    assert ref.within_a_metre(ref.wkt_points(areas[1][1]), PLOT_2)


def test_multi_geometries_also_convert_to_one_multi_wkt():
    multipolygon = {"type": "MultiPolygon", "coordinates": [[_geojson(PLOT)], [_geojson(PLOT_2)]]}
    wkt = to_rd_wkt(multipolygon)
    assert wkt.startswith("MULTIPOLYGON(((")
    assert ref.within_a_metre(ref.wkt_points(wkt), PLOT + PLOT_2)


def test_a_geometry_collection_is_split_into_its_members():
    collection = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Point", "coordinates": _geojson([AMERSFOORT])[0]},
            {"type": "LineString", "coordinates": _geojson(ROAD)},
            {"type": "Polygon", "coordinates": [_geojson(PLOT)]},
        ],
    }
    assert [kind for kind, _ in geometry_parts(collection)] == ["Punt", "Lijn", "Vlak"]
