"""A coverage-guided fuzzing run (atheris, libFuzzer) of every parser a crawl feeds.

Usage: .venv/bin/python benchmarks/fuzz.py [--seconds 120] [--parser html ...] [--keep DIR]
       (needs `pip install atheris`; not a project dependency)

Each parser of `tests/hostile.py` (HTML page with every extractor, PDF, sitemap, robots.txt,
URL, targets CSV and JSON) is fuzzed in its own process for `--seconds`, from a seed corpus of
real inputs (farm pages, its robots.txt, sitemap and statement PDF, targets files), with
libFuzzer's per-input timeout of 5 s and a memory limit of 2 GB. Any exception is a crash;
an input slower than the timeout, or over the memory limit, is one too. Printed per parser:
runs, seconds, corpus growth, the slowest input seen, and what was found (the inputs are
kept under --keep to be replayed).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PER_INPUT_TIMEOUT = 5
# The pure-Python libraries a parser hands its input to, instrumented with the project.
THIRD_PARTY = {"robots": ["protego"], "pdf": ["pypdf"], "sitemap": ["scrapy.utils.sitemap"]}
RSS_LIMIT_MB = 2048


def seed_corpus(parser: str, folder: Path) -> None:
    """Real inputs of the parser's kind, for libFuzzer to start from."""
    from farm.assets import robots_txt, sitemap_xml, statement_pdf
    from farm.catalogue import Farm
    from farm.pages import page_html

    farm = Farm(60, 949, 8000, 8001)
    sites = [site for site in farm.sites() if site.host]
    seeds: list[bytes] = []
    if parser == "html":
        for site in sites[:15]:
            for path in ("/", "/contact", "/demarches", "/mentions-legales"):
                page = page_html(farm, site, path)
                if page:
                    seeds.append(page.encode("utf-8", "xmlcharrefreplace"))
    elif parser == "pdf":
        seeds = [statement_pdf(s)[5:] for s in sites if s.statement_path][:5]
    elif parser == "sitemap":
        seeds = [sitemap_xml(farm, s).encode() for s in sites if s.sitemap][:5]
    elif parser == "robots":
        seeds = [robots_txt(farm, s).encode() for s in sites[:10]]
    elif parser == "url":
        seeds = [farm.base_url(s).encode() for s in sites[:10]]
    elif parser == "targets_csv":
        seeds = [b"code,name,kind,url,population\n75056,Paris,commune,https://paris.fr/,2100000\n"]
        seeds.append(b"CODGEO;LIBGEO;PMUN2021\n01001;L'Abergement;832\n")
    elif parser == "targets_json":
        seeds = [
            b'{"service": [{"nom": "Mairie - Paris", "code_insee_commune": "75056",'
            b' "type_organisme": "Mairie", "site_internet": [{"valeur": "https://paris.fr"}]}]}'
        ]
    for number, seed in enumerate(seeds):
        (folder / f"seed-{number}").write_bytes(seed)


def child(parser: str, corpus: Path, artifacts: Path, seconds: int) -> None:
    import atheris

    # Only the project's code is instrumented: instrumenting Scrapy, Twisted and the rest on
    # import costs minutes and guides the fuzzer through code that is not ours.
    with atheris.instrument_imports(
        include=["crawler", "pipelines", "spiders", "tests", *THIRD_PARTY.get(parser, [])]
    ):
        from tests.hostile import PARSERS
    parse = PARSERS[parser]
    atheris.Setup(
        [
            sys.argv[0],
            str(corpus),
            f"-max_total_time={seconds}",
            f"-timeout={PER_INPUT_TIMEOUT}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-artifact_prefix={artifacts}/",
            "-max_len=200000",
            "-print_final_stats=1",
        ],
        lambda data: parse(data),
    )
    atheris.Fuzz()


def fuzz(parser: str, seconds: int, work: Path) -> dict[str, str]:
    corpus, artifacts = work / parser / "corpus", work / parser / "found"
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    seed_corpus(parser, corpus)
    seeds = len(list(corpus.iterdir()))
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, __file__, "--child", parser, "--corpus", str(corpus)]
        + ["--artifacts", str(artifacts), "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=seconds + 600,
    )
    log = run.stderr
    (work / parser / "fuzz.log").write_text(log)
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    slowest = re.findall(r"Slowest unit: (\d+) s", log)
    found = sorted(path.name for path in artifacts.iterdir())
    crash = re.search(r"^(=+ Uncaught Python exception: =+\n.*?)(?:\n\n|$)", log, re.M | re.S)
    return {
        "parser": parser,
        "runs": runs[-1] if runs else "?",
        "seconds": f"{time.monotonic() - started:.0f}",
        "corpus": f"{seeds} -> {len(list(corpus.iterdir()))}",
        "slowest": f"{max(map(int, slowest))} s" if slowest else f"< {PER_INPUT_TIMEOUT} s",
        "found": ", ".join(found) or "nothing",
        "first crash": crash.group(1).splitlines()[1][:200] if crash else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="per parser")
    parser.add_argument("--parser", action="append", help="default: all")
    parser.add_argument("--keep", type=Path, help="keep corpora, logs and findings here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--artifacts", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.corpus, arguments.artifacts, arguments.seconds)
        return
    from tests.hostile import PARSERS

    chosen = arguments.parser or sorted(PARSERS)
    with tempfile.TemporaryDirectory() as scratch:
        work = arguments.keep or Path(scratch)
        for name in chosen:
            result = fuzz(name, arguments.seconds, work)
            print(
                "  ".join(f"{key}: {value}" for key, value in result.items() if value), flush=True
            )


if __name__ == "__main__":
    main()
