"""The coded comments' quotes in a JSON file beside the answers: residents' own words (even
anonymised) stay out of the shared database; `vigie report --survey-comments` reads them."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from survey.comments import CommentCoding


def write_quotes(codings: dict[str, CommentCoding], survey: str, path: Path) -> Path:
    """The codings (counts, quotes per theme and quadrant), whole survey and areas, as JSON."""
    document = {"enquete": survey, "codages": {area: asdict(c) for area, c in codings.items()}}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_quotes(path: Path) -> tuple[str, dict[str, CommentCoding]]:
    """The survey's name and codings a `write_quotes` file holds; ValueError if it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        codings = {area: CommentCoding(**found) for area, found in document["codages"].items()}
        return str(document["enquete"]), codings
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"{path}: not a comments file of `vigie survey analyse` ({error})"
        ) from error
