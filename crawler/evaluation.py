"""Comparing a crawl run with a farm's ground truth: status agreement, precision and recall."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from crawler.db.models import Authority, Finding, SiteScan


def family(feature: str) -> str:
    return feature.split(".", 1)[0]


@dataclass
class FamilyScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Evaluation:
    sites: int = 0
    status_agreements: int = 0
    status_mismatches: list[tuple[str, str, str]] = field(default_factory=list)  # code, want, got
    families: dict[str, FamilyScore] = field(default_factory=lambda: defaultdict(FamilyScore))
    errors: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # code, kind, feature, value


def evaluate(engine: Engine, run_id: int, truth: dict[str, Any]) -> Evaluation:
    with engine.connect() as connection:
        statuses = {
            (kind, code): status
            for kind, code, status in connection.execute(
                select(Authority.kind, Authority.code, SiteScan.status)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == run_id)
            )
        }
        found: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for kind, code, feature, value in connection.execute(
            select(Authority.kind, Authority.code, Finding.feature, Finding.value)
            .join(Finding, Finding.authority_id == Authority.id)
            .where(Finding.run_id == run_id)
        ):
            found[(kind, code)].add((feature, value))
    result = Evaluation()
    for site in truth["sites"]:
        key = (site["kind"], site["code"])
        result.sites += 1
        got_status = statuses.get(key, "not scanned")
        if got_status == site["status"]:
            result.status_agreements += 1
        else:
            result.status_mismatches.append((site["code"], site["status"], got_status))
        expected = {(f["feature"], f["value"]) for f in site["findings"]}
        for feature, value in expected | found[key]:
            score = result.families[family(feature)]
            if (feature, value) in expected and (feature, value) in found[key]:
                score.true_positives += 1
            elif (feature, value) in expected:
                score.false_negatives += 1
                result.errors.append((site["code"], "missed", feature, value))
            else:
                score.false_positives += 1
                result.errors.append((site["code"], "spurious", feature, value))
    return result


def load_truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth
