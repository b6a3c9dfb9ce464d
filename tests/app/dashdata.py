"""The dashboard tests' dataset: tests/app/fixture_data copied to a temp dir, with mention caches written.

The caches come from locating each place's name and aliases in the article text (whole words), so the tests
know exactly which passages name which place without depending on the geoparser's current accuracy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from geo.dataset import load_dataset
from geo.store.mentions import engine_version, write_mentions

FIXTURE = Path(__file__).resolve().parent / "fixture_data"

HOSTILE_TEXT = """Injected <script>window.__pwned = 1; alert("script")</script> near Khasan.

A picture <img src=x onerror="window.__pwned = 2; alert('img')"> of Khasan station.

Quote breaker "><svg onload="window.__pwned = 3; alert('svg')"> at Khasan.

A link [click](javascript:alert('link')) and <a href="javascript:alert('a')">Khasan</a>.
"""


def _hostile_article() -> str:
    return ('+++\nid = "hostile-2019-04-25"\ntitle = "<script>alert(\'title\')</script> Hostile"\n'
            'outlet = "<img src=x onerror=alert(\'outlet\')>"\nbyline = ""\npublished = "2019-04-25"\n'
            'published_precision = "day"\ndate_note = ""\ndateline = ""\ndateline_place_id = ""\n'
            'url = "javascript:alert(\'url\')"\nsource_file = "fixture"\nremoved = []\nnotes = ""\n+++\n'
            + HOSTILE_TEXT)


def _paragraph(text: str, at: int) -> tuple[int, int]:
    start = max(text.rfind("\n\n", 0, at) + 2, 0) if text.rfind("\n\n", 0, at) >= 0 else 0
    end = text.find("\n\n", at)
    return start, len(text.rstrip("\n")) if end < 0 else end


def write_caches(data_dir: Path) -> None:
    """Write a fresh mention cache for every article of ``data_dir``."""
    ds = load_dataset(data_dir)
    engine = engine_version(data_dir)
    for article in ds.articles.itertuples(index=False):
        text = article.text
        found: list[dict] = []
        for place in ds.places.itertuples(index=False):
            for name in (place.name, *place.aliases):
                for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                    if any(f["start"] < m.end() and m.start() < f["end"] for f in found):
                        continue
                    a, b = _paragraph(text, m.start())
                    found.append({"start": m.start(), "end": m.end(), "surface": m.group(0),
                                  "place_id": place.id, "name": place.name, "lat": place.lat, "lon": place.lon,
                                  "country": place.country, "kind": place.kind, "confidence": 1.0,
                                  "passage_start": a, "passage_end": b})
        write_mentions(data_dir, article.id, text, sorted(found, key=lambda f: f["start"]), engine)


def make_data(target: Path, *, hostile: bool = False) -> Path:
    """Copy the fixture to ``target`` (optionally adding the hostile article) and write its caches."""
    shutil.copytree(FIXTURE, target)
    if hostile:
        (target / "articles" / "hostile-2019-04-25.md").write_text(_hostile_article(), encoding="utf-8")
    write_caches(target)
    return target
