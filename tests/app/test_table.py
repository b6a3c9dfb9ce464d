"""The table of what is visible: its Sources column names who published each source and when, not the
bibliography's keys (which only the downloads carry, beside the full citations)."""

from __future__ import annotations

import dataclasses
import re

from components.exports import view_rows
from components.filters import visible
from components.model import build_view
from components.table import table_rows
from geo.dataset import load_dataset


def test_sources_read_as_publisher_and_year(dash_dir) -> None:
    dataset = load_dataset(dash_dir)
    view = build_view(dataset, None, None)
    vis = visible(view, (1949, 2025))
    rows = table_rows(view, vis).set_index("item")
    keys = view_rows(view, vis).set_index("item")["source_keys"]
    sources = view.sources.set_index("key")
    cited = [item for item in rows.index if keys[item]]
    assert cited, "the fixture's events cite sources"
    for item in cited:
        cell = rows.loc[item, "Sources"]
        assert not re.search(r"\bS\d+[a-z]?\b", cell), cell
        parts = cell.split(" · ")
        assert len(parts) == len(keys[item].split("|"))
        for part, key in zip(parts, keys[item].split("|"), strict=True):
            source = sources.loc[key]
            who = source["publisher"] or source["title"]
            assert part == f"{who}, {source['date'][:4] or 'n.d.'}"
    assert rows.filter(like="place:", axis=0)["Sources"].eq("").all()


def test_a_source_without_publisher_or_date_reads_by_title_and_no_date(dash_dir) -> None:
    dataset = load_dataset(dash_dir)
    first = dataset.sources.index[0]
    sources = dataset.sources.copy()
    sources.loc[first, ["publisher", "date"]] = ["", ""]
    key, title = sources.loc[first, "key"], sources.loc[first, "title"]
    view = build_view(dataclasses.replace(dataset, sources=sources), None, None)
    vis = visible(view, (1949, 2025))
    rows = table_rows(view, vis).set_index("item")
    keys = view_rows(view, vis).set_index("item")["source_keys"]
    [item, *_] = [item for item in rows.index if key in keys[item].split("|")]
    assert f"{title}, n.d." in rows.loc[item, "Sources"].split(" · ")
