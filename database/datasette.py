"""`vigie serve`: the feature database in Datasette, read-only, described from the data
dictionary (docs/schema.md, docs/views.md) and with the common questions as canned queries."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from database.questions import QUESTIONS

DOCS = Path(__file__).resolve().parents[1] / "docs"
DICTIONARIES = ("schema.md", "views.md")
CELL_NAMES = re.compile(r"`(\w+)`")


def data_dictionary(docs: Path = DOCS) -> dict[str, dict[str, Any]]:
    """Table or view -> {"description": text, "columns": {column: meaning}}, read from the
    Markdown dictionaries ("## name", a paragraph, then a table whose first cell names the
    column(s) in backquotes and whose last cell says what it holds)."""
    tables: dict[str, dict[str, Any]] = {}
    for name in DICTIONARIES:
        path = docs / name
        if not path.is_file():
            continue
        current: dict[str, Any] | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            heading = re.match(r"^## (\w+)$", line)
            if heading:
                current = tables[heading[1]] = {"description": "", "columns": {}}
            elif current is None:
                continue
            elif line.startswith("|"):
                cells = [cell.strip() for cell in line.strip("|").split("|")]
                for column in CELL_NAMES.findall(cells[0]):
                    current["columns"][column] = cells[-1].replace("`", "")
            elif line.strip() and not current["columns"]:
                current["description"] = f"{current['description']} {line.strip()}".strip()
    return tables


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for a database file named `database` (its stem)."""
    return {
        "title": "Vigie: la présence numérique des collectivités",
        "description": "Feature database of Vigie, read-only. Tables and columns are described"
        " from docs/schema.md and docs/views.md; canned queries answer the common questions.",
        "databases": {
            database: {
                "tables": data_dictionary(),
                "queries": {
                    q.name: {"title": q.title, "description": q.description, "sql": q.sql}
                    for q in QUESTIONS
                },
            }
        },
    }


# A Datasette plugin (written beside the metadata, loaded with --plugins-dir): every
# connection Datasette opens to the served file refuses writes, its write connection too,
# which Datasette would open read-write for a canned query marked `write` (there is none).
READ_ONLY_PLUGIN = """from datasette import hookimpl


@hookimpl
def prepare_connection(conn, database):
    if database == {database!r}:
        conn.execute("PRAGMA query_only = 1")
"""


def datasette_command(database_file: Path, folder: Path, host: str, port: int) -> list[str]:
    """Datasette on the file, bound to `host`, in its normal mode on a file that changes: its
    reading connections open it read-only (`?mode=ro`) and see each transaction a crawl
    commits, write-ahead log included. Not `--immutable`, which promises SQLite that the
    file never changes: during a crawl that gave stale counts and "database disk image is
    malformed". `folder` receives the metadata and the read-only plugin."""
    metadata_file = folder / "metadata.json"
    metadata_file.write_text(json.dumps(metadata(database_file.stem), indent=2), encoding="utf-8")
    plugins = folder / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "vigie_read_only.py").write_text(
        READ_ONLY_PLUGIN.format(database=database_file.stem), encoding="utf-8"
    )
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(database_file),
        "--metadata",
        str(metadata_file),
        "--plugins-dir",
        str(plugins),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]
