#!/usr/bin/env bash
# Vendor the browser assets the dashboard needs so that no request leaves the machine (docs/dashboard.md).
# Needs node + npm and the npm registry; run from anywhere; rewrites static/vendor and static/world.
# Pinned versions: they must match the CDN URLs folium 0.20 uses (components/offline.py maps one to the other).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent leaflet@1.9.3 jquery@3.7.1 leaflet-ant-path@1.1.2 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null
for tgz in *.tgz; do mkdir -p "${tgz%.tgz}" && tar -xzf "$tgz" -C "${tgz%.tgz}"; done

VENDOR="$ROOT/static/vendor"
rm -rf "$VENDOR" && mkdir -p "$VENDOR/leaflet/images" "$VENDOR/jquery" "$VENDOR/leaflet-ant-path"
cp leaflet-1.9.3/package/dist/leaflet.js leaflet-1.9.3/package/dist/leaflet.css "$VENDOR/leaflet/"
cp leaflet-1.9.3/package/dist/images/*.png "$VENDOR/leaflet/images/"
cp leaflet-1.9.3/package/LICENSE "$VENDOR/leaflet/LICENSE"
cp jquery-3.7.1/package/dist/jquery.min.js "$VENDOR/jquery/jquery.min.js"
cp jquery-3.7.1/package/LICENSE.txt "$VENDOR/jquery/LICENSE.txt"
cp leaflet-ant-path-1.1.2/package/dist/leaflet-ant-path.js "$VENDOR/leaflet-ant-path/leaflet-ant-path.js"
cp leaflet-ant-path-1.1.2/package/LICENSE* "$VENDOR/leaflet-ant-path/" 2>/dev/null || true

# Natural Earth 1:50m country outlines (public domain) from world-atlas, converted TopoJSON -> GeoJSON once,
# coordinates rounded to 3 decimals (~100 m, finer than the 1:50m source) to keep the file small.
WORLD="$ROOT/static/world"
mkdir -p "$WORLD"
node -e '
const tc = require(process.argv[1] + "/topojson-client-3.1.0/package/dist/topojson-client.js");
const topo = require(process.argv[1] + "/world-atlas-2.0.2/package/countries-50m.json");
const fc = tc.feature(topo, topo.objects.countries);
const q = (x) => Math.round(x * 1000) / 1000;
// A ring that crosses the antimeridian (Chukotka, Fiji) jumps by ~360 degrees of longitude, which Leaflet
// fills as a band across the map: unwrap each ring so it continues past 180 instead.
const ring = (pts) => { let shift = 0, prev = null; return pts.map(([x, y]) => {
  if (prev !== null && x + shift - prev > 180) shift -= 360; else if (prev !== null && x + shift - prev < -180) shift += 360;
  prev = x + shift; return [q(x + shift), q(y)]; }); };
const walk = (c) => Array.isArray(c[0][0]) ? c.map(walk) : ring(c);
for (const f of fc.features) { if (f.geometry) f.geometry.coordinates = walk(f.geometry.coordinates); f.properties = {name: f.properties.name}; }
process.stdout.write(JSON.stringify(fc));
' "$WORK" > "$WORLD/countries-50m.geojson"
cp world-atlas-2.0.2/package/LICENSE "$WORLD/LICENSE-world-atlas" 2>/dev/null || true
echo "vendored into $VENDOR and $WORLD:"
du -sh "$VENDOR"/* "$WORLD"/*
