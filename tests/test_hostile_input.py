"""Whatever a server sends, the parsers and extractors neither raise nor take long.

Property-based (hypothesis): random bytes, and inputs shaped like what each parser expects
(tags, links and text; sitemap XML; robots.txt lines; CSV rows; mutated real PDFs), with a
deadline on every example; then the known attacks, one by one, with their time bound. The
longer coverage-guided fuzzing run is `benchmarks/fuzz.py` (its figures:
benchmarks/README.md).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farm.assets import statement_pdf
from farm.catalogue import Farm
from tests.hostile import PARSERS, html_page, pdf_document, robots, sitemap, targets_csv

EXAMPLES = settings(
    max_examples=60,
    # Generous: a busy machine must not fail an example that is merely slow there.
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- shaped inputs ----------------------------------------------------------------------------

ODD_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc", "Cf")), max_size=80
)
ADDRESSES = st.one_of(
    ODD_TEXT,
    st.sampled_from(
        [
            "javascript:alert(1)", "mailto:mairie@exemple.fr", "tel:+33100000000", "//", "#",
            "data:text/html,<p>x", "http://[::1", "https://www.facebook.com/", "../../../etc",
            "https://www.mairie-exemple.fr/" + "a/" * 500, "http://xn--80ak6aa92e.com/",
            "https://service-public.fr/particuliers/vosdroits/", "?sid=" + "9" * 100,
        ]
    ),
)  # fmt: skip
TAGS = st.sampled_from(
    ["a", "div", "p", "span", "footer", "header", "nav", "main", "time", "form", "input",
     "img", "iframe", "script", "meta", "link", "title", "h1", "li", "table", "td", "button"]
)  # fmt: skip
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["href", "src", "content", "name", "rel", "lang", "alt", "datetime",
                     "action", "type", "class", "id", "property", "http-equiv", "role"]),
    ADDRESSES, max_size=4,
)  # fmt: skip


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, attributes: dict[str, str], inner: list[str]) -> str:
        written = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attributes.items())
        return f"<{tag}{written}>{''.join(inner)}</{tag}>"

    return st.builds(build, TAGS, ATTRIBUTES, st.lists(children, max_size=5))


HTML = st.recursive(ODD_TEXT, _element, max_leaves=60).map(
    lambda body: f"<!doctype html><html lang=fr><head><meta charset=utf-8></head><body>{body}"
)
SITEMAP_ENTRY = st.builds(
    lambda loc, date: f"<url><loc>{loc}</loc><lastmod>{date}</lastmod></url>",
    ADDRESSES, st.one_of(ODD_TEXT, st.dates().map(str)),
)  # fmt: skip
SITEMAPS = st.builds(
    lambda kind, entries: '<?xml version="1.0"?><' + kind
    + ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(entries) + f"</{kind}>",
    st.sampled_from(["urlset", "sitemapindex", "rss"]), st.lists(SITEMAP_ENTRY, max_size=20),
)  # fmt: skip
ROBOTS_LINES = st.lists(
    st.builds(
        lambda field, value: f"{field}: {value}",
        st.sampled_from(["User-agent", "Disallow", "Allow", "Sitemap", "Crawl-delay", "Host",
                         "Request-rate", "user-AGENT", "Disalow"]),
        st.one_of(ODD_TEXT, st.sampled_from(["*", "/", "/*?", "/$", "Vigie", "1/0", "-5"])),
    ),
    max_size=40,
).map("\n".join)  # fmt: skip
CSV_CELLS = st.one_of(ODD_TEXT, st.sampled_from(["75056", "2A004", "-1", "1e9", "", '"', ";"]))
CSV_FILES = st.builds(
    lambda header, rows: header + "".join(",".join(row) + "\n" for row in rows),
    st.sampled_from(["code,name,kind,url,population\n", "CODGEO;LIBGEO;PMUN\n", "x\n", ""]),
    st.lists(st.lists(CSV_CELLS, max_size=6), max_size=30),
)  # fmt: skip


@pytest.mark.parametrize("name", sorted(PARSERS))
@EXAMPLES
@given(data=st.binary(max_size=20_000))
def test_no_parser_fails_on_random_bytes(name: str, data: bytes) -> None:
    assert PARSERS[name](data) >= 0


@EXAMPLES
@given(page=HTML)
def test_the_extractors_read_any_tag_soup(page: str) -> None:
    assert html_page(page.encode("utf-8", "surrogatepass")) >= 0


@EXAMPLES
@given(document=SITEMAPS)
def test_any_sitemap_shaped_document_is_read_or_ignored(document: str) -> None:
    assert sitemap(document.encode("utf-8", "surrogatepass")) >= 0


@EXAMPLES
@given(text=ROBOTS_LINES)
def test_any_robots_txt_is_read(text: str) -> None:
    assert robots(text.encode("utf-8", "surrogatepass")) >= 0


@EXAMPLES
@given(text=CSV_FILES)
def test_a_targets_file_loads_or_names_each_bad_line(text: str) -> None:
    assert targets_csv(text.encode("utf-8", "surrogatepass")) >= 0


REAL_PDF = statement_pdf(next(s for s in Farm(200, 3).sites() if s.statement_path))


@EXAMPLES
@given(st.data())
def test_a_damaged_pdf_gives_its_text_or_none(data: st.DataObject) -> None:
    damaged = bytearray(REAL_PDF)
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(damaged) // 2, len(damaged)))
    assert pdf_document(bytes(damaged[5:cut])) >= 0  # pdf_document puts back "%PDF-"


# --- known attacks ----------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1))) * 10)
        for level in range(1, 10)
    )
    + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc>'
    b"</url></urlset>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
    b"<loc>https://www.mairie-exemple.fr/&secret;</loc></url></urlset>"
)


def _timed(parse: Callable[[bytes], int], data: bytes) -> tuple[int, float]:
    started = time.monotonic()
    result = parse(data)
    return result, time.monotonic() - started


def _pdf_inflating_to(size: int) -> bytes:
    """A PDF whose page content is a Flate stream of about 1 MB that inflates to `size`."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 24)
    stream = packer.compress(b"BT /F1 12 Tf (Bonjour) Tj ET\n")
    stream += b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    document, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return (
        document + b"xref\n0 5\n0000000000 65535 f \n%strailer\n<< /Size 5 /Root 1 0 R >>\n" % table
    )


# Each attack is measured at its full size and at a tenth of it, in the same process: a parser
# that keeps pace with its input takes about ten times as long for ten times the input, one
# that is quadratic a hundred times, one that blows up far more. A ratio, not a wall time, so
# that a slower or busy machine slows both measures alike; the hang bound only catches a parser
# that never ends. The fixed-size attacks (entities) are measured against a plain sitemap.
LINEAR_AT_MOST = 30.0
HANG_SECONDS = 120.0
PLAIN_SITEMAP = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    + b"<url><loc>https://www.mairie-exemple.fr/a</loc></url>" * 10
    + b"</urlset>"
)


@pytest.mark.parametrize(
    ("attack", "parse", "build", "size"),
    [
        ("100,000 nested elements", html_page, lambda n: b"<div>" * n + b"Mairie", 100_000),
        ("a 2 MB word", html_page, lambda n: b"<p>" + b"a" * n + b"</p>", 2_000_000),
        ("50,000 links", html_page, lambda n: b'<a href="/p">Page</a>' * n, 50_000),
        ("10,000 robots wildcards", robots,
         lambda n: b"User-agent: *\n" + b"Disallow: /*a*b*c*d*e$\n" * n, 10_000),
        ("a PDF inflating to 1 GiB", pdf_document,
         lambda n: _pdf_inflating_to(n)[5:], 1 << 30),
    ],
)  # fmt: skip
def test_known_attacks_cost_time_in_proportion_to_their_size(
    attack: str, parse: Callable[[bytes], int], build: Callable[[int], bytes], size: int
) -> None:
    # The reference is the best of three, the machine's pace rather than one of its pauses;
    # a pause during the full measure has three times the linear ratio as slack.
    tenth = min(_timed(parse, build(size // 10))[1] for _ in range(3))
    _, full = _timed(parse, build(size))
    assert full < HANG_SECONDS, f"{attack}: {full:.1f} s"
    # A floor of 50 ms for the reference: under it, timer and scheduler noise dominate.
    assert full < LINEAR_AT_MOST * max(tenth, 0.05), f"{attack}: {full:.2f} s vs {tenth:.3f} s"


@pytest.mark.parametrize(
    ("attack", "document"),
    [("billion laughs", BILLION_LAUGHS), ("external entity", EXTERNAL_ENTITY)],
)
def test_entity_attacks_cost_no_more_than_a_plain_sitemap(attack: str, document: bytes) -> None:
    plain = min(_timed(sitemap, PLAIN_SITEMAP)[1] for _ in range(3))
    _, elapsed = _timed(sitemap, document)
    assert elapsed < LINEAR_AT_MOST * max(plain, 0.05), f"{attack}: {elapsed:.2f} s"


def test_a_sitemap_entity_neither_expands_nor_reads_local_files() -> None:
    from pipelines.extractors.sitemap import read_sitemap

    laughs = read_sitemap("https://www.mairie-exemple.fr/sitemap.xml", BILLION_LAUGHS)
    assert all(len(page) < 1000 for page in laughs.pages)
    secret = read_sitemap("https://www.mairie-exemple.fr/sitemap.xml", EXTERNAL_ENTITY)
    assert not any("root:" in page for page in secret.pages)


FOUND_BY_FUZZING = Path(__file__).parent / "files" / "fuzz"


@pytest.mark.parametrize("found", sorted(FOUND_BY_FUZZING.iterdir()), ids=lambda path: path.stem)
def test_what_fuzzing_found_is_read_without_failing(found: Path) -> None:
    parser = PARSERS[found.name.split("-", 1)[0]]
    assert parser(found.read_bytes()) >= 0
