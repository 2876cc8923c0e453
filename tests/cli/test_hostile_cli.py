"""Hostile input on every verb of the command line, table-driven: each case gives the
arguments and what the user must get back. The rules (README, "When a command fails"):
- a user error exits 2 with one line on stderr that says what is wrong (typer's own usage
  errors, an option out of its range for instance, add its usage box: they name the option);
- `vigie targets import` exits 1 when it rejected records, one line per record;
- no Python traceback, ever, without --debug; an unexpected failure is one line, exit 1;
- a verb that only reads never creates nor changes a database;
- text from names and pages is printed as text, never read as markup.

The cases run in this process through the program's entry point (cli.main.main), fast; the
few that would start a farm or a crawl if the refusal were missing run in their own process.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from cli.main import main
from database import open_database
from database.models import CrawlRun, FindingRow, SiteScan, Website
from database.targets import import_file
from scoring.compute import score_run
from scoring.model import load_model

NOW = datetime(2026, 11, 1, tzinfo=UTC)
SECRET = "s3cr3t-pw"
REFUSED_PG = f"postgresql+psycopg://vigie:{SECRET}@127.0.0.1:1/vigie"
# Names a printer could read as markup, or that hold control characters.
MARKUP_NAMES = {
    "44109": "Nantes [/]",
    "44143": "[bold]Rezé",
    "44162": "Saint-Herblain [link=http://x]",
    "44114": "Orvault :thumbs_up:",
}


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int = 2
    needle: str = ""  # a piece of the message (stderr), case-insensitive
    usage: bool = False  # a usage error of typer: its box may take several lines
    out: str = ""  # a piece of stdout that must be there (exit 0 cases)
    lines: int = 1  # lines on stderr at most, for a non-usage error
    own_process: bool = False


def c(*args: str, **expect: object) -> Case:
    return Case(tuple(args), **expect)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------

READING_VERBS: dict[str, tuple[str, ...]] = {
    "runs": ("runs",),
    "rank": ("rank",),
    "explain": ("explain", "44109"),
    "compliance": ("compliance",),
    "movers": ("movers", "--from", "1", "--to", "1"),
    "territories": ("territories",),
    "query": ("query", "SELECT 1"),
    "export": ("export", "--out", "{tmp}/e.csv"),
    "report": ("report", "--out", "{tmp}/r.pptx"),
    "farm compare": ("farm", "compare", "{truth}"),
    "survey design": ("survey", "design", "--scope", "national", "--out", "{tmp}/q.xlsx"),
    "survey sample": ("survey", "sample", "--scope", "national"),
    "survey simulate": ("survey", "simulate", "--form", "{form}", "--out", "{tmp}/a.csv"),
}
WRITING_VERBS: dict[str, tuple[str, ...]] = {
    "score": ("score",),
    "prune": ("prune",),
    "targets import": ("targets", "import", "{plain}"),
    "crawl": ("crawl",),
    "social": ("social",),
    "social import": ("social", "import", "{declared}"),
    "survey analyse": ("survey", "analyse", "{answers.csv}", "--form", "{form}"),
    "queue seed": ("queue", "seed", "--redis", "redis://127.0.0.1:1/0"),
    "queue status": ("queue", "status", "--redis", "redis://127.0.0.1:1/0"),
    "serve": ("serve",),
}
BAD_DATABASES = {
    "unknown scheme": ("nosuchdb://somewhere/x", "--db"),
    "not a url": ("just some words", "--db"),
    "missing folder": ("sqlite:///{tmp}/no-such-folder/v.db", "no-such-folder"),
    "text file": ("sqlite:///{text}", "not"),
    "directory": ("sqlite:///{dir}", "folder"),
    "foreign sqlite": ("sqlite:///{foreign}", "not a Vigie database"),
    "refused postgresql": (REFUSED_PG, "127.0.0.1"),
}


def database_cases() -> Iterator[tuple[str, Case]]:
    for verb, args in {**READING_VERBS, **WRITING_VERBS}.items():
        for kind, (url, needle) in BAD_DATABASES.items():
            if verb == "serve" and kind in ("refused postgresql", "unknown scheme"):
                needle = "SQLite"
            yield f"{verb} --db {kind}", c(*args, "--db", url, needle=needle)
    for verb, args in READING_VERBS.items():
        # A reading verb never creates a database: the file stays absent.
        yield f"{verb} --db absent file", c(*args, "--db", "sqlite:///{tmp}/absent.db",
                                            needle="no database")  # fmt: skip
    yield "runs on an empty vigie database", c("runs", "--db", "{emptydb}", code=0,
                                               out="No crawl run")  # fmt: skip


MODELS = {
    "nan weight": ("axis_weight", "nan", "weight"),
    "inf weight": ("axis_weight", "inf", "weight"),
    "string weight": ("axis_weight", '"heavy"', "weight"),
    "table weight": ("axis_weight", "{ a = 1 }", "weight"),
    "nan indicator weight": ("indicator_weight", "nan", "weight"),
    "huge indicator weight": ("indicator_weight", "1e400", "weight"),
    "unknown feature": ("feature", '"no.such_feature"', "no.such_feature"),
    "numeric feature": ("feature", "42", "feature"),
    "nan low": ("low", "nan", "low"),
    "string cap": ("cap", '"many"', "cap"),
    "huge draws": ("draws", "1000000000", "draws"),
    "nan coverage": ("coverage", "nan", "coverage"),
    "coverage 2": ("coverage", "2", "coverage"),
    "negative spread": ("spread", "-1", "weight_spread"),
    "nan values": ("values", "nan", "values"),
}
MODEL_VERBS = {
    "score": ("score", "--db", "{scratch}"),
    "rank": ("rank", "--db", "{db}"),
    "explain": ("explain", "44109", "--db", "{db}"),
    "territories": ("territories", "--db", "{db}"),
}


def model_cases() -> Iterator[tuple[str, Case]]:
    for verb, args in MODEL_VERBS.items():
        for name, (_, _, needle) in MODELS.items():
            model = "{model:" + name + "}"
            yield f"{verb} --model {name}", c(*args, "--model", model, needle=needle)
        for kind, needle in (("{missing}", "nope"), ("{dir}", "folder"), ("{binary}", "model"),
                             ("{notutf8}", "UTF-8"), ("{empty}", "axes")):  # fmt: skip
            yield f"{verb} --model {kind}", c(*args, "--model", kind, needle=needle)
    yield "export --model nan", c("export", "--out", "{tmp}/e.csv", "--db", "{db}", "--model",
                                  "{model:nan weight}", needle="weight")  # fmt: skip
    yield "report --model inf", c("report", "--out", "{tmp}/r.pptx", "--db", "{db}", "--model",
                                  "{model:inf weight}", needle="weight")  # fmt: skip


def output_cases() -> Iterator[tuple[str, Case]]:
    places = {"missing folder": ("{tmp}/no-such-folder/", "no-such-folder"),
              "a directory": ("{dir}/", "folder"), "full disk": ("/dev/full", "no space left")}  # fmt: skip
    writers = {
        "rank --csv": (("rank", "--db", "{db}", "--csv"), "x.csv"),
        "compliance --csv": (("compliance", "--db", "{db}", "--csv"), "x.csv"),
        "query --csv": (("query", "SELECT 1", "--db", "{db}", "--csv"), "x.csv"),
        "query --json": (("query", "SELECT 1", "--db", "{db}", "--json"), "x.json"),
        "territories --csv": (("territories", "--db", "{db}", "--csv"), "x.csv"),
        "export --out": (("export", "--db", "{db}", "--format", "csv", "--out"), "x.csv"),
        "export --out parquet": (
            ("export", "--db", "{db}", "--format", "parquet", "--out"),
            "x.parquet",
        ),  # fmt: skip
        "report --out": (("report", "--db", "{db}", "--out"), "x.pptx"),
        "report --xlsx": (
            ("report", "--db", "{db}", "--out", "{tmp}/ok.pptx", "--xlsx"),
            "x.xlsx",
        ),  # fmt: skip
        "report --authority --out": (
            ("report", "--db", "{db}", "--authority", "44109", "--out"),
            "x.pptx",
        ),  # fmt: skip
        "survey design --out": (("survey", "design", "--out"), "q.xlsx"),
        "survey design --doc": (
            ("survey", "design", "--out", "{tmp}/q.xlsx", "--doc"),
            "q.docx",
        ),  # fmt: skip
        "survey sample --csv": (
            (
                "survey",
                "sample",
                "--db",
                "{db}",
                "--scope",
                "departement:44",
                "--communes",
                "2",
                "--csv",
            ),
            "s.csv",
        ),  # fmt: skip
        "survey simulate --out": (
            (
                "survey",
                "simulate",
                "--db",
                "{db}",
                "--form",
                "{form}",
                "--respondents",
                "20",
                "--out",
            ),
            "a.csv",
        ),  # fmt: skip
    }
    for name, (args, file_name) in writers.items():
        for place, (prefix, needle) in places.items():
            target = prefix if prefix == "/dev/full" else prefix + file_name
            if place == "a directory":
                target = "{dir}"
            yield f"{name} in {place}", c(*args, target, needle=needle)
    yield "report --png onto a file", c("report", "--db", "{db}", "--out", "{tmp}/ok.pptx",
                                        "--png", "{text}", needle="folder")  # fmt: skip
    yield "farm generate --out a file", c("farm", "generate", "--sites", "2", "--out", "{text}",
                                          needle="folder")  # fmt: skip
    yield "farm generate --out missing parent", c("farm", "generate", "--sites", "2", "--out",
                                                  "{tmp}/deep/er/farm", code=0)  # fmt: skip
    yield "farm generate --out /dev/full", c("farm", "generate", "--sites", "2", "--out",
                                             "/dev/full", needle="folder")  # fmt: skip


def file_cases() -> Iterator[tuple[str, Case]]:
    inputs = {"missing": "{missing}", "directory": "{dir}", "empty": "{empty}",
              "binary": "{binary}", "not utf-8": "{notutf8}"}  # fmt: skip
    for kind, path in inputs.items():
        yield f"extract {kind}", c("extract", path, "--url", "http://a.fr/",
                                   code=0 if kind in ("empty", "binary", "not utf-8") else 2)  # fmt: skip
        yield f"replay {kind}", c("replay", path, "http://a.fr/")
        yield f"farm compare truth {kind}", c("farm", "compare", path, "--db", "{db}")
        yield f"validate score workbook {kind}", c("validate", "score", path, "--db", "{db}")
        yield f"survey analyse answers {kind}", c("survey", "analyse", path, "--form", "{form}",
                                                  "--db", "{scratch}", code=1 if kind in ("empty", "binary", "not utf-8") else 2,
                                                  lines=20)  # fmt: skip
        yield f"survey analyse form {kind}", c("survey", "analyse", "{text}", "--form", path,
                                               "--db", "{scratch}")  # fmt: skip
        yield f"survey sample margins {kind}", c("survey", "sample", "--margins", path)
        yield f"report scope list {kind}", c("report", "--db", "{db}", "--out", "{tmp}/r.pptx",
                                             "--scope", f"list:{path}")  # fmt: skip
        yield f"export scope list {kind}", c("export", "--db", "{db}", "--out", "{tmp}/e.csv",
                                             "--scope", f"list:{path}")  # fmt: skip
    for kind in ("deep json", "huge json", "json list of numbers"):
        yield f"farm compare truth {kind}", c("farm", "compare", "{" + kind + "}", "--db", "{db}")
    yield "query --param without =", c("query", "SELECT 1", "--db", "{db}", "--param", "x")


TARGET_FILES = {
    "missing": ("{missing}", "no such file", 1),
    "directory": ("{dir}", "folder", 1),
    "empty": ("{empty}", "line 1", 1),
    "binary": ("{binary}", "not UTF-8", 1),
    "not utf-8": ("{notutf8}", "UTF-8", 1),
    "deep json": ("{deep json}", "deep", 1),
    "huge json": ("{huge json}", "JSON", 1),
    "json list of numbers": ("{json list of numbers}", "record 1", 1),
    # The directory export has no population: the key is not read, the record loads.
    "json infinity": ("{json infinity}", "1 loaded", 0),
    "wrong columns": ("{wrong columns}", "unknown CSV format", 1),
    "duplicate code": ("{duplicate code}", "line 2", 1),
    "control character": ("{control character}", "line 2", 1),
    "line separator": ("{line separator}", "line 2", 1),
    "huge population": ("{huge population}", "population", 1),
    "thousand-digit population": ("{thousand-digit population}", "population", 1),
    "NUL byte": ("{NUL byte}", "control character U+0000", 1),
}


def targets_cases() -> Iterator[tuple[str, Case]]:
    for kind, (path, needle, code) in TARGET_FILES.items():
        said = {"out": needle} if code == 0 else {"needle": needle}  # exit 0: on stdout
        yield f"targets import {kind}", c("targets", "import", path, "--db", "{scratch}",
                                          code=code, lines=3, **said)  # fmt: skip


DECLARED_HEADER = "code,platform,url,followers,posts_90d,last_activity,as_of\n"
DECLARED_ROW = "44109,facebook,https://www.facebook.com/nantes,10,,,2026-11-01\n"
# `vigie social import`: the file, what the user must read, the exit status.
DECLARED_FILES = {
    "missing": ("{missing}", "introuvable", 2),
    "directory": ("{dir}", "dossier", 2),
    "a FIFO": ("{fifo}", "ordinaire", 2),
    "/dev/zero": ("/dev/zero", "ordinaire", 2),
    "the database": ("{tmp}/scratch.db", "the database", 2),
    "empty": ("{empty}", "fichier vide", 1),
    "binary": ("{binary}", "pas un fichier CSV", 1),
    "not utf-8": ("{notutf8}", "UTF-8", 1),
    "wrong columns": ("{wrong columns}", "colonnes attendues sont code (ou siren), platform", 1),
    "unknown authority": ("{declared unknown authority}", ":2: code « 99999 »", 1),
    "unknown platform": ("{declared unknown platform}", ":2: plateforme « Myspace »", 1),
    "negative number": ("{declared negative}", ":2: followers « -12 » est négatif", 1),
    "future date": ("{declared future}", ":2: as_of 2999-01-01 est dans le futur", 1),
    "after as_of": ("{declared after as_of}", ":2: last_activity 2026-11-02 est après", 1),
    "duplicate account": ("{declared duplicate}", ":3: le compte", 1),
    "control character": ("{declared control}", ":2: url", 1),
}


def social_import_cases() -> Iterator[tuple[str, Case]]:
    for kind, (path, needle, code) in DECLARED_FILES.items():
        yield f"social import {kind}", c("social", "import", path, "--db", "{scratch}",
                                         code=code, needle=needle,
                                         lines=1 if code == 2 else 3)  # fmt: skip
    yield "social import --run 999", c("social", "import", "{declared}", "--db", "{scratch}",
                                       "--run", "999", needle="999")  # fmt: skip
    yield "social import shows a name with markup", c(
        "social", "import", "{declared markup}", "--db", "{scratch}", code=0,
        out=MARKUP_NAMES["44143"])  # fmt: skip


def number_cases() -> Iterator[tuple[str, Case]]:
    db = ("--db", "{db}")
    usage = {
        "rank --limit -1": ("rank", *db, "--limit", "-1"),
        "validate sample --sites 0": ("validate", "sample", *db, "--sites", "0"),
        "rank --limit nan": ("rank", *db, "--limit", "nan"),
        "score --top -1": ("score", "--db", "{scratch}", "--top", "-1"),
        "movers --limit -5": ("movers", "--from", "1", "--to", "1", *db, "--limit", "-5"),
        "query --limit -1": ("query", "SELECT 1", *db, "--limit", "-1"),
        "farm generate --sites -1": ("farm", "generate", "--sites", "-1", "--out", "{tmp}/f"),
        "farm generate --sites 0": ("farm", "generate", "--sites", "0", "--out", "{tmp}/f"),
        "farm generate --port 70000": ("farm", "generate", "--port", "70000", "--out", "{tmp}/f"),
        "farm generate --port -1": ("farm", "generate", "--port", "-1", "--out", "{tmp}/f"),
        "farm generate --tls-port 65536": (
            "farm",
            "generate",
            "--tls-port",
            "65536",
            "--out",
            "{tmp}/f",
        ),  # fmt: skip
        "survey sample --communes -1": (
            "survey",
            "sample",
            *db,
            "--scope",
            "departement:44",
            "--communes",
            "-1",
        ),  # fmt: skip
        "survey sample --communes 0": (
            "survey",
            "sample",
            *db,
            "--scope",
            "departement:44",
            "--communes",
            "0",
        ),  # fmt: skip
        "survey simulate --respondents -1": (
            "survey",
            "simulate",
            *db,
            "--form",
            "{form}",
            "--respondents",
            "-1",
            "--out",
            "{tmp}/a.csv",
        ),  # fmt: skip
        "survey simulate --respondents 0": (
            "survey",
            "simulate",
            *db,
            "--form",
            "{form}",
            "--respondents",
            "0",
            "--out",
            "{tmp}/a.csv",
        ),  # fmt: skip
        "movers --from -1": ("movers", "--from", "-1", "--to", "1", *db),
        "survey sample --seed -1": (
            "survey",
            "sample",
            *db,
            "--scope",
            "departement:44",
            "--communes",
            "2",
            "--seed",
            "-1",
        ),  # fmt: skip
    }
    for name, args in usage.items():
        yield name, c(*args, usage=True)
    lines = {
        "survey sample --margin nan": (("survey", "sample", "--margin", "nan"), "--margin"),
        "survey sample --confidence inf": (
            ("survey", "sample", "--confidence", "inf"),
            "--confidence",
        ),  # fmt: skip
        "survey sample --margin huge": (("survey", "sample", "--margin", "1e308"), "--margin"),
        "survey sample --population -5": (
            ("survey", "sample", "--population", "-5"),
            "--population",
        ),  # fmt: skip
        "survey sample --population nan": (
            ("survey", "sample", "--population", "nan"),
            "--population",
        ),  # fmt: skip
        "prune --keep-last 0": (("prune", "--db", "{scratch}", "--keep-last", "0"), "latest"),
        "prune --keep-last -1": (("prune", "--db", "{scratch}", "--keep-last", "-1"), "latest"),
        "rank --run -1": (("rank", *db, "--run", "-1"), "-1"),
        "survey sample too many communes": (
            ("survey", "sample", *db, "--scope", "departement:44", "--communes", "500"),
            "fewer",
        ),  # fmt: skip
    }
    for name, (args, needle) in lines.items():
        yield name, c(*args, needle=needle)


def run_cases() -> Iterator[tuple[str, Case]]:
    db = ("--db", "{db}")
    verbs = {
        "rank": ("rank", *db),
        "explain": ("explain", "44109", *db),
        "compliance": ("compliance", *db),
        "territories": ("territories", *db),
        "export": ("export", "--out", "{tmp}/e.csv", *db),
        "report": ("report", "--out", "{tmp}/r.pptx", *db),
        "survey design": (
            "survey",
            "design",
            "--scope",
            "national",
            "--out",
            "{tmp}/q.xlsx",
            *db,
        ),  # fmt: skip
        "farm compare": ("farm", "compare", "{truth}", *db),
        "score": ("score", "--db", "{scratch}"),
    }
    for verb, args in verbs.items():
        yield f"{verb} --run 999", c(*args, "--run", "999", needle="999")
    yield "movers --to 999", c("movers", "--from", "1", "--to", "999", *db, needle="999")
    yield "movers --from 998", c("movers", "--from", "998", "--to", "1", *db, needle="998")


def name_cases() -> Iterator[tuple[str, Case]]:
    db = ("--db", "{db}")
    for code, name in MARKUP_NAMES.items():
        yield f"explain {name}", c("explain", code, *db, code=0, out=name)
        yield f"compliance --authority {name}", c("compliance", *db, "--authority", code,
                                                  code=0, out=name)  # fmt: skip
    shown = {
        "rank": ("rank", *db),
        "score": ("score", "--db", "{scratch}", "--top", "10"),
        "query names": ("query", "SELECT name FROM authorities ORDER BY code", *db),
        "survey sample": (
            "survey",
            "sample",
            *db,
            "--scope",
            "departement:44",
            "--communes",
            "4",
        ),  # fmt: skip
        "movers": ("movers", "--from", "1", "--to", "2", *db),
    }
    for verb, args in shown.items():
        for name in MARKUP_NAMES.values():
            yield f"{verb} shows {name}", c(*args, code=0, out=name)
    for verb, args in {
        "explain": ("explain", "[/]", *db),
        "explain bold": ("explain", "[bold]44109", *db),
        "compliance --authority": ("compliance", *db, "--authority", "[/]"),
        "report --authority": ("report", *db, "--out", "{tmp}/r.pptx", "--authority", "[/]"),
        "explain control": ("explain", "\x1b[31m44109\x07", *db),
        "export --scope": ("export", *db, "--out", "{tmp}/e.csv", "--scope", "[/]"),
        "report --scope": ("report", *db, "--out", "{tmp}/r.pptx", "--scope", "[bold]:44"),
        "survey sample --scope": ("survey", "sample", *db, "--scope", "region:[/]"),
        "territories --by": ("territories", *db, "--by", "[/]"),
        "rank --kind": ("rank", *db, "--kind", "[/]"),
        "rank --stratum": ("rank", *db, "--stratum", "[/]"),
        "crawl --set": ("crawl", "--db", "{scratch}", "--set", "[/]"),
        "crawl --set value": ("crawl", "--db", "{scratch}", "--set", "VIGIE_AXE=[/]"),
        "survey design --scope": (
            "survey",
            "design",
            "--scope",
            "bogus:[/]",
            "--out",
            "{tmp}/q.xlsx",
        ),  # fmt: skip
    }.items():
        yield f"{verb} with markup", c(*args)
    yield "query markup literal", c("query", "SELECT '[/]' AS x", *db, code=0, out="[/]")
    yield "query markup param", c("query", "SELECT :x AS x", *db, "--param", "x=[bold]",
                                  code=0, out="[bold]")  # fmt: skip
    yield "query write refused", c("query", "DELETE FROM authorities", *db, needle="refused")
    yield "query bad sql", c("query", "SELECT * FROM nowhere_[/]", *db, needle="nowhere")
    yield "survey analyse --name markup", c("survey", "analyse", "{text}", "--form", "{form}",
                                            "--db", "{scratch}", "--name", "[/]", code=1,
                                            lines=20)  # fmt: skip
    yield "rank --limit huge", c("rank", *db, "--limit", "9" * 40, code=0, out="ranked")


def own_process_cases() -> Iterator[tuple[str, Case]]:
    yield "accuracy --workdir not vigie's", c("accuracy", "--corpus", "{corpus}", "--sites", "1",
                                              "--workdir", "{precious}", needle="--workdir",
                                              own_process=True)  # fmt: skip
    yield "accuracy --workdir a file", c("accuracy", "--corpus", "{corpus}", "--sites", "1",
                                         "--workdir", "{text}", needle="--workdir",
                                         own_process=True)  # fmt: skip
    yield "accuracy --sites -1", c("accuracy", "--sites", "-1", usage=True, own_process=True)
    yield "demo --sites 0", c("demo", "--sites", "0", usage=True, own_process=True)
    yield "demo --db text", c("demo", "--db", "sqlite:///{text}", "--workdir", "{tmp}/d",
                              needle="not", own_process=True)  # fmt: skip
    yield "demo --db refused", c("demo", "--db", REFUSED_PG, "--workdir", "{tmp}/d",
                                 needle="127.0.0.1", own_process=True)  # fmt: skip
    yield "demo --out missing folder", c("demo", "--db", "sqlite:///{tmp}/demo.db", "--out",
                                         "{tmp}/no-such-folder/d.pptx", "--workdir", "{tmp}/d",
                                         needle="no-such-folder", own_process=True)  # fmt: skip
    yield "farm serve --port 70000", c("farm", "serve", "--port", "70000", usage=True,
                                       own_process=True)  # fmt: skip
    yield "serve --port 70000", c("serve", "--port", "70000", usage=True, own_process=True)
    yield "crawl --budget 0", c("crawl", "--budget", "0", usage=True, own_process=True)
    yield "crawl --workers -2", c("crawl", "--workers", "-2", usage=True, own_process=True)
    yield "farm serve --sites -1", c("farm", "serve", "--sites", "-1", usage=True,
                                     own_process=True)  # fmt: skip
    yield "queue work refused redis", c("queue", "work", "--redis", "redis://127.0.0.1:1/0",
                                        "--run", "1", "--db", "{scratch}", needle="Redis",
                                        own_process=True)  # fmt: skip
    yield "VIGIE_DB refused", c("runs", needle="127.0.0.1", own_process=True)


def probe_cases() -> Iterator[tuple[str, Case]]:
    """What a hostile user found beyond the first table: an output that is the database, its
    write-ahead log, an input or another output; files that never end; huge numbers."""
    scratch_file = "{tmp}/scratch.db"
    for verb, args in (("query", ("query", "SELECT 1", "--csv")), ("rank", ("rank", "--csv")),
                       ("compliance", ("compliance", "--csv")),
                       ("territories", ("territories", "--csv"))):  # fmt: skip
        yield f"{verb} --csv the database", c(*args, scratch_file, "--db", "{scratch}",
                                              needle="the database")  # fmt: skip
    yield "query --json the WAL", c("query", "SELECT 1", "--json", scratch_file + "-wal", "--db",
                                    "{scratch}", needle="the database")  # fmt: skip
    yield "export --out the database", c("export", "--format", "csv", "--out", scratch_file,
                                         "--db", "{scratch}", needle="the database")  # fmt: skip
    yield "export --out its list", c("export", "--format", "csv", "--out", "{list}", "--scope",
                                     "list:{list}", "--db", "{db}", needle="list")  # fmt: skip
    yield "query --csv and --json one file", c("query", "SELECT 1", "--csv", "{tmp}/o.csv",
                                               "--json", "{tmp}/o.csv", "--db", "{db}",
                                               needle="--csv")  # fmt: skip
    yield "report --out and --xlsx one file", c("report", "--out", "{tmp}/x.pptx", "--xlsx",
                                                "{tmp}/x.pptx", "--db", "{db}",
                                                needle="--out")  # fmt: skip
    yield "runs --db a FIFO", c("runs", "--db", "sqlite:///{fifo}", needle="regular file")
    yield "crawl --farm-hosts a FIFO", c("crawl", "--db", "{scratch}", "--farm-hosts", "{fifo}",
                                         needle="regular file")  # fmt: skip
    yield "crawl --farm-hosts /dev/zero", c("crawl", "--db", "{scratch}", "--farm-hosts",
                                            "/dev/zero", needle="regular file")  # fmt: skip
    yield "score --model nested 5000 deep", c("score", "--db", "{scratch}", "--model",
                                              "{deep toml}", needle="nested")  # fmt: skip
    yield "score --model with a BOM", c("score", "--db", "{scratch}", "--model", "{bom toml}",
                                        needle="BOM")  # fmt: skip
    huge = "99999999999999999999"
    yield "score --run huge", c("score", "--run", huge, "--db", "{scratch}", needle="large")
    yield "explain --run huge", c("explain", "44109", "--run", huge, "--db", "{db}",
                                  needle="large")  # fmt: skip
    yield "movers --to huge", c("movers", "--from", "1", "--to", huge, "--db", "{db}",
                                needle="large")  # fmt: skip
    yield "crawl --resume huge", c("crawl", "--resume", huge, "--db", "{scratch}",
                                   needle="large")  # fmt: skip
    yield "rank --kind empty", c("rank", "--kind", "", "--db", "{db}", needle="kind")
    yield "rank --kind alien", c("rank", "--kind", "alien", "--db", "{db}", needle="kind")
    yield "runs --db empty", c("runs", "--db", "", needle="--db")
    yield "explain a 20,000-character code", c("explain", "é" * 20_000, "--db", "{db}",
                                               needle="characters")  # fmt: skip


CASES = dict(
    [
        *probe_cases(),
        *database_cases(),
        *model_cases(),
        *output_cases(),
        *file_cases(),
        *targets_cases(),
        *social_import_cases(),
        *number_cases(),
        *run_cases(),
        *name_cases(),
        *own_process_cases(),
    ]
)


def test_the_table_is_wide() -> None:
    assert len(CASES) >= 200
    verbs = {case.args[0] for case in CASES.values()}
    assert verbs >= {"runs", "rank", "explain", "compliance", "movers", "territories", "query",
                     "export", "report", "score", "prune", "targets", "crawl", "social",
                     "survey", "queue", "serve", "farm", "extract", "replay", "accuracy",
                     "demo"}  # fmt: skip


# ---------------------------------------------------------------------------------------
# The fixtures, built once
# ---------------------------------------------------------------------------------------

BASE_MODEL = """version = "hostile-1"
[uncertainty]
draws = 20
seed = 1
[[axes]]
key = "trust"
label = "Confiance"
weight = 1.0
[[indicators]]
key = "notice"
label = "Mentions"
axis = "trust"
feature = "legal.notice_url"
measure = "presence"
weight = 1.0
[[indicators]]
key = "readability"
label = "Lisibilité"
axis = "trust"
feature = "readability.kandel_moles"
measure = "number"
low = 20.0
high = 70.0
weight = 1.0
[[indicators]]
key = "mention"
label = "Mention"
axis = "trust"
feature = "a11y.mention"
measure = "value"
values = { totalement = 1.0, non = 0.0 }
weight = 1.0
"""


def hostile_model(where: str, value: str) -> str:
    replacements = {
        "axis_weight": (
            'label = "Confiance"\nweight = 1.0',
            f'label = "Confiance"\nweight = {value}',
        ),
        "indicator_weight": (
            'measure = "presence"\nweight = 1.0',
            f'measure = "presence"\nweight = {value}',
        ),  # fmt: skip
        "feature": ('feature = "legal.notice_url"', f"feature = {value}"),
        "low": ("low = 20.0", f"low = {value}"),
        "cap": ('measure = "presence"\n', f'measure = "presence"\ncap = {value}\n'),
        "draws": ("draws = 20", f"draws = {value}"),
        "coverage": ("seed = 1", f"seed = 1\ncoverage = {value}"),
        "spread": ("seed = 1", f"seed = 1\nweight_spread = {value}"),
        "values": ("totalement = 1.0", f"totalement = {value}"),
    }
    old, new = replacements[where]
    assert old in BASE_MODEL
    return BASE_MODEL.replace(old, new, 1)


def plain_csv(rows: list[str]) -> str:
    return "code,name,kind,url,population\n" + "".join(row + "\n" for row in rows)


def write_inputs(folder: Path) -> dict[str, str]:
    files: dict[str, bytes | str] = {
        "text": "hello, not a database\n",
        "empty": "",
        "binary": bytes(range(256)) * 8,
        "notutf8": b"code,name,kind,url,population\n44109,Nant\xe9s,commune,,10\n",
        "deep json": "[" * 100_000 + "]" * 100_000,
        "huge json": '[{"nom": ' + "9" * 5000 + "}]",
        "json list of numbers": "[1, 2, 3]",
        "json infinity": '[{"nom": "Mairie - X", "code_insee_commune": "44109", '
        '"pivot": [{"type_service_local": "mairie"}], "population": 1e999}]',
        "wrong columns": "a,b,c\n1,2,3\n",
        "duplicate code": plain_csv(["44109,Nantes,commune,,10", "44109,Nantes bis,commune,,20"]),
        "control character": plain_csv(["44109,Nan\x07tes,commune,,10", "44143,Rezé,commune,,5"]),
        "line separator": plain_csv(["44109,Nan\u2028tes,commune,,10", "44143,Rezé,commune,,x"]),
        "huge population": plain_csv(["44109,Nantes,commune,," + "9" * 30]),
        "thousand-digit population": plain_csv(["44109,Nantes,commune,," + "9" * 5000]),
        "NUL byte": plain_csv(["44109,Nan\x00tes,commune,,10"]),
        "plain": plain_csv(["44109,Nantes,commune,,10"]),
        "answers.csv": "a,b\n1,2\n",
        "declared": DECLARED_HEADER + DECLARED_ROW,
        "declared unknown authority": DECLARED_HEADER + DECLARED_ROW.replace("44109", "99999"),
        "declared unknown platform": DECLARED_HEADER
        + DECLARED_ROW.replace("facebook,", "Myspace,"),
        "declared negative": DECLARED_HEADER + DECLARED_ROW.replace(",10,", ",-12,"),
        "declared future": DECLARED_HEADER + DECLARED_ROW.replace("2026-11-01", "2999-01-01"),
        "declared after as_of": DECLARED_HEADER
        + DECLARED_ROW.replace(",,2026", ",2026-11-02,2026"),
        "declared duplicate": DECLARED_HEADER
        + DECLARED_ROW
        + DECLARED_ROW.replace("nantes", "Nantes/"),
        "declared control": DECLARED_HEADER + DECLARED_ROW.replace("/nantes", "/\x1b[31mnantes"),
        "declared markup": DECLARED_HEADER + DECLARED_ROW.replace("44109", "44143"),
    }
    paths: dict[str, str] = {}
    for name, content in files.items():
        path = folder / (name.replace(" ", "-") + (".json" if "json" in name else ""))
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths[name] = str(path)
    (folder / "a-folder").mkdir()
    paths["dir"] = str(folder / "a-folder")
    paths["missing"] = str(folder / "nope.txt")
    for name, (where, value, _) in MODELS.items():
        path = folder / f"model-{name.replace(' ', '-')}.toml"
        path.write_text(hostile_model(where, value), encoding="utf-8")
        paths[f"model:{name}"] = str(path)
    return paths


def build_database(folder: Path) -> str:
    """A small Vigie database: communes of Loire-Atlantique named with markup, two runs,
    findings, scores with the bundled model."""
    targets = folder / "communes.csv"
    rows = [f"{code},{name},commune,http://{code}.fr/,{1000 + index * 5000}"
            for index, (code, name) in enumerate(MARKUP_NAMES.items())]  # fmt: skip
    targets.write_text(plain_csv(rows), encoding="utf-8")
    url = f"sqlite:///{folder / 'vigie.db'}"
    engine = open_database(url)
    assert not import_file(engine, targets).errors
    with engine.begin() as connection:
        pairs = connection.execute(Website.__table__.select()).all()
        for run in (1, 2):
            connection.execute(insert(CrawlRun).values(
                id=run, started_at=NOW, finished_at=NOW, status="finished", settings={},
                targets_count=len(pairs)))  # fmt: skip
            for website in pairs:
                connection.execute(insert(SiteScan).values(
                    run_id=run, authority_id=website.authority_id, website_id=website.id,
                    status="ok", finished_at=NOW))  # fmt: skip
                features = {"legal.notice_url": f"{website.url}ml", "a11y.mention": "non"}
                if (website.authority_id + run) % 2:
                    features["a11y.mention"] = "totalement"
                for feature, value in features.items():
                    connection.execute(insert(FindingRow).values(
                        run_id=run, authority_id=website.authority_id, website_id=website.id,
                        feature=feature, value=value, evidence_url=website.url,
                        snippet="<a>[/]</a>", detector="t/1"))  # fmt: skip
    for run in (1, 2):
        score_run(engine, run, load_model(), now=NOW)
    engine.dispose()
    return url


@dataclass
class Fixtures:
    folder: Path
    values: dict[str, str]


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Fixtures:
    folder = tmp_path_factory.mktemp("hostile")
    values = write_inputs(folder)
    values["db"] = build_database(folder)
    empty = open_database(f"sqlite:///{folder / 'empty.db'}")
    empty.dispose()
    values["emptydb"] = f"sqlite:///{folder / 'empty.db'}"
    with sqlite3.connect(folder / "foreign.db") as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO customers (name) VALUES ('Ada')")
    connection.close()
    values["foreign"] = str(folder / "foreign.db")
    farm = folder / "farm"
    assert main_result(["farm", "generate", "--sites", "3", "--out", str(farm)])[0] == 0
    values["truth"] = str(farm / "truth.json")
    form = folder / "questionnaire.xlsx"
    assert main_result(["survey", "design", "--out", str(form)])[0] == 0
    values["form"] = str(form)
    values["corpus"] = str(Path(__file__).resolve().parents[3] / "shared" / "corpus")
    os.mkfifo(folder / "fifo.db")  # SQLite, or a hosts file reader, would wait on it for ever
    values["fifo"] = str(folder / "fifo.db")
    (folder / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    values["deep toml"] = str(folder / "deep.toml")
    default_model = Path(__file__).resolve().parents[2] / "scoring" / "model.toml"
    bom = "\ufeff" + default_model.read_text(encoding="utf-8")
    (folder / "bom.toml").write_text(bom, encoding="utf-8")
    values["bom toml"] = str(folder / "bom.toml")
    (folder / "list.txt").write_text("44109\n", encoding="utf-8")
    values["list"] = str(folder / "list.txt")
    return Fixtures(folder, values)


# ---------------------------------------------------------------------------------------
# Running a case
# ---------------------------------------------------------------------------------------


def main_result(arguments: list[str]) -> tuple[int | None, str, str, BaseException | None]:
    """Exit status, stdout, stderr and the exception that escaped the entry point, if any
    (which the user would have seen as a traceback)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["vigie", *arguments]
    escaped: BaseException | None = None
    code: int | None = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) or exit_.code is None else 1
        code = code or 0
    except BaseException as error:  # noqa: BLE001 - what escaped is what is measured
        escaped, code = error, None
    finally:
        sys.argv = saved
    return code, out.getvalue(), err.getvalue(), escaped


def fill(text: str, values: dict[str, str], tmp: Path) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text.replace("{tmp}", str(tmp))


def digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_own_process(arguments: list[str], tmp: Path, env: dict[str, str]) -> tuple[int, str, str]:
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cli.main", *arguments],
            capture_output=True, text=True, timeout=90, cwd=tmp,
            env={**os.environ, **env},
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return -1, "", "TIMEOUT: the command did not refuse within 90 s"
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(
    name: str, fixtures: Fixtures, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[name]
    values = dict(fixtures.values)
    if any("{scratch}" in argument for argument in case.args):
        scratch = tmp_path / "scratch.db"
        source = sqlite3.connect(Path(values["db"].removeprefix("sqlite:///")))
        target = sqlite3.connect(scratch)
        source.backup(target)
        source.close()
        target.close()
        values["scratch"] = f"sqlite:///{scratch}"
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work", encoding="utf-8")
    values["precious"] = str(precious)
    arguments = [fill(argument, values, tmp_path) for argument in case.args]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VIGIE_DB", raising=False)
    foreign = digest(values["foreign"])
    if case.own_process:
        env = {"VIGIE_DB": REFUSED_PG} if name == "VIGIE_DB refused" else {}
        status, out, err = run_own_process(arguments, tmp_path, env)
        code: int | None = status
        escaped = None
    else:
        code, out, err, escaped = main_result(arguments)
    shown = f"exit {code}\n--- stdout\n{out[-2000:]}\n--- stderr\n{err[-3000:]}"
    assert escaped is None, f"TRACEBACK {type(escaped).__name__}: {escaped}\n{shown}"
    assert "Traceback" not in out + err, f"TRACEBACK\n{shown}"
    assert code == case.code, f"{'SILENT' if code == 0 else 'CODE'}: wanted {case.code}\n{shown}"
    assert SECRET not in out + err, "PASSWORD shown"
    assert digest(values["foreign"]) == foreign, "SILENT: another program's database changed"
    assert not (tmp_path / "absent.db").exists(), "SILENT: a reading verb created a database"
    assert (precious / "thesis.tex").exists(), "SILENT: a folder not Vigie's was emptied"
    if case.code == 0:
        # A table may wrap a long name: each of its words must be there, as written.
        assert all(word in out for word in case.out.split()), (
            f"MESSAGE: {case.out!r} not printed as text\n{shown}"
        )
        return
    assert err.strip(), f"MESSAGE: nothing on stderr\n{shown}"
    assert "\x1b" not in err, f"MESSAGE: a control character sent to the terminal\n{shown}"
    if case.usage:
        assert "Usage" in err or "Error" in err or "Invalid value" in err, f"MESSAGE\n{shown}"
        return
    lines = err.strip().splitlines()
    assert len(lines) <= case.lines, f"MESSAGE: {len(lines)} lines on stderr\n{shown}"
    assert case.needle.lower() in err.lower(), f"MESSAGE: {case.needle!r} not said\n{shown}"
    assert "internal error" not in err, f"MESSAGE: a user error reported as internal\n{shown}"


# ---------------------------------------------------------------------------------------
# The boundary itself
# ---------------------------------------------------------------------------------------


def test_an_unexpected_failure_is_one_line_exit_1(monkeypatch: pytest.MonkeyPatch,
                                                 fixtures: Fixtures) -> None:  # fmt: skip
    import scoring.ranking

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(scoring.ranking, "rank", broken)
    code, _, err, escaped = main_result(["rank", "--db", fixtures.values["db"]])
    assert escaped is None
    assert code == 1
    assert err.strip().splitlines() == [
        "vigie: internal error: RuntimeError: a bug over two lines; run again with --debug "
        "to see where, and report it"
    ]
    code, _, err, _ = main_result(["--debug", "rank", "--db", fixtures.values["db"]])
    assert code == 1
    assert "Traceback" in err
    assert "RuntimeError: a bug" in err
    code, _, err, _ = main_result(["rank", "--db", fixtures.values["db"], "--debug"])
    assert code == 1
    assert "Traceback" in err


def test_debug_shows_the_traceback_of_a_user_error_too(fixtures: Fixtures) -> None:
    code, _, err, _ = main_result(["--debug", "runs", "--db", "sqlite:///" +
                                   fixtures.values["text"]])  # fmt: skip
    assert code == 2
    assert "Traceback" in err


def test_the_real_entry_point_and_vigie_debug(fixtures: Fixtures, tmp_path: Path) -> None:
    program = Path(sys.executable).with_name("vigie")
    bad = f"sqlite:///{fixtures.values['text']}"
    result = subprocess.run([str(program), "runs", "--db", bad], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("vigie: ")
    debug = subprocess.run([str(program), "runs", "--db", bad], capture_output=True, text=True,
                           timeout=60, cwd=tmp_path, env={**os.environ, "VIGIE_DEBUG": "1"})  # fmt: skip
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr
    wrong = subprocess.run([str(program), "runs"], capture_output=True, text=True, timeout=60,
                           cwd=tmp_path, env={**os.environ, "VIGIE_DEBUG": "sometimes"})  # fmt: skip
    assert wrong.returncode == 2
    assert "VIGIE_DEBUG" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1


def test_interrupted_is_130(fixtures: Fixtures, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.ranking

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(scoring.ranking, "rank", interrupted)
    code, _, err, escaped = main_result(["rank", "--db", fixtures.values["db"]])
    assert escaped is None
    assert code == 130
    # typer turns the KeyboardInterrupt into an exit 130 of its own, silently: the boundary
    # recognises it in that exit's chain and says what happened.
    assert err.strip().splitlines() == ["vigie: interrupted"]


def test_json_fixture_is_what_it_says(fixtures: Fixtures) -> None:
    with pytest.raises(RecursionError):
        json.loads(Path(fixtures.values["deep json"]).read_text(encoding="utf-8"))


def test_accuracy_empties_only_a_folder_it_made(tmp_path: Path) -> None:
    from evaluation.accuracy import WORKDIR_MARK, WorkdirError, check_workdir, fresh_workdir

    check_workdir(tmp_path / "new")  # absent: made
    (tmp_path / "empty").mkdir()
    check_workdir(tmp_path / "empty")
    fresh_workdir(tmp_path / "ours")
    (tmp_path / "ours" / "accuracy.db").write_text("x", encoding="utf-8")
    check_workdir(tmp_path / "ours")  # marked: may be emptied again
    fresh_workdir(tmp_path / "ours")
    assert sorted(p.name for p in (tmp_path / "ours").iterdir()) == [WORKDIR_MARK]
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "thesis.tex").write_text("x", encoding="utf-8")
    with pytest.raises(WorkdirError, match="did not make"):
        fresh_workdir(tmp_path / "theirs")
    assert (tmp_path / "theirs" / "thesis.tex").exists()
    with pytest.raises(WorkdirError, match="it is a file"):
        check_workdir(tmp_path / "theirs" / "thesis.tex")
