"""The panel beside the map (``components.panel``), rendered alone: ``show_panel`` in a one-line AppTest script on the
dashboard fixture's view, so each case takes a fraction of a second (the whole app takes seconds). What a reader
sees for a place, an event, a journey and an article: titles, dates, counts, passages with their links, sources,
stops, the unconfirmed notes, and the message for a link naming something the dataset lacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.dashdata import write_caches

ALL = (1949, 2025)
PLACE_HEAD = ('<div class="atlas-kicker">Place</div><h3 class="atlas-title">Khasan</h3><div class="atlas-meta">'
              'station · RU · coordinates: en.wikipedia &quot;Khasan (urban-type settlement)&quot;</div>')


def _panel(data_dir: str, years: tuple[int, int], selection: str | None, article: str | None,
           edits: dict | None = None) -> None:
    """The AppTest script: the dashboard's view of ``data_dir`` (cached as the app caches it), with ``edits``
    ({table: {row id, or "column=value": {column: value}}}) applied, shown by ``show_panel``."""
    import dataclasses
    from pathlib import Path

    from components.loader import data_fingerprint, load_view
    from components.panel import show_panel

    view = load_view(data_dir, data_fingerprint(Path(data_dir)))
    for table, rows in (edits or {}).items():
        frame = getattr(view, table).copy()
        for ident, values in rows.items():
            key, value_of_key = ident.split("=", 1) if "=" in ident else ("id", ident)
            for column, value in values.items():
                frame[column] = frame[column].astype(object)
                frame.loc[frame[key] == value_of_key, column] = value
        view = dataclasses.replace(view, **{table: frame})
    show_panel(view, years, selection, article)


def render(data_dir: Path, selection: str | None, article: str | None = None, years: tuple[int, int] = ALL,
           edits: dict | None = None) -> AppTest:
    at = AppTest.from_function(_panel, args=(str(data_dir), years, selection, article, edits),
                               default_timeout=60).run()
    assert not at.exception
    # the panel's markup is composed from escaped parts and must reach the page as HTML, not as its source text
    assert all(m.proto.allow_html for m in at.markdown)
    return at


def markup(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


# ---- nothing selected, or a link to something the dataset lacks ----

def test_without_a_selection_the_panel_says_how_to_choose_one(dash_dir: Path) -> None:
    """No selection: one hint, nothing else."""
    at = render(dash_dir, None)
    assert markup(at) == ['<div class="atlas-hint">Click a marker or a route on the map, or choose a row in the '
                          'table below, to read what the sources say.</div>']


@pytest.mark.parametrize(("selection", "kind"), [("place:atlantis", "place"), ("event:no-such-summit", "event"),
                                                 ("journey:no-such-trip", "journey")])
def test_a_link_to_something_not_in_the_dataset_says_so_and_shows_the_id_as_text(dash_dir: Path, selection: str,
                                                                                 kind: str) -> None:
    """A shared link may name a place, event or journey that is gone: a warning, and the id as plain text."""
    at = render(dash_dir, selection)
    assert [w.value for w in at.warning] == [f"This link names a {kind} that is not in the dataset:"]
    assert [t.value for t in at.text] == [selection.split(":", 1)[1]]
    assert markup(at) == []


def test_a_link_to_a_missing_article_says_so_and_leads_back(dash_dir: Path) -> None:
    """An article id not in the dataset: the warning, the id as text, and the way back to the passages."""
    at = render(dash_dir, "place:khasan", "fixture-1999-01-01", years=(2002, 2019))
    assert [w.value for w in at.warning] == ["This link names a article that is not in the dataset:"]
    assert [t.value for t in at.text] == ["fixture-1999-01-01"]
    assert markup(at) == ['<a href="?from=2002&amp;to=2019&amp;place=khasan" target="_self">← Back to the passages'
                          '</a>']


# ---- a place ----

def test_a_place_shows_its_facts_counts_and_every_passage_with_its_links(dash_dir: Path) -> None:
    """A place: name, kind, country and coordinate source; how many passages from how many articles in the
    years; each passage with outlet, date, title, the name marked, a link to the whole article and, for a web
    address only, a link to the original."""
    html = markup(render(dash_dir, "place:khasan"))
    assert html[0] == PLACE_HEAD
    assert html[1] == ('<div class="atlas-count">7 passages from 4 of 4 articles published 1949–2025 (7 mentions)'
                       '</div>')
    assert html[2] == (
        '<figure class="atlas-passage"><figcaption><b>Fixture Wire</b> · 2002-08-20 · <i>Fixture: the Dear Leader '
        'departs for Russia</i></figcaption><blockquote>Kim&#x27;s armoured train made a brief stop in the border '
        'station of <mark>Khasan</mark>, then went on to Vladivostok.</blockquote><div class="atlas-links"><a '
        'href="?from=1949&amp;to=2025&amp;place=khasan&amp;article=fixture-2002-08-20" target="_self">Read the '
        'whole article</a> · <a href="https://example.org/2002" target="_blank" rel="noopener noreferrer">original'
        '</a></div></figure>')
    assert html[4].endswith('<div class="atlas-links"><a href="?from=1949&amp;to=2025&amp;place=khasan&amp;'
                            'article=test-2019-04-24" target="_self">Read the whole article</a></div></figure>')
    hostile = [h for h in html if "hostile-2019-04-25" in h]
    assert len(hostile) == 4
    assert all("javascript" not in h.split("atlas-links")[1] and "original" not in h for h in hostile)
    assert len(html) == 9


def test_one_passage_one_article_one_mention_are_counted_in_the_singular(dash_dir: Path) -> None:
    """The count line reads "1 passage from 1 of 1 article … (1 mention)"."""
    html = markup(render(dash_dir, "place:khasan", years=(2002, 2002)))
    assert html[1] == ('<div class="atlas-count">1 passage from 1 of 1 article published 2002–2002 (1 mention)'
                       '</div>')
    assert len(html) == 3


def test_a_place_without_articles_in_the_years_says_none_in_the_plural(dash_dir: Path) -> None:
    """Years in which no article names the place: "0 passages from 0 of 0 articles … (0 mentions)", no passage."""
    html = markup(render(dash_dir, "place:khasan", years=(1949, 1950)))
    assert html[1:] == ['<div class="atlas-count">0 passages from 0 of 0 articles published 1949–1950 '
                        '(0 mentions)</div>']


def test_an_unconfirmed_place_says_so_and_an_empty_kind_or_country_is_left_out(dash_dir: Path) -> None:
    """A place's uncertainty is shown as UNCONFIRMED with its note; a missing kind or country leaves no
    dangling separator."""
    html = markup(render(dash_dir, "place:vladivostok"))
    assert html[1] == '<div class="atlas-uncertain">UNCONFIRMED: station point UNCONFIRMED</div>'
    html = markup(render(dash_dir, "place:khasan", edits={"places": {"khasan": {"kind": "", "country": ""}}}))
    assert html[0].endswith('<div class="atlas-meta"> · coordinates: en.wikipedia &quot;Khasan (urban-type '
                            'settlement)&quot;</div>')
    assert not any("atlas-uncertain" in h for h in html)
    html = markup(render(dash_dir, "place:khasan", edits={"places": {"khasan": {"country": ""}}}))
    assert '<div class="atlas-meta">station · coordinates:' in html[0]


@pytest.fixture(scope="module")
def busy_dir(dash_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard dataset with 21 more articles naming Ulan-Ude: ten of 2009, eleven of 2010 (with the
    fixture's own of 2011, 22 in 2009–2011)."""
    target = tmp_path_factory.mktemp("busy") / "data"
    shutil.copytree(dash_dir, target)
    for n in range(1, 22):
        published = f"{2009 if n <= 10 else 2010}-08-{n:02d}"
        (target / "articles" / f"busy-{published}.md").write_text(
            f'+++\nid = "busy-{published}"\ntitle = "Report {n}"\noutlet = "Busy Wire"\nbyline = ""\n'
            f'published = "{published}"\npublished_precision = "day"\ndate_note = ""\ndateline = ""\n'
            'dateline_place_id = ""\nurl = ""\nsource_file = "fixture"\nremoved = []\nnotes = ""\n+++\n'
            f"Report {n}: the train reached Ulan-Ude.\n", encoding="utf-8")
    write_caches(target)
    return target


def passages(at: AppTest) -> tuple[str, int, list[str]]:
    """The count line, the number of passages and the buttons' labels."""
    html = markup(at)
    return html[1], sum('class="atlas-passage"' in h for h in html), [b.label for b in at.button]


def test_a_place_named_in_many_articles_shows_a_page_then_more_on_request(busy_dir: Path) -> None:
    """Ten articles' passages at first, with a button for ten more at most; each press shows more until every
    article's passages are there, and the button goes."""
    at = render(busy_dir, "place:ulan-ude", years=(2009, 2011))
    count = '<div class="atlas-count">{} passages from {} of 22 articles published 2009–2011 (22 mentions)</div>'
    assert passages(at) == (count.format(10, 10), 10, ["Show 10 more articles"])
    at.button(key="more-passages").click().run()
    assert passages(at) == (count.format(20, 20), 20, ["Show 2 more articles"])
    at.button(key="more-passages").click().run()
    assert passages(at) == (count.format(22, 22), 22, [])


def test_the_button_offers_only_the_articles_left(busy_dir: Path) -> None:
    """Twelve articles: ten shown, and the button offers the two left, not ten."""
    at = render(busy_dir, "place:ulan-ude", years=(2010, 2011))
    assert passages(at) == ('<div class="atlas-count">10 passages from 10 of 12 articles published 2010–2011 '
                            '(12 mentions)</div>', 10, ["Show 2 more articles"])


def test_a_place_named_in_exactly_one_page_of_articles_offers_no_more(busy_dir: Path) -> None:
    """Ten articles: all their passages, no button for more."""
    at = render(busy_dir, "place:ulan-ude", years=(2009, 2009))
    assert passages(at) == ('<div class="atlas-count">10 passages from 10 of 10 articles published 2009–2009 '
                            '(10 mentions)</div>', 10, [])


# ---- an event ----

def test_an_event_shows_its_facts_and_each_source_with_the_quote_marked(dash_dir: Path) -> None:
    """An event: kind, title, dates, leaders, venue, travel mode and summary; the number of sources; a
    bibliography source as a citation; an article source as its passage with the quote marked and a link."""
    html = markup(render(dash_dir, "event:2019-kim-putin-vladivostok"))
    assert html == [
        '<div class="atlas-kicker">Summit</div><h3 class="atlas-title">Kim–Putin summit in Vladivostok</h3><div '
        'class="atlas-meta">2019-04-24 → 2019-04-26 · Kim Jong-un – Vladimir Putin · Vladivostok · travel: rail'
        '</div><p>First Kim Jong-un–Putin summit.</p>',
        '<div class="atlas-count">2 sources</div>',
        '<figure class="atlas-passage"><div class="atlas-cite">[S54] Arirang, [Kim Jong-un arrives at Khasan and '
        'Vladivostok], 24 Apr 2019. <a href="https://www.arirang.com/News/News_View.asp?nseq=235934" '
        'target="_blank" rel="noopener noreferrer">https://www.arirang.com/News/News_View.asp?nseq=235934</a>'
        '</div></figure>',
        '<figure class="atlas-passage"><figcaption><b>Test Wire</b> · 2019-04-24 · <i>Test article</i>'
        '</figcaption><blockquote>VLADIVOSTOK — <mark>Kim’s armoured train crossed at Khasan.</mark> It reached '
        'Vladivostok in the evening.</blockquote><div class="atlas-links"><a href="?from=1949&amp;to=2025&amp;'
        'event=2019-kim-putin-vladivostok&amp;article=test-2019-04-24" target="_self">Read the whole article</a>'
        '</div></figure>']


def test_an_unconfirmed_event_with_one_source_citing_an_article_and_the_bibliography(dash_dir: Path) -> None:
    """UNCONFIRMED with the event's note; "1 source"; a source with both an article and a key shows the passage
    and then the citation in one figure."""
    html = markup(render(dash_dir, "event:2002-kim-jong-il-putin-vladivostok"))
    assert html[1] == '<div class="atlas-uncertain">UNCONFIRMED: building UNCONFIRMED</div>'
    assert html[2] == '<div class="atlas-count">1 source</div>'
    figure = html[3]
    assert figure.startswith('<figure class="atlas-passage"><figcaption><b>Fixture Wire</b>')
    assert ('<blockquote><mark>Kim&#x27;s armoured train made a brief stop in the border station of Khasan</mark>'
            ', then went on to Vladivostok.</blockquote>') in figure
    assert figure.index("</blockquote>") < figure.index('<div class="atlas-cite">[S43] The People’s Korea')
    assert len(html) == 4


def test_an_event_sources_note_and_a_key_missing_from_the_bibliography_are_shown(dash_dir: Path) -> None:
    """A source's note is shown under it; a key the bibliography lacks shows bare, escaped; a source naming an
    article the dataset lacks shows no passage; a quote its article does not contain is shown as given, escaped."""
    at = AppTest.from_function(_panel_sources, args=(str(dash_dir),), default_timeout=60).run()
    assert not at.exception
    html = markup(at)
    assert html[-1] == ('<figure class="atlas-passage"><div class="atlas-cite">[&lt;S99&gt;] </div>'
                        '<div class="atlas-meta">seen &lt;here&gt;</div></figure>')
    assert html[1] == '<div class="atlas-count">4 sources</div>'
    assert "<blockquote>a &lt;quote&gt; not in the text</blockquote>" in html[-2]


def test_an_event_is_found_by_its_id_whatever_the_order_of_the_ids(dash_dir: Path) -> None:
    """Event ids are slugs, not always led by their year: the one selected is shown, not the first event whose
    id sorts after it."""
    html = markup(render(dash_dir, "event:2002-kim-jong-il-putin-vladivostok",
                         edits={"events": {"1949-kim-il-sung-stalin-moscow": {"id": "stalin-kim-il-sung"}}}))
    assert '<div class="atlas-meta">2002-08-20' in html[0]
    assert html[2] == '<div class="atlas-count">1 source</div>'


def test_an_event_without_a_source_counts_none_in_the_plural(dash_dir: Path) -> None:
    """An event whose sources are gone reads "0 sources" and shows no source."""
    html = markup(render(dash_dir, "event:1949-kim-il-sung-stalin-moscow",
                         edits={"event_sources": {"event_id=1949-kim-il-sung-stalin-moscow": {"event_id": "gone"}}}))
    assert html[-1] == '<div class="atlas-count">0 sources</div>'


def _panel_sources(data_dir: str) -> None:
    """The AppTest script for the test above: the 2019 summit with two more source rows (a quote its article
    does not contain; a note, an article id the dataset lacks, a key the bibliography lacks)."""
    import dataclasses
    from pathlib import Path

    import pandas as pd

    from components.loader import data_fingerprint, load_view
    from components.panel import show_panel

    view = load_view(data_dir, data_fingerprint(Path(data_dir)))
    extra = pd.DataFrame([{"event_id": "2019-kim-putin-vladivostok", "article_id": "test-2019-04-24",
                           "quote": "a <quote> not in the text", "source_key": "", "note": ""},
                          {"event_id": "2019-kim-putin-vladivostok", "article_id": "gone-2019", "quote": "x",
                           "source_key": "<S99>", "note": "seen <here>"}])
    view = dataclasses.replace(view, event_sources=pd.concat([view.event_sources, extra], ignore_index=True))
    show_panel(view, (1949, 2025), "event:2019-kim-putin-vladivostok", None)


# ---- a journey ----

def test_a_journey_shows_its_traveller_span_distance_stops_and_sources(dash_dir: Path) -> None:
    """A journey: traveller, title, span, the rail distance (approximate when a leg is estimated); the stops
    as a table (a stop's name, else its place id; modes in words); the sources as citations."""
    at = render(dash_dir, "journey:2011-kim-jong-il-ulan-ude")
    html = markup(at)
    assert html[0] == ('<div class="atlas-kicker">Journey · Kim Jong-il</div><h3 class="atlas-title">Kim Jong-il'
                       '&#x27;s 2011 train to Ulan-Ude</h3><div class="atlas-meta">2011-08-20 → 2011-08-25 · '
                       '≈ 4,590 km by rail (approximate: includes estimated legs)</div>')
    assert html[1].startswith('<figure class="atlas-passage"><div class="atlas-cite">[S47] AP (NBC News)')
    assert len(html) == 2
    [table] = at.dataframe
    assert table.proto.HasField("placeholder")  # missing cells read blank, not "None"
    assert table.proto.placeholder == ""
    assert list(table.value.columns) == ["#", "Stop", "Date", "Time", "By", "What happened", "Unconfirmed"]
    assert table.value["#"].tolist() == [1, 2, 3, 4, 5]  # its own stops only (a later journey's follow it)
    assert table.value.to_dict("records")[1] == {"#": 2, "Stop": "Skovorodino", "Date": "2011-08-22", "Time": "",
                                                 "By": "armoured train", "What happened": "Passed",
                                                 "Unconfirmed": "no reported stop"}


def test_a_journey_is_found_by_its_id_and_its_stops_table_has_no_index_column(dash_dir: Path) -> None:
    """The journey selected is shown even when another journey's id sorts after it and comes first; the stops
    table shows the stop number, not a row index beside it."""
    at = render(dash_dir, "journey:2011-kim-jong-il-ulan-ude",
                edits={"journeys": {"2002-kim-jong-il-vladivostok": {"id": "kim-jong-il-far-east"}}})
    assert "2011 train to Ulan-Ude" in markup(at)[0]
    [table] = at.dataframe
    assert json.loads(table.proto.columns)["_index"] == {"hidden": True}


def test_a_stop_without_a_name_is_listed_by_its_place_id(dash_dir: Path) -> None:
    """A stop whose place has no name in the view is shown by its id, not left blank."""
    at = render(dash_dir, "journey:2011-kim-jong-il-ulan-ude",
                edits={"stops": {"place_id=skovorodino": {"name": None}}})
    assert at.dataframe[0].value["Stop"].tolist()[:3] == ["Khasan", "skovorodino", "Ulan-Ude"]


@pytest.mark.parametrize(("edit", "distance"), [
    ({"km": 362.4, "km_official": True}, "362 km by rail (official km posts)"),
    ({"km": None}, "route not drawn"),
    ({"km": float("nan")}, "route not drawn"),
])
def test_a_journeys_distance_says_how_it_is_known(dash_dir: Path, edit: dict, distance: str) -> None:
    """Official km posts give an exact distance; a journey not routed says so."""
    html = markup(render(dash_dir, "journey:2002-kim-jong-il-vladivostok",
                         edits={"journeys": {"2002-kim-jong-il-vladivostok": edit}}))
    assert html[0].endswith(f'<div class="atlas-meta">2002-08-20 → 2002-08-23 · {distance}</div>')


def test_an_unconfirmed_journey_without_sources_shows_no_citation(dash_dir: Path) -> None:
    """UNCONFIRMED with the journey's note; no sources, no citation figure."""
    html = markup(render(dash_dir, "journey:2002-kim-jong-il-vladivostok",
                         edits={"journeys": {"2002-kim-jong-il-vladivostok": {"uncertain": "date <unclear>",
                                                                              "sources": ""}}}))
    assert html[1:] == ['<div class="atlas-uncertain">UNCONFIRMED: date &lt;unclear&gt;</div>']


# ---- an article ----

def test_the_reader_shows_the_whole_article_with_the_selected_place_marked(dash_dir: Path) -> None:
    """The whole article: a link back to the passages (the selection kept, the article dropped), the original
    when it has a web address, title, outlet, date and byline, the text with the place's mentions marked."""
    html = markup(render(dash_dir, "place:skovorodino", "fixture-2011-08-22", years=(2011, 2011)))
    assert len(html) == 1
    assert html[0].startswith(
        '<div class="atlas-links"><a href="?from=2011&amp;to=2011&amp;place=skovorodino" target="_self">← Back to '
        'the passages</a> · <a href="https://example.org/2011" target="_blank" rel="noopener noreferrer">original'
        '</a></div><div class="atlas-kicker">Article</div><h3 class="atlas-title">Fixture: the train rolls through '
        'the far east</h3><div class="atlas-meta"><b>Fixture Press</b> · 2011-08-22 · A. Tester</div>'
        '<div class="atlas-article"><p>')
    assert "<mark>Skovorodino</mark>" in html[0]
    assert "<mark>Khasan</mark>" not in html[0]


def test_the_reader_marks_the_place_in_this_article_only(dash_dir: Path) -> None:
    """Opened from a place, the reader marks that place's mentions in this article, never the offsets of its
    mentions in other articles (four articles name Khasan), whichever way their ids sort."""
    html = markup(render(dash_dir, "place:khasan", "fixture-2002-08-20"))[0]
    assert html.count("<mark") == 1
    assert "border station of <mark>Khasan</mark>, then" in html
    html = markup(render(dash_dir, "place:khasan", "test-2019-04-24"))[0]  # the last article: three before it
    assert html.count("<mark") == 1
    assert "crossed at <mark>Khasan</mark>." in html


def test_the_reader_marks_the_quote_of_the_selected_event_only(dash_dir: Path) -> None:
    """An article quoted by two events: opened from one, only that event's quote is marked, whether the other
    event's id sorts after the selected one's or before it."""
    other = {"article_id": "fixture-2002-08-20", "quote": "The Kremlin has so far declined to confirm the meeting."}
    html = markup(render(dash_dir, "event:2002-kim-jong-il-putin-vladivostok", "fixture-2002-08-20",
                         edits={"event_sources": {"event_id=2011-kim-jong-il-medvedev-sosnovy-bor": other}}))[0]
    assert html.count("<mark") == 1
    assert "<mark>Kim&#x27;s armoured train made a brief stop in the border station of Khasan</mark>" in html
    earlier = {"article_id": "fixture-2011-08-22", "quote": "Skovorodino is the starting point of an oil pipeline."}
    html = markup(render(dash_dir, "event:2011-kim-jong-il-medvedev-sosnovy-bor", "fixture-2011-08-22",
                         edits={"event_sources": {"event_id=1949-kim-il-sung-stalin-moscow": earlier}}))[0]
    assert html.count("<mark") == 1
    assert "<mark>The summit will take place at Sosnovy Bor near Ulan-Ude.</mark>" in html


@pytest.mark.parametrize(("event", "article", "other_event", "other_source", "marked"), [
    # the other article's id sorts after this one's
    ("2002-kim-jong-il-putin-vladivostok", "fixture-2002-08-20", "2011-kim-jong-il-medvedev-sosnovy-bor",
     {"article_id": "test-2019-04-24", "quote": "The Kremlin has so far declined to confirm the meeting."},
     "<mark>Kim&#x27;s armoured train"),
    # ... and before it
    ("2019-kim-putin-vladivostok", "test-2019-04-24", "1949-kim-il-sung-stalin-moscow",
     {"article_id": "fixture-2002-08-20", "quote": "It reached Vladivostok in the evening."},
     "<mark>Kim’s armoured train crossed at Khasan.</mark>"),
], ids=["other-sorts-after", "other-sorts-before"])
def test_the_reader_marks_only_what_this_article_is_cited_for(dash_dir: Path, event: str, article: str,
                                                              other_event: str, other_source: dict[str, str],
                                                              marked: str) -> None:
    """An event also cites another article for a sentence this one repeats word for word (wire copies do): the
    reader marks only the quote this article is cited for, whichever way the two articles' ids sort."""
    # (the event id last: the edit finds its rows by the old one)
    other = {**other_source, "event_id": event}
    html = markup(render(dash_dir, f"event:{event}", article,
                         edits={"event_sources": {f"event_id={other_event}": other}}))[0]
    assert html.count("<mark") == 1
    assert marked in html


def test_a_quote_the_article_does_not_hold_marks_nothing_false(dash_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A quote its article does not contain (an edited text): nothing is marked as the quote; the reader falls
    back to the review marks of the mentions."""
    monkeypatch.delenv("ATLAS_READ_ONLY", raising=False)
    wrong = {"article_id=test-2019-04-24": {"quote": "Words the article does not hold."}}
    html = markup(render(dash_dir, "event:2019-kim-putin-vladivostok", "test-2019-04-24",
                         edits={"event_sources": wrong}))[0]
    assert "<mark>" not in html
    assert html.count('<mark class="atlas-rv-') == 3


def test_the_reader_marks_the_events_quote_and_shows_no_byline_or_original_when_there_is_none(
        dash_dir: Path) -> None:
    """Opened from an event: the event's quote is marked; an article without byline or web address shows
    neither."""
    html = markup(render(dash_dir, "event:2019-kim-putin-vladivostok", "test-2019-04-24"))
    assert html == [
        '<div class="atlas-links"><a href="?from=1949&amp;to=2025&amp;event=2019-kim-putin-vladivostok" '
        'target="_self">← Back to the passages</a></div><div class="atlas-kicker">Article</div><h3 '
        'class="atlas-title">Test article</h3><div class="atlas-meta"><b>Test Wire</b> · 2019-04-24</div><div '
        'class="atlas-article"><p>VLADIVOSTOK — <mark>Kim’s armoured train crossed at Khasan.</mark> It reached '
        'Vladivostok in the evening.</p>\n<p>Pyongyang said the talks went well.<br></p></div>']


def test_the_reader_without_a_place_marks_each_mention_by_its_review_status(dash_dir: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened from a journey (no place or quote to mark), a writable dashboard marks every mention with its
    review status; a read-only one shows the text without marks."""
    monkeypatch.delenv("ATLAS_READ_ONLY", raising=False)
    html = markup(render(dash_dir, "journey:2011-kim-jong-il-ulan-ude", "test-2019-04-24"))[0]
    assert html.count("<mark") == 3
    assert html.count('<mark class="atlas-rv-') == 3
    assert ">Khasan</mark>" in html
    # an event that happens to share the journey's id does not make it an event's page
    shared = {"article_id=test-2019-04-24": {"event_id": "2011-kim-jong-il-ulan-ude"}}
    html = markup(render(dash_dir, "journey:2011-kim-jong-il-ulan-ude", "test-2019-04-24",
                         edits={"event_sources": shared}))[0]
    assert html.count('<mark class="atlas-rv-') == 3
    # an earlier article: its own mentions only, none of the articles whose ids sort after it
    html = markup(render(dash_dir, "journey:2011-kim-jong-il-ulan-ude", "fixture-2002-08-20"))[0]
    assert html.count("<mark") == 2
    assert ">Khasan</mark>, then went on to <mark" in html
    assert ">Vladivostok</mark>." in html
    monkeypatch.setenv("ATLAS_READ_ONLY", "1")
    html = markup(render(dash_dir, "journey:2011-kim-jong-il-ulan-ude", "test-2019-04-24"))[0]
    assert "<mark" not in html
    assert "Kim’s armoured train crossed at Khasan." in html
