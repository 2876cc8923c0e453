"""The declarative scoring model: indicators defined from feature keys, with weights."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = Path(__file__).with_name("model.toml")
MEASURES = ("presence", "value", "platforms")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    feature: str  # a feature key, or a prefix ending in "." for a family
    measure: str
    weight: float
    values: dict[str, float] = field(default_factory=dict)
    cap: int = 1

    def measure_site(self, findings: dict[str, set[str]]) -> float:
        """This indicator for one site, in [0, 1], from its findings (feature -> values)."""
        if self.measure == "presence":
            return 1.0 if findings.get(self.feature) else 0.0
        if self.measure == "value":
            levels = [self.values.get(value, 0.0) for value in findings.get(self.feature, ())]
            return max(levels, default=0.0)
        platforms = [f for f, values in findings.items() if f.startswith(self.feature) and values]
        return min(len(platforms), self.cap) / self.cap


@dataclass(frozen=True)
class Model:
    version: str
    description: str
    indicators: tuple[Indicator, ...]


class ModelError(ValueError):
    """A scoring model file that cannot be used, with the reason."""


def load_model(path: Path = DEFAULT_MODEL) -> Model:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ModelError(f"{path}: {error}") from None
    indicators = []
    for number, entry in enumerate(data.get("indicators", []), start=1):
        where = f"{path}: indicator {number}"
        missing = {"key", "label", "feature", "measure", "weight"} - set(entry)
        if missing:
            raise ModelError(f"{where}: missing {', '.join(sorted(missing))}")
        if entry["measure"] not in MEASURES:
            raise ModelError(f"{where}: measure must be one of {', '.join(MEASURES)}")
        if float(entry["weight"]) < 0:
            raise ModelError(f"{where}: weight must not be negative")
        indicators.append(Indicator(**entry))
    if not indicators or not any(indicator.weight > 0 for indicator in indicators):
        raise ModelError(f"{path}: no indicator with a positive weight")
    return Model(
        str(data.get("version", "unversioned")), str(data.get("description", "")), tuple(indicators)
    )
