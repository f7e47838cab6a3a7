"""Where a kennisgeving is about: gebiedsmarkeringen in RD New.

"Berichten over uw Buurt" only alerts residents when a publication carries a real location, so
every address and the zaakgeometrie become markings. The ZGW APIs give GeoJSON in WGS84
(``[lon, lat]``, asked for with ``Accept-Crs: EPSG:4326``); DROP wants WKT in RD New
(EPSG:28992), in metres.

Coordinates are rounded to whole metres. KOOP's own published markings use whole metres
(``POINT(61309 389557)``), the WGS84 -> RD transformation without the RDNAPTRANS grid is only
good to a few decimetres anyway, and the smallest alert radius is 125 m.
"""

from __future__ import annotations

import math
from functools import lru_cache

from django.utils.translation import gettext as _

from pyproj import Transformer

from zgw_threepas.collect.bundle import Adres, ZaakBundle
from zgw_threepas.threepas.types import Gebiedsmarkering

from .errors import KennisgevingError, LocationError

# Roughly the area RD New is defined for (the Netherlands with its coastal waters). A point
# outside it is a wrong geometry, most often latitude and longitude swapped.
_RD_X_RANGE = (-7_000, 300_000)
_RD_Y_RANGE = (289_000, 629_000)

PUNT = "Punt"
LIJN = "Lijn"
VLAK = "Vlak"
ADRES = "Adres"
GEMEENTE = "Gemeente"


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    # Building a Transformer costs milliseconds and a PROJ database lookup; one is enough.
    # pyproj Transformers are safe to share between threads since pyproj 3.1.
    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def wgs84_to_rd(lon: float, lat: float) -> tuple[int, int]:
    """One WGS84 position as RD New metres, rounded half up to whole metres."""
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError) as exc:
        raise LocationError(f"Coordinate is not a number: {lon!r}, {lat!r}") from exc
    x, y = _transformer().transform(lon, lat)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise LocationError(f"Position ({lon}, {lat}) cannot be converted to RD")
    if not (_RD_X_RANGE[0] <= x <= _RD_X_RANGE[1] and _RD_Y_RANGE[0] <= y <= _RD_Y_RANGE[1]):
        raise LocationError(
            f"Position (lon {lon}, lat {lat}) lies outside the Netherlands; "
            "are longitude and latitude swapped?",
            outside_netherlands=True,
        )
    return math.floor(x + 0.5), math.floor(y + 0.5)


def _position(value) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise LocationError(f"Not a GeoJSON position: {value!r}")
    return wgs84_to_rd(value[0], value[1])


def _positions(values) -> list[tuple[int, int]]:
    if not isinstance(values, list | tuple) or not values:
        raise LocationError(f"Not a list of GeoJSON positions: {values!r}")
    return [_position(v) for v in values]


def _without_repeats(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # Vertices a few decimetres apart fall on the same metre; repeating them adds nothing.
    result: list[tuple[int, int]] = []
    for point in points:
        if not result or result[-1] != point:
            result.append(point)
    return result


def _coords(points: list[tuple[int, int]]) -> str:
    return ", ".join(f"{x} {y}" for x, y in points)


def _is_closed(ring) -> bool:
    return len(ring) >= 4 and list(ring[0][:2]) == list(ring[-1][:2])


def _point_wkt(point: tuple[int, int]) -> str:
    return f"POINT({point[0]} {point[1]})"


def _line_part(coordinates) -> tuple[str, str]:
    points = _without_repeats(_positions(coordinates))
    if len(points) < 2:
        return PUNT, _point_wkt(points[0])
    return LIJN, f"LINESTRING({_coords(points)})"


def _polygon_part(rings) -> tuple[str, str]:
    """A GeoJSON Polygon as (type, WKT); an open outer ring is sent as a line."""
    if not isinstance(rings, list | tuple) or not rings:
        raise LocationError(f"Not a GeoJSON polygon: {rings!r}")
    outer = rings[0]
    if not isinstance(outer, list | tuple) or not _is_closed(outer):
        # A vendor connection that works with DROP sends such a ring as a line; DROP
        # would refuse it as a polygon.
        return _line_part(outer)
    wkt_rings = []
    for index, ring in enumerate(rings):
        if not isinstance(ring, list | tuple) or not _is_closed(ring):
            raise LocationError(f"Inner ring {index} of the polygon is not closed")
        points = _without_repeats(_positions(ring))
        if len(set(points)) < 3:
            if index == 0:
                # The whole area fits in a metre or two: it is a point at this precision.
                return PUNT, _point_wkt(points[0])
            continue
        wkt_rings.append(f"({_coords(points)})")
    return VLAK, f"POLYGON({', '.join(wkt_rings)})"


def geometry_parts(geometry: dict | None) -> list[tuple[str, str]]:
    """The simple geometries in a GeoJSON geometry, each as (marking type, RD WKT).

    Multi* geometries and GeometryCollections are split into their parts: every published
    marking seen from DROP holds one simple geometry, and one marking per part keeps every
    part findable for "Berichten over uw Buurt".
    """
    if not geometry:
        return []
    if not isinstance(geometry, dict):
        raise LocationError(f"Not a GeoJSON geometry: {geometry!r}")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    match kind:
        case "Point":
            return [(PUNT, _point_wkt(_position(coordinates)))]
        case "LineString":
            return [_line_part(coordinates)]
        case "Polygon":
            return [_polygon_part(coordinates)]
        case "MultiPoint":
            return [(PUNT, _point_wkt(p)) for p in dict.fromkeys(_positions(coordinates))]
        case "MultiLineString":
            return [_line_part(line) for line in _parts(coordinates)]
        case "MultiPolygon":
            return [_polygon_part(polygon) for polygon in _parts(coordinates)]
        case "GeometryCollection":
            parts = []
            for member in geometry.get("geometries") or []:
                parts.extend(geometry_parts(member))
            return parts
    raise LocationError(f"Unsupported geometry type: {kind!r}")


def _parts(values) -> list:
    if not isinstance(values, list | tuple) or not values:
        raise LocationError(f"Not a list of GeoJSON parts: {values!r}")
    return list(values)


def to_rd_wkt(geometry: dict) -> str:
    """A GeoJSON geometry (WGS84) as one WKT string in RD New, whole metres.

    Point -> ``POINT(x y)``, LineString -> ``LINESTRING(...)``, Polygon -> ``POLYGON((...))``
    (an open ring -> ``LINESTRING``), and the Multi* forms as ``MULTIPOINT``,
    ``MULTILINESTRING`` and ``MULTIPOLYGON``.
    """
    kind = (geometry or {}).get("type")
    coordinates = (geometry or {}).get("coordinates")
    if kind in ("Point", "LineString", "Polygon"):
        return geometry_parts(geometry)[0][1]
    if kind == "MultiPoint":
        return f"MULTIPOINT({', '.join(f'({x} {y})' for x, y in _positions(coordinates))})"
    if kind == "MultiLineString":
        lines = [_without_repeats(_positions(line)) for line in _parts(coordinates)]
        return f"MULTILINESTRING({', '.join(f'({_coords(line)})' for line in lines)})"
    if kind == "MultiPolygon":
        polygons = []
        for rings in _parts(coordinates):
            for index, ring in enumerate(_parts(rings)):
                if not _is_closed(ring):
                    raise LocationError(f"Ring {index} of a multipolygon is not closed")
            polygons.append(
                "("
                + ", ".join(f"({_coords(_without_repeats(_positions(r)))})" for r in rings)
                + ")"
            )
        return f"MULTIPOLYGON({', '.join(polygons)})"
    raise LocationError(f"Unsupported geometry type: {kind!r}")


def _adres_marking(adres: Adres, geometrie: str, gemeente: str) -> Gebiedsmarkering:
    return Gebiedsmarkering(
        type=ADRES,
        geometrie=geometrie,
        gemeente=gemeente,
        straatnaam=adres.straatnaam,
        huisnummer="" if adres.huisnummer is None else str(adres.huisnummer),
        huisletter=adres.huisletter,
        huisnummertoevoeging=adres.huisnummertoevoeging,
        postcode=adres.postcode,
        woonplaats=adres.woonplaats,
    )


class NoLocationError(KennisgevingError):
    """The zaak has no location residents can be alerted for.

    "Berichten over uw Buurt" alerts residents by distance from their address, so a
    kennisgeving without coordinates or a postcode reaches nobody. It is held, unless the
    organisation explicitly publishes such kennisgevingen (``publiceren_zonder_locatie``).
    """

    code = "no-location"

    def __init__(self, zaak: str = ""):
        self.zaak = zaak
        super().__init__(f"Zaak {zaak} has no zaakgeometrie and no address with a postcode")

    def user_message(self) -> str:
        return _(
            "No location: zaak %(zaak)s has neither a zaakgeometrie nor an address with a "
            "postcode, so residents who subscribed to 'Berichten over uw Buurt' would not be "
            "alerted. Add the location to the zaak in the case system (a zaakgeometrie or an "
            "address as zaakobject), then send this publication again. If this kind of zaak "
            "never has a location, allow the organisation to publish without location."
        ) % {"zaak": self.zaak}


def heeft_locatie(bundle: ZaakBundle) -> bool:
    """Whether the zaak has a location residents can be alerted for: a zaakgeometrie, or an
    address with a postcode."""
    return bool(geometry_parts(bundle.zaakgeometrie)) or any(a.postcode for a in bundle.adressen)


def gebiedsmarkeringen(
    bundle: ZaakBundle, gemeente_naam: str, *, zonder_locatie: bool = False
) -> tuple[Gebiedsmarkering, ...]:
    """The markings of a zaak: one per address, then the zaakgeometrie.

    An address gets the zaak's point as its geometry when the zaak has exactly one address and
    a Point geometry; that point is then not repeated as a Punt marking. With several addresses
    nobody can tell which one the point belongs to, so the point becomes a marking of its own.
    Lines and areas always become Lijn and Vlak markings.

    A zaak with neither geometry nor an address with a postcode raises
    :class:`NoLocationError`, unless ``zonder_locatie`` (the organisation publishes without
    location): then its addresses are the markings, or else the gemeente itself. DROP accepts
    a Gemeente marking, but residents are not alerted of it.
    """
    gemeente = gemeente_naam or ""
    adressen = tuple(dict.fromkeys(a for a in bundle.adressen if str(a)))
    parts = geometry_parts(bundle.zaakgeometrie)
    if not heeft_locatie(bundle) and not zonder_locatie:
        raise NoLocationError(bundle.identificatie)

    adres_point = ""
    geometry = bundle.zaakgeometrie or {}
    if len(adressen) == 1 and geometry.get("type") == "Point":
        adres_point = parts[0][1]
        parts = parts[1:]

    markings = [_adres_marking(adres, adres_point, gemeente) for adres in adressen]
    seen = set()
    for kind, wkt in parts:
        if wkt in seen:
            continue
        seen.add(wkt)
        markings.append(Gebiedsmarkering(type=kind, geometrie=wkt, gemeente=gemeente))
    if not markings and gemeente:
        markings.append(Gebiedsmarkering(type=GEMEENTE, gemeente=gemeente))
    return tuple(markings)
