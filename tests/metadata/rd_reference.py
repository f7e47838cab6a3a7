"""An independent reference for WGS84 <-> RD New: the approximation formulas of
Schreutelkamp and Strang van Hees ("Benaderingsformules voor de transformatie tussen RD- en
WGS84-kaartcoördinaten", 2001), good to about a metre inside the Netherlands.

They share nothing with pyproj (no PROJ database, no datum grid), so agreement within a metre
checks the product's conversion rather than repeating it.
"""

from __future__ import annotations

import re

PHI0, LAM0 = 52.15517440, 5.38720621  # Amersfoort, the origin of RD: (155000, 463000)
X0, Y0 = 155000.0, 463000.0

# RD -> WGS84: latitude and longitude in seconds of arc, terms dX**p * dY**q.
_K = {
    (0, 1): 3235.65389,
    (2, 0): -32.58297,
    (0, 2): -0.24750,
    (2, 1): -0.84978,
    (0, 3): -0.06550,
    (2, 2): -0.01709,
    (1, 0): -0.00738,
    (4, 0): 0.00530,
    (2, 3): -0.00039,
    (4, 1): 0.00033,
    (1, 1): -0.00012,
}
_L = {
    (1, 0): 5260.52916,
    (1, 1): 105.94684,
    (1, 2): 2.45656,
    (3, 0): -0.81885,
    (1, 3): 0.05594,
    (3, 1): -0.05607,
    (0, 1): 0.01199,
    (3, 2): -0.00256,
    (1, 4): 0.00128,
    (0, 2): 0.00022,
    (2, 0): -0.00022,
    (5, 0): 0.00026,
}
# WGS84 -> RD: metres, terms dPhi**p * dLam**q.
_R = {
    (0, 1): 190094.945,
    (1, 1): -11832.228,
    (2, 1): -114.221,
    (0, 3): -32.391,
    (1, 0): -0.705,
    (3, 1): -2.340,
    (1, 3): -0.608,
    (0, 2): -0.008,
    (2, 3): 0.148,
}
_S = {
    (1, 0): 309056.544,
    (0, 2): 3638.893,
    (2, 0): 73.077,
    (1, 2): -157.984,
    (3, 0): 59.788,
    (0, 1): 0.433,
    (2, 2): -6.439,
    (1, 1): -0.032,
    (0, 4): 0.092,
    (1, 4): -0.054,
}


def rd_to_wgs84(x: float, y: float) -> list[float]:
    """``[lon, lat]``, as a GeoJSON position."""
    dx, dy = (x - X0) * 1e-5, (y - Y0) * 1e-5
    lat = PHI0 + sum(c * dx**p * dy**q for (p, q), c in _K.items()) / 3600
    lon = LAM0 + sum(c * dx**p * dy**q for (p, q), c in _L.items()) / 3600
    return [lon, lat]


def wgs84_to_rd(lon: float, lat: float) -> tuple[float, float]:
    dphi, dlam = 0.36 * (lat - PHI0), 0.36 * (lon - LAM0)
    x = X0 + sum(c * dphi**p * dlam**q for (p, q), c in _R.items())
    y = Y0 + sum(c * dphi**p * dlam**q for (p, q), c in _S.items())
    return x, y


def wkt_points(wkt: str) -> list[tuple[int, int]]:
    """Every coordinate pair in a WKT string, in order."""
    return [(int(x), int(y)) for x, y in re.findall(r"(-?\d+) (-?\d+)", wkt)]


def within_a_metre(actual: list[tuple[int, int]], expected: list[tuple[float, float]]) -> bool:
    # The product rounds to whole metres (up to 0.5 m); the reference and pyproj agree to
    # about 0.25 m across the Netherlands.
    return len(actual) == len(expected) and all(
        abs(ax - ex) <= 1.0 and abs(ay - ey) <= 1.0
        for (ax, ay), (ex, ey) in zip(actual, expected, strict=True)
    )
