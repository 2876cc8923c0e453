"""The codebook of the data package, generated, never copied by hand: the feature keys the
crawl stores (`scoring.model.KNOWN_FEATURES`, one `social.<platform>` per platform of
`database.vocabulary`), their French labels (`reports.labels`), their cardinality, meaning
and detector read from the table of docs/features.md, the French labels of the closed
vocabularies' values (`database.vocabulary`), and the scan statuses (`database.statuses`).
A key found in the data but in none of these is listed too, saying so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from database.statuses import NOT_MEASURED, SCAN_STATUSES
from database.vocabulary import BOOLEAN_FEATURES, SOCIAL_PLATFORMS, VALUE_LABELS, YES_NO
from reports.labels import feature_label
from scoring.model import KNOWN_FEATURES

FEATURES_DOC = Path(__file__).resolve().parents[1] / "docs" / "features.md"
# A row of the features table: | `key` | type | value | detector |
FEATURE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|(.*)\|([^|]*)\|\s*$")
SOCIAL_ROW = "social.<platform>"
UNDOCUMENTED = "not in this version's feature documentation"


def documented_features(path: Path = FEATURES_DOC) -> dict[str, tuple[str, str, str]]:
    """Feature key (or `social.<platform>`) -> (cardinality, meaning, detector), read from
    the table of docs/features.md; empty when the documentation is not beside the code (an
    installed package without its docs)."""
    if not path.is_file():
        return {}
    rows: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = FEATURE_ROW.match(line)
        if row is not None:
            key, cardinality, meaning, detector = (part.strip() for part in row.groups())
            rows.setdefault(key, (cardinality, _plain(meaning), _plain(detector)))
    return rows


def _plain(text: str) -> str:
    """A Markdown cell as plain text: no backquotes."""
    return text.replace("`", "").strip()


def feature_keys(documented: Iterable[str], found: Iterable[str] = ()) -> list[str]:
    """Every feature key the crawl stores or the documentation lists, with those of the
    data, sorted."""
    social = {f"social.{platform}" for platform in SOCIAL_PLATFORMS}
    listed = set(documented) - {SOCIAL_ROW}
    return sorted(KNOWN_FEATURES | social | listed | set(found))


def codebook_rows(found: Iterable[str] = ()) -> Iterator[tuple[str, ...]]:
    """(feature, family, label_fr, cardinality, meaning, detector) of each feature key."""
    documented = documented_features()
    for key in feature_keys(documented, found):
        row = documented.get(key) or (
            documented.get(SOCIAL_ROW) if key.startswith("social.") else None
        )
        cardinality, meaning, detector = row or ("", UNDOCUMENTED, "")
        yield key, key.split(".")[0], feature_label(key), cardinality, meaning, detector


def value_rows(features: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(feature, value, label_fr) of each value of a closed vocabulary, for these features."""
    for feature in sorted(set(features)):
        labels = dict(VALUE_LABELS.get(feature, {}))
        if feature in BOOLEAN_FEATURES:
            labels.setdefault("true", YES_NO["true"])
        for value in sorted(labels):
            yield feature, value, labels[value]


def status_rows() -> Iterator[tuple[object, ...]]:
    """(status, label_fr, meaning_fr, features_read, crawl_failed) of each scan status."""
    for code, status in SCAN_STATUSES.items():
        yield code, status.label, status.meaning, code == "ok", code in NOT_MEASURED
