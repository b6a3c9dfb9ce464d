"""Long-tail names in runs of capitalised words: which words of "Pusan University" or "Vladimir Putin" name a
GeoNames place (see docs/geoparser.md for the rules)."""

from __future__ import annotations

import re

from geo.gazetteer.limits import MEMO_LIMIT
from geo.gazetteer.longtail import AREA_KINDS
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.normalize import fold, name_key
from geo.gazetteer.wordlists import CONNECTORS, GEO_TERMS, TITLES, common_words, proper_nouns

__all__ = ["LongTailRules", "is_dateline", "long_tail_spans"]

_MIN_POP_OUTSIDE_ROI = 15_000
_MIN_POP_PROPER_NOUN = 100_000
_MIN_POP_ALL_COMMON = 100_000
_MIN_POP_ALTERNATE_NAME = 250_000
_WHOLE_AREAS = frozenset({"country", "continent", "region"})
#: Places that stand out inside an organisation's name ("HSBC Malta", "Seattle Seahawks").
_EMBEDDED_KINDS = frozenset({"country", "continent", "region", "admin1"})
_MIN_POP_EMBEDDED = 250_000
_REJECT, _ACCEPT, _SCOPED = 0, 1, 2
#: A small town named like a person ("Hinton", "Decatur"): in the document scope, and only standing alone.
_SCOPED_NAME = 3
#: Participles that make "<place>-based" an adjective of the place: the name before the hyphen ends there.
_PLACE_PARTICIPLES = frozenset({"based", "born", "bound", "owned", "run", "led", "backed", "funded", "controlled",
                                "made", "brokered", "held", "linked", "allied", "sponsored"})

#: The words that make "<place> Times" a newspaper of the place (its name is the place's, as GeoWebNews counts it).
_MASTHEADS = frozenset({"times", "post", "herald", "tribune", "gazette", "journal", "chronicle", "courier",
                        "examiner", "telegraph", "sentinel", "dispatch", "inquirer", "bulletin", "enquirer",
                        "advertiser", "democrat", "republican", "register", "star-ledger", "daily"})

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# Possessive quantifiers (*+): a word's letters and its apostrophe/hyphen parts never give back characters (what
# may follow them, white space or the end, is disjoint from both), so the engine stops instead of backtracking
# through shorter splits that cannot match (same matches).
# A token may end in the period of a saint's or mount's abbreviation ("St. Louis", "Mt. Hood", "Ft. Worth"): a
# closed class, so "St." does not end the run the way a sentence's full stop does.
_ABBREVIATION_DOT = r"(?:(?:(?<=\bSt)|(?<=\bST)|(?<=\bSte)|(?<=\bMt)|(?<=\bMT)|(?<=\bFt)|(?<=\bFT))\.)?"
_TOKEN = rf"[{_UPPER}][^\W_]*+(?:[’'ʼ-][^\W_]+)*+{_ABBREVIATION_DOT}"
# The look-behind sits after the first capital on purpose: placed first, it is tried at every offset of the
# text, which made this regex the slowest step of the geoparser.
_RUN_HEAD = rf"[{_UPPER}](?<![\w’'ʼ-].)[^\W_]*+(?:[’'ʼ-][^\W_]+)*+{_ABBREVIATION_DOT}"
_CONNECTOR_RE = "|".join(sorted(CONNECTORS - {"and", "the"}))
_RUN = re.compile(rf"{_RUN_HEAD}(?:[ \t]+(?:(?:{_CONNECTOR_RE})[ \t]+)?{_TOKEN})*")
# Words of a run that reach the end of a window (see _run_start_before); compiled once, not per call.
_RUN_TAIL = re.compile(rf"(?:{_TOKEN}[ \t]+(?:(?:{_CONNECTOR_RE})[ \t]+)?)+$")
_SUBTOKEN = re.compile(r"[^\W_]+")
_APOSTROPHE = "’'ʼ"


class LongTailRules:
    """Decides, once per distinct run of capitalised words, which parts of it are long-tail place names.

    One per gazetteer (:func:`geo.geoparse.memo.memo_of`), so its decisions carry over from article to article:
    the answer depends only on the run and the gazetteer, and deciding an article's runs afresh each time was a
    large share of the time an article took.
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.common = common_words()
        self.proper = proper_nouns()
        self._accepted: dict[str, int] = {}  # key → _REJECT, _ACCEPT, _SCOPED or _SCOPED_NAME
        self._runs: dict[str, tuple[list[tuple[int, int, str]], frozenset[str]]] = {}

    def spans_of(self, run: str) -> list[tuple[int, int, str]]:
        """:meth:`spans_in_run`, remembered (up to :data:`geo.gazetteer.lookup.MEMO_LIMIT` runs, then afresh)."""
        return self.decide(run)[0]

    def person_names_of(self, run: str) -> frozenset[str]:
        """The place names that ``run`` shows to be part of a person's name ("Chen" of "Charlie Chen")."""
        return self.decide(run)[1]

    def decide(self, run: str) -> tuple[list[tuple[int, int, str]], frozenset[str]]:
        """``(spans, person names)`` of a run (:meth:`spans_in_run`), decided once and remembered."""
        decided = self._runs.get(run)
        if decided is None:
            if len(self._runs) >= MEMO_LIMIT:
                self._runs.clear()
                self._accepted.clear()
            persons: set[str] = set()
            decided = self._runs[run] = (self.spans_in_run(run, persons), frozenset(persons))
        return decided

    def spans_in_run(self, run: str, persons: set[str] | None = None) -> list[tuple[int, int, str]]:
        """The long-tail place names of a run, as ``(start, end, key)`` offsets in the run; the one-word names
        that stand beside an unknown word in a two- or three-word phrase ("Charlie Chen", "Tyler Williams") are
        added to ``persons``."""
        tokens = [(m.start(), m.end(), fold(m.group())) for m in _SUBTOKEN.finditer(run)]
        if len(tokens) >= 2 and tokens[-1][2] == "s" and run[tokens[-1][0] - 1] in _APOSTROPHE:
            tokens.pop()  # possessive "'s"
        n = len(tokens)
        kinds = ["other"] * n  # per token: other | benign | place
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < n:
            for j in range(n, i, -1):
                words = [t[2] for t in tokens[i:j]]
                # a connector never ends a name, and opens one only written with a capital, as part of it:
                # "La Paz", "El Paso", "The Hague" (lower case it joins or ends a phrase: "Houston on Saturday")
                if words[-1] in CONNECTORS or (words[0] in CONNECTORS and (
                        j - i == 1 or not run[tokens[i][0]].isupper())):
                    continue
                key = " ".join(words)
                if self.gazetteer.is_curated_key(key):
                    kinds[i:j] = ["place"] * (j - i)
                    i = j
                    break
                accepted = self._accept(key, words)
                if accepted:
                    # a town named like a person is, to its neighbours, a name like any other: "Michael Thomas"
                    kinds[i:j] = ["other" if accepted == _SCOPED_NAME else "place"] * (j - i)
                    found.append((i, j, key))
                    i = j
                    break
            else:
                word = tokens[i][2]
                if word in TITLES:  # "Governor", and the abbreviations no dictionary has ("Cllr", "MPP")
                    kinds[i] = "title"
                elif word in self.common or word in GEO_TERMS or word in CONNECTORS:
                    kinds[i] = "benign"
                i += 1
        # A connector ends a phrase: "Houston on Saturday", "University of Houston" hold the place "Houston"
        # whatever the words across the connector are ("Rostov-on-Don", a name with a connector inside, is one
        # place of the gazetteer and was found whole above).
        # A possessive ends the phrase before it: "Britain’s High Court" holds Britain, whatever follows; but what
        # follows it is still owned by the name before ("Henry’s Turkey Service" is no turkey of a place).
        breaks = [k for k in range(n) if tokens[k][2] in CONNECTORS]
        # So does a participle glued to it: "the Britain-based Syrian Observatory", "Iran-backed militias".
        ends = sorted(breaks + [k for k in range(1, n) if (tokens[k][2] == "s" and run[tokens[k][0] - 1] in _APOSTROPHE)
                                or (tokens[k][2] in _PLACE_PARTICIPLES and run[tokens[k][0] - 1] == "-")])
        spans = []
        for i, j, key in found:
            lo = max((k + 1 for k in breaks if k < i), default=0)
            hi = min((k for k in ends if k >= j), default=n)
            if "title" in kinds[lo:i]:
                continue  # "Admiral Ace Lyons": a name follows the title
            office = next((k for k in range(j, hi) if kinds[k] != "benign"), hi)
            if i == lo and j < hi and ((office < hi and kinds[office] == "title") or tokens[j][2] in _MASTHEADS):
                # a place, then a title: "Manila Archbishop Luis Tagle", "Texas Governor Greg Abbott" — the
                # person's name comes after the title, so the place before it is the office's place, also past
                # the ordinary words of an office ("Anderson County Sheriff Greg Taylor", "Grand Ledge Police
                # Chief Martin Underhill"); or a newspaper's name: "the Suffolk Times", "the Augusta Herald" are
                # the place's papers
                spans.append((tokens[i][0], tokens[j - 1][1], key))
                continue
            others = kinds[lo:i] + kinds[j:hi]
            if any(kind != "benign" for kind in others) and self._accept(key, key.split()) == _SCOPED_NAME:
                # a small town named like a person, beside another name: "Paul Henderson", "George Washington",
                # "Michael Thomas" — a person, and in a two- or three-word phrase one for the whole text
                if persons is not None and j - i == 1 and 2 <= hi - lo <= 3 and i in (lo, hi - 1):
                    persons.add(key)
                continue
            # the other words of the phrase, folded, and whether each is written in capitals (an acronym: "HSBC")
            around = [(tokens[k][2], tokens[k][1] - tokens[k][0] > 1 and run[tokens[k][0]:tokens[k][1]].isupper())
                      for k in (*range(lo, i), *range(j, hi))]
            if any(kind == "other" for kind in others):
                if persons is not None and j - i == 1 and 2 <= hi - lo <= 3 and i in (lo, hi - 1) and all(
                        self._personal(word) and not acronym for word, acronym in around):
                    persons.add(key)
                if i == lo or not self._embedded(key, around):
                    continue  # "Vladimir Putin", "Kim Jong Un", "Sapa-AFP"; "Jordan Vandermeer" (a first name?)
            spans.append((tokens[i][0], tokens[j - 1][1], key))
        return spans

    def _embedded(self, key: str, around: list[tuple[str, bool]]) -> bool:
        """Whether a well-known place that ends or sits inside a name stands beside words that are not names of
        people: "HSBC Malta", "DeSmog Canada", "Air France KLM" (a place inside an organisation's name is still
        written as a place: GeoWebNews counts it). Not at the start of the name, where "Jordan" or "Austin" is as
        often a first name (the caller checks). A country, a first-level subdivision or a city of
        :data:`_MIN_POP_EMBEDDED`; never beside a dictionary proper noun ("Jordan Henderson", "Chad Smith") unless it is
        written in capitals, an acronym ("HSBC")."""
        if any(word in self.proper and not acronym for word, acronym in around):
            return False
        ranked = self.gazetteer.long_tail_candidates(key) if self.gazetteer.long_tail is not None else []
        if not ranked:
            return False
        top = ranked[0]
        return top.kind in _EMBEDDED_KINDS or (top.kind == "city" and top.population >= _MIN_POP_EMBEDDED)

    def _personal(self, word: str) -> bool:
        """Whether a word can be a person's first name or surname: a dictionary proper noun that names no place."""
        return word in self.proper and (self.gazetteer.long_tail is None or word not in self.gazetteer.long_tail)

    def _accept(self, key: str, words: list[str]) -> int:
        known = self._accepted.get(key)
        if known is None:
            known = self._decide(key, words)
            self._accepted[key] = known
        return known

    def is_scoped(self, key: str) -> bool:
        """Whether an accepted long-tail name counts only inside the document's scope: a small place outside the
        region of interest ("Chiefland"), kept when the text names the state or province it lies in (see
        :func:`geo.geoparse.parser.geoparse`)."""
        return self._accept(key, key.split()) in (_SCOPED, _SCOPED_NAME)

    def _demonym(self, key: str) -> bool:
        """Whether a one-word name is a country's, state's or continent's adjective: the area's name with a
        demonym's ending ("Canadian" of Canada, "Mexican" of Mexico, "Chinese" of China, "Texan" of Texas)."""
        if " " in key:
            return False
        for suffix in ("ian", "an", "n", "ese", "ish", "i"):
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                stem = key[:-len(suffix)]
                for area in (stem, stem + "a", stem + "o", stem + "e", stem + "s", stem + "y"):
                    ranked = self.gazetteer.long_tail_candidates(area) if area in self.gazetteer.long_tail else []
                    if ranked and ranked[0].kind in _EMBEDDED_KINDS:
                        return True
        return False

    def _decide(self, key: str, words: list[str]) -> int:
        if self.gazetteer.long_tail is None or key not in self.gazetteer.long_tail or len(key) < 3:
            return _REJECT
        if key in self.gazetteer.person_keys:
            return _REJECT  # a surname of the dataset's people: "Stalin" is Stalin, not Varna
        ranked = self.gazetteer.long_tail_candidates(key)
        if not ranked:
            return _REJECT
        top = ranked[0]
        if top.kind in _WHOLE_AREAS:
            return _ACCEPT  # a country or a continent, even when it is also a word ("Turkey", "Chad")
        if len(words) == 1 and (key in self.common or key in TITLES or key in GEO_TERMS):
            return _REJECT
        if top.kind in AREA_KINDS:
            return _ACCEPT  # a state, province or county: named by its sources, whatever its population
        if all(w in self.common or w in CONNECTORS or w in GEO_TERMS for w in words) and (
                top.population < _MIN_POP_ALL_COMMON):
            # "Old Harbour" is a harbour that is old; but a text that names the state or county of "Rock Hill"
            # or "Red Oak" means the town (a name of two words or more, in the document scope, alone: see
            # spans_in_run)
            return _SCOPED_NAME if len(words) > 1 and name_key(top.name) == key else _REJECT
        if key in self.proper and top.population < _MIN_POP_PROPER_NOUN:
            # a surname or first name as often ("Hinton", "Tyler"): only in a text that names the state, province
            # or county the town lies in (the document scope, as for any small town), and only where no other
            # name stands beside it (see spans_in_run); never a demonym ("Canadian", a town in Texas)
            return _REJECT if self._demonym(key) else _SCOPED_NAME
        if (name_key(top.name) != key and top.population < _MIN_POP_ALTERNATE_NAME
                and not _same_spelling(key, name_key(top.name))
                and not _same_spelling(key, name_key(top.name.translate(_NO_APOSTROPHES)))):
            # only a GeoNames alternate name, of a small place: "Hamas" is not Hamm; but a soft sign's apostrophe
            # left out is the place's own name ("Razdolnoye" of Razdol’noye, "Tskhinvali" of Tskhinval’i)
            return _REJECT
        if name_key(top.name) != key and all(w in self.common for w in words):
            return _REJECT  # a translation made of English words: "White House" is not Casablanca
        if self.gazetteer.in_region(top.country) or top.population >= _MIN_POP_OUTSIDE_ROI:
            return _ACCEPT
        return _SCOPED


_DOUBLED = re.compile(r"(.)\1")
#: Deletes the apostrophes that romanise a soft sign ("Razdol’noye"): name_key reads them as word breaks.
_NO_APOSTROPHES = str.maketrans("", "", _APOSTROPHE)


def _same_spelling(key: str, name: str) -> bool:
    """Whether an alternate name is the place's own name in another romanisation: the French "ou" for "u"
    ("Douma" of Dūmā) or a doubled letter (the diacritics are already folded). Only for names of five letters or
    more: "Wal" (of Wal-Mart) is also a spelling of Waal."""
    if len(key) < 5 or key[0] != name[0]:
        return False
    return _DOUBLED.sub(r"\1", key.replace("ou", "u")) == _DOUBLED.sub(r"\1", name.replace("ou", "u"))


def long_tail_spans(text: str, rules: LongTailRules) -> list[tuple[int, int, str]]:
    """Long-tail place names in the runs of capitalised words of ``text``, as ``rules`` (one per gazetteer)
    decide them: ``(start, end, key)``."""
    if rules.gazetteer.long_tail is None:
        return []
    # Decide once per distinct run (findall + set run in C); then locate only the runs that hold a place.
    accepted: dict[str, list[tuple[int, int, str]]] = {}
    persons: set[str] = set()
    for run in set(_RUN.findall(text)):
        spans, names = rules.decide(run)
        if spans:
            accepted[run] = spans
        persons |= names
    if accepted:
        persons |= _speakers(text, accepted, rules)
    if persons:  # one sense per document: "Chen" alone is still Charlie Chen
        accepted = {run: kept for run, spans in accepted.items()
                    if (kept := [span for span in spans if span[2] not in persons])}
    if not accepted:
        return []
    # Locate only the accepted runs, with str.find (C) instead of a second regex pass over the whole text; an
    # occurrence counts only if it is a whole run: _RUN matches exactly it there (a capitalised head not glued to
    # a word, nothing capitalised right after) and no run coming from the left reaches it ("Vladimir" in
    # "Vladimir Putin", "Putin" in "Vladimir Putin").
    found = []
    for run, spans in accepted.items():
        run_start = text.find(run)
        while run_start != -1:
            whole = _RUN.match(text, run_start)
            if (whole is not None and whole.end() == run_start + len(run)
                    and (text[run_start - 1:run_start] not in (" ", "\t")
                         or _run_start_before(text, run_start) == run_start)):
                titled = _after_title(text, run_start)
                for rel_start, rel_end, key in spans:
                    start, end = run_start + rel_start, run_start + rel_end
                    surface = text[start:end]
                    if len(surface) > 1 and surface.isupper() and not is_dateline(text, start, end):
                        continue  # all-capitals: acronyms, except a dateline
                    if titled and rel_start == 0:
                        continue  # "Mrs. Lincoln", "Gov. Mary Fallin": the title's full stop ended the run before
                    found.append((start, end, key))
            run_start = text.find(run, run_start + 1)
    return found


# A one-word name next to a verb of speech: '"…," said Nelson.', 'Noma says' — a person, not a town. Only the few
# accepted one-word runs are looked up (str.find) and the words beside them matched: a regex over the whole text
# for the verbs, tried at every offset, cost a twentieth of the geoparser's time.
_VERBS = (r"(?:said|says|told|tells|added|adds|explained|explains|recalled|recalls|noted|notes|insisted|insists|"
          r"conceded|concedes|argued|argues|thinks|wrote|writes|asked|asks|replied|replies)")
# "Noma says", "Nelson’s wife said" is not it; "Moscow said it would" is the place speaking as a government
_VERB_AFTER = re.compile(rf"[ \t]+{_VERBS}\b(?![ \t]+(?:that[ \t]+)?it\b)")
_VERB_BEFORE = re.compile(rf"\b{_VERBS}[ \t]+$")
# a speaker after the verb ends its clause: 'said Noma.' — not "said Lincoln would benefit"
_CLAUSE_END = re.compile(r"(?![ \t]*[\w’'ʼ-])")
# a speaker before the verb opens its clause: "Nelson says", '…," Noma said' — not "officials in Tyler said"
_CLAUSE_START = re.compile(r"(?:^|[.!?\"”“,;:—–(\n])[ \t]*$")
#: Places big enough to speak for a government ("Moscow said", "Ottawa says"): never taken for a speaker.
_MIN_POP_METONYMY = 250_000


def _speakers(text: str, accepted: dict[str, list[tuple[int, int, str]]], rules: LongTailRules) -> set[str]:
    """The accepted one-word names that the text shows speaking ('said Nelson', 'Noma says'): people, in this
    document, unless the name is an area or a city big enough to speak for a government."""
    speakers = set()
    for run, spans in accepted.items():
        if len(spans) != 1 or spans[0][:2] != (0, len(run)):
            continue  # only a run that is one name, whole
        key = spans[0][2]
        if " " in key or key in speakers:
            continue
        start = text.find(run)
        while start != -1:
            end = start + len(run)
            if (_VERB_AFTER.match(text, end) and _CLAUSE_START.search(text, max(0, start - 4), start)) or \
                    (_VERB_BEFORE.search(text, max(0, start - 16), start) and _CLAUSE_END.match(text, end)):
                ranked = rules.gazetteer.long_tail_candidates(key)
                if ranked and ranked[0].kind == "city" and ranked[0].population < _MIN_POP_METONYMY:
                    speakers.add(key)
                break
            start = text.find(run, end)
    return speakers


# What follows a dateline's place: an agency in brackets ("BOSTON (Reuters) -"), a dash ("ST. LOUIS –"), or a
# comma and a date ("SOUTH WAZIRISTAN, April 5"), after an optional state abbreviation ("CAMP MURRAY, Wash. -").
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE_TAIL = re.compile(rf"(?:,[ \t]*[A-Z][A-Za-z]{{1,4}}\.)?[ \t]*"
                            rf"(?:\([A-Z][\w .&-]{{0,30}}\)|[-–—]|,+[ \t]*(?i:{_MONTH})[ \t]+\d)")


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the all-capitals name at ``[start, end)`` is a dateline: at the start of a line, in brackets
    ("(NEW YORK) —"), or followed by an agency, a dash or a date ("BOSTON (Reuters) -", "SOUTH WAZIRISTAN, April 5")."""
    if start == 0 or text[start - 1] == "\n":
        return True
    if text[start - 1:start] == "(" and text[end:end + 1] == ")":
        return True
    return _DATELINE_TAIL.match(text, end) is not None


#: An abbreviated title and its full stop right before a word ("Gov. |Mary", "Mrs. |Lincoln").
_TITLE_BEFORE = re.compile(r"(?<![\w.])([^\W\d_]+)\.[ \t]+$")
#: The titles written abbreviated, with a full stop: a whole word before a full stop ends a sentence instead
#: ("… Municipal Court Judge. Columbus attorney …").
_ABBREVIATED_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm",
                                 "sgt", "cpl", "pvt", "brig", "gov", "sen", "rep", "rev", "det", "cllr"})


def _after_title(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows an abbreviated title ("Gov. Mary Fallin", "Mrs. Lincoln"): the full
    stop ends the run of capitals, so the title is no word of the run that the rules of a run would see."""
    before = _TITLE_BEFORE.search(text, max(0, start - 16), start)
    return before is not None and fold(before.group(1)) in _ABBREVIATED_TITLES


def _run_start_before(text: str, start: int) -> int:
    """Where a run of capitalised words that reaches ``start`` begins (``start`` itself if none does)."""
    window = text[max(0, start - 200):start]
    tail = _RUN_TAIL.search(window)
    if tail is None:
        return start
    candidate = start - len(window) + tail.start()
    whole = _RUN.match(text, candidate)
    return candidate if whole is not None and whole.end() > start else start
