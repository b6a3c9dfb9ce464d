"""The hostile article set: files an attacker or a careless editor could hand to ``atlas ingest``.

Small articles live as files in ``tests/reliability/fixtures/hostile/`` (written by :func:`write_static_files`, and
committed); the large or awkward ones (a 3 MB article, 10,000 toponyms, 25 MB, a binary file named ``.txt``, a file
whose *name* is an XSS payload) are generated on demand by :func:`materialise`, so the repository stays small.

Reuse (e.g. the browser tests)::

    from tests.reliability.hostile_corpus import ACCEPTED, materialise
    paths = materialise(tmp_path)            # name → Path of every article, static and generated
    for article in ACCEPTED: ...             # article.payloads must be shown literally, never executed

Every accepted article carries metadata payloads too (title, outlet, byline, url, dateline), because those fields
reach the same HTML sinks as the text: popups, tooltips, the passage panel, the reader, the table and exports.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ACCEPTED", "ARTICLES", "HOSTILE_DIR", "REFUSED", "XSS_PAYLOADS", "HostileArticle", "materialise"]

HOSTILE_DIR = Path(__file__).resolve().parent / "fixtures" / "hostile"

#: Markup that must never execute and must be visible literally wherever article text or metadata is shown.
XSS_PAYLOADS = (
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "\"><svg onload=alert('xss-svg')>",
    "'><svg/onload=alert('xss-svg2')>",
    "</script><script>alert('xss-close-script')</script>",
    "<a href=\"javascript:alert('xss-href')\">Moscow</a>",
    "<iframe srcdoc=\"<script>parent.alert('xss-iframe')</script>\"></iframe>",
    "<details open ontoggle=alert('xss-toggle')>",
    "<input autofocus onfocus=alert('xss-focus')>",
    "<body onload=alert('xss-body')>",
    "<svg><animate onbegin=alert('xss-animate') attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-mxss')>",
    "<a href=\"jav&#x09;ascript:alert('xss-entity')\">link</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-meta')\">",
    "<style>body{background:url(javascript:alert('xss-css'))}</style>",
    "';alert('xss-js-single');//",
    "\";alert('xss-js-double');//",
    "`${alert('xss-template-literal')}`",
)
#: Markdown and template look-alikes: must be shown as typed, never rendered or evaluated.
LOOKALIKES = (
    "[click](javascript:alert('xss-md-link'))",
    "![x](javascript:alert('xss-md-image'))",
    "**bold**", "__underline__", "<b>bold tag</b>", "<u>underlined</u>",
    "{{template}}", "{{ 7*7 }}", "{% raw %}", "${js}", "#{ruby}", "<%= erb %>",
    "$$x^2$$", ":red[red text]", ":material/warning:", "~~struck~~",
    "&lt;escaped&gt;", "&amp;amp;", "&#60;script&#62;",
)


@dataclass(frozen=True)
class HostileArticle:
    """One input of the corpus and what ``atlas ingest`` must do with it."""

    name: str                       # file name in fixtures/hostile/ (or generated under that name)
    expect: str                     # "ingest" (exit 0, then shown literally) or "refuse" (exit 1, clear message)
    message: str = ""               # for "refuse": text the error message must contain
    payloads: tuple[str, ...] = field(default=())   # for "ingest": strings that must be shown literally
    generated: bool = False
    # for "ingest": place ids the geoparser must find in the text (at least these; none at all when empty), so a
    # check that loops over the mentions cannot pass on a geoparser that finds nothing
    places: tuple[str, ...] = ()


def _front(title: str, outlet: str, published: str, *, byline: str = "", url: str = "", dateline: str = "",
           extra: str = "") -> str:
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = ["+++", f"title = {q(title)}", f"outlet = {q(outlet)}", f"published = {q(published)}"]
    if byline:
        lines.append(f"byline = {q(byline)}")
    if url:
        lines.append(f"url = {q(url)}")
    if dateline:
        lines.append(f"dateline = {q(dateline)}")
    return "\n".join(lines) + ("\n" + extra if extra else "") + "\n+++\n"


# -- the static files ---------------------------------------------------------------------------------------------

def _xss_text() -> str:
    body = ["PYONGYANG, Jan. 3 (Hostile Wire) -- Kim Jong-un's armoured train left Pyongyang for Khasan.", ""]
    for payload in XSS_PAYLOADS:
        body.append(f"Near Vladivostok the train stopped. {payload} Then it went on to Khabarovsk.")
    return "\n".join(body) + "\n"


def _static() -> dict[str, str]:
    files = {}
    files["xss-in-text.txt"] = _front("XSS in the text", "Hostile Wire", "2020-01-03") + _xss_text()
    files["xss-in-metadata.txt"] = _front(
        "<script>alert('xss-title')</script> Kim visits <img src=x onerror=alert('xss-title-img')>",
        "<b onmouseover=alert('xss-outlet')>Evil Outlet</b>", "2020-01-04",
        byline="\"><svg onload=alert('xss-byline')>", url="javascript:alert('xss-url')",
        dateline="<svg onload=alert('xss-dateline')>",
    ) + "VLADIVOSTOK, Jan. 4 -- Kim met Putin on Russky Island near Vladivostok. The talks ended in Moscow.\n"
    files["markdown-lookalikes.txt"] = _front("Markdown **look-alikes** [click](javascript:alert(1))",
                                              "{{outlet}} ${outlet}", "2020-01-05") + "\n".join(
        f"Khasan and Tumangang, {item}, then Ussuriysk." for item in LOOKALIKES) + (
        "\n# Heading about Harbin\n> quote about Beijing\n- list item Chita\n| table | Irkutsk |\n|---|---|\n"
        "```\ncode about Omsk\n```\n---\nA rule above, then Novosibirsk.\n")
    files["homoglyphs.txt"] = _front("Homoglyph names", "Homoglyph Daily", "2020-01-06") + (
        "Рyongyang (Cyrillic Р) is not Pyongyang. Vladivоstok has a Cyrillic о. Ｐｙｏｎｇｙａｎｇ is full width, "
        "𝐏𝐲𝐨𝐧𝐠𝐲𝐚𝐧𝐠 is mathematical bold, ＭＯＳＣＯＷ shouts. Kim went to Khasan.\n")
    files["unicode-controls.txt"] = _front("Bidi and zero-width", "Unicode Times", "2020-01-07") + (
        "\u202eKhasan\u202c reversed; \u200fPyongyang\u200e marked; Pyong\u200dyang joined; "
        "Vla\u200bdivostok split; Pyo\u0301ngyang accented; Kim’s “train” reached Moscow\u2028next line\u2029"
        " — emoji 🚂🇰🇵🇷🇺 and İstanbul, Straße, ﬁnland.\n")
    files["only-punctuation.txt"] = _front("Only punctuation", "Punct Press", "2020-01-08") + (
        "!?.,;:—–-“”‘’\"'()[]{}…<>&#%*_~`^|/\\\n" * 20)
    files["crlf-line-ends.txt"] = (_front("Windows line ends", "CRLF News", "2020-01-09")
                                   + "KHABAROVSK, Jan. 9 -- Kim reached Khabarovsk.\n\nThen Komsomolsk-on-Amur.\n"
                                   ).replace("\n", "\r\n")
    files["yaml-front-matter.txt"] = ("---\ntitle: \"YAML <script>alert('xss-yaml')</script>\"\n"
                                      "outlet: Yaml Gazette\npublished: 2020-01-10\n---\n"
                                      "Kim crossed from Tumangang to Khasan by train.\n")
    files["long-line.txt"] = _front("One long line", "Wide Wire", "2020-01-11") + (
        "Pyongyang" + "-" * 50_000 + "Moscow " + "x" * 20_000 + "\n")
    files["no-place-names.txt"] = _front("No places", "Quiet Wire", "2020-01-12") + (
        "Nothing here names a place; it is just words about trains and talks.\n")
    # refused inputs
    files["control-characters.txt"] = _front("Control chars", "Ctrl Wire", "2020-02-01") + "Kim\x1b[31m left.\n"
    files["latin1.txt"] = ""   # written as bytes below
    files["bom.txt"] = ""
    files["empty.txt"] = ""
    files["whitespace-only.txt"] = " \n\n\t \n"
    files["front-matter-only.txt"] = _front("No text", "Empty Wire", "2020-02-02")
    files["unclosed-front-matter.txt"] = "+++\ntitle = \"x\"\noutlet = \"y\"\npublished = \"2020-02-03\"\nKim.\n"
    files["bad-toml.txt"] = "+++\ntitle = unquoted <script>\n+++\nKim went to Moscow.\n"
    files["bad-date.txt"] = _front("Bad date", "Date Wire", "2020-02-30") + "Kim went to Moscow.\n"
    files["missing-metadata.txt"] = "Kim went to Moscow without any metadata.\n"
    files["duplicate-of-xss-in-text.txt"] = _front("Same text again", "Copy Wire", "2020-02-04") + _xss_text()
    return files


_BYTES = {
    "latin1.txt": _front("Latin-1", "Latin Wire", "2020-02-05").encode() + "Kim visited Séoul.\n".encode("latin-1"),
    "bom.txt": b"\xef\xbb\xbf" + (_front("BOM", "Bom Wire", "2020-02-06") + "Kim went to Moscow.\n").encode(),
    "empty.txt": b"",
}

ARTICLES: tuple[HostileArticle, ...] = (
    HostileArticle("xss-in-text.txt", "ingest", payloads=XSS_PAYLOADS,
                   places=("pyongyang", "khasan", "vladivostok", "khabarovsk", "moscow")),
    HostileArticle("xss-in-metadata.txt", "ingest", payloads=(
        "<script>alert('xss-title')</script>", "<b onmouseover=alert('xss-outlet')>Evil Outlet</b>",
        "\"><svg onload=alert('xss-byline')>"), places=("vladivostok", "fefu-russky-island", "moscow")),
    HostileArticle("markdown-lookalikes.txt", "ingest", payloads=LOOKALIKES,
                   places=("khasan", "tumangang", "ussuriysk", "harbin", "beijing", "chita", "irkutsk", "omsk",
                           "novosibirsk")),
    HostileArticle("homoglyphs.txt", "ingest", payloads=("Рyongyang", "Ｐｙｏｎｇｙａｎｇ"),
                   places=("pyongyang", "khasan", "moscow")),
    HostileArticle("unicode-controls.txt", "ingest", payloads=("Straße",), places=("khasan", "pyongyang", "moscow")),
    HostileArticle("only-punctuation.txt", "ingest"),
    HostileArticle("crlf-line-ends.txt", "ingest", places=("khabarovsk", "komsomolsk-on-amur")),
    HostileArticle("yaml-front-matter.txt", "ingest", payloads=("YAML <script>alert('xss-yaml')</script>",),
                   places=("tumangang", "khasan")),
    HostileArticle("long-line.txt", "ingest", places=("pyongyang", "moscow")),
    HostileArticle("no-place-names.txt", "ingest"),
    HostileArticle("big-3mb.txt", "ingest", generated=True,
                   places=("pyongyang", "tumangang", "khasan", "vladivostok", "khabarovsk")),
    HostileArticle("ten-thousand-toponyms.txt", "ingest", generated=True,
                   places=("pyongyang", "moscow", "vladivostok", "khasan", "khabarovsk", "harbin", "beijing",
                           "irkutsk", "ulan-ude", "chita")),
    HostileArticle("\"><img src=x onerror=alert('xss-filename')>.txt", "ingest", generated=True,
                   payloads=("\"><img src=x onerror=alert('xss-filename')>.txt",), places=("pyongyang", "vladivostok")),
    HostileArticle("control-characters.txt", "refuse", "control character"),
    HostileArticle("latin1.txt", "refuse", "not valid UTF-8"),
    HostileArticle("bom.txt", "refuse", "byte-order mark"),
    HostileArticle("empty.txt", "refuse", "empty"),
    HostileArticle("whitespace-only.txt", "refuse", "empty"),
    HostileArticle("front-matter-only.txt", "refuse", "no article text"),
    HostileArticle("unclosed-front-matter.txt", "refuse", "never closed"),
    HostileArticle("bad-toml.txt", "refuse", "not valid TOML"),
    HostileArticle("bad-date.txt", "refuse", "does not exist"),
    # no metadata at all: title from the first line, outlet "unknown", date unknown (noted, kept off the timeline)
    HostileArticle("missing-metadata.txt", "ingest", payloads=("Kim went to Moscow without any metadata.",),
                   places=("moscow",)),
    HostileArticle("duplicate-of-xss-in-text.txt", "duplicate", "already in the dataset"),
    HostileArticle("binary-named.txt", "refuse", "binary", generated=True),
    HostileArticle("huge-25mb.txt", "refuse", "limit", generated=True),
)
ACCEPTED = tuple(a for a in ARTICLES if a.expect == "ingest")
REFUSED = tuple(a for a in ARTICLES if a.expect == "refuse")
DUPLICATES = tuple(a for a in ARTICLES if a.expect == "duplicate")


def write_static_files(folder: Path = HOSTILE_DIR) -> None:
    """(Re)write the committed fixture files — run this module as a script after editing the set above."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in _static().items():
        data = _BYTES.get(name)
        (folder / name).write_bytes(data if data is not None else text.encode("utf-8"))


def _generated(name: str) -> bytes:
    if name == "big-3mb.txt":
        paragraph = ("The armoured train of Kim Jong-un rolled from Pyongyang through Tumangang and Khasan to "
                     "Vladivostok, then on to Khabarovsk, while <script>alert('xss-big')</script> stayed text.\n\n")
        return (_front("A 3 MB article", "Big Wire", "2020-03-01") + paragraph * (3_000_000 // len(paragraph))
                ).encode()
    if name == "ten-thousand-toponyms.txt":
        cycle = ["Pyongyang", "Moscow", "Vladivostok", "Khasan", "Khabarovsk", "Harbin", "Beijing", "Irkutsk",
                 "Ulan-Ude", "Chita"]
        names = ", ".join(cycle[i % len(cycle)] for i in range(10_000))
        return (_front("Ten thousand toponyms", "List Wire", "2020-03-02") + f"The route: {names}.\n").encode()
    if name.startswith("\"><img"):
        return (_front("A file named like an attack", "Filename Wire", "2020-03-03")
                + "Kim left Pyongyang for Vladivostok.\n").encode()
    if name == "binary-named.txt":
        return bytes(range(256)) * 64
    if name == "huge-25mb.txt":
        return (_front("Too big", "Huge Wire", "2020-03-04") + "Kim went to Moscow. " * 1_300_000).encode()
    raise KeyError(name)


def materialise(target: Path) -> dict[str, Path]:
    """Copy every corpus file (static and generated) into ``target``; returns file name → path."""
    target.mkdir(parents=True, exist_ok=True)
    out = {}
    for article in ARTICLES:
        path = target / article.name
        if article.generated:
            path.write_bytes(_generated(article.name))
        else:
            shutil.copyfile(HOSTILE_DIR / article.name, path)
        out[article.name] = path
    return out


if __name__ == "__main__":
    write_static_files()
