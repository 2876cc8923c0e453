"""The scoring model file: every value checked for its type and range, so that a model that
would score everyone 0 (a weight nan or inf, a feature the crawl never stores) is refused
with the reason instead of ranking silently wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.model import DEFAULT_MODEL, KNOWN_FEATURES, ModelError, load_model

FEATURES_DOC = Path(__file__).resolve().parents[2] / "docs" / "features.md"
MODEL = """version = "t-1"
[uncertainty]
draws = 10
[[axes]]
key = "a"
label = "A"
weight = 1.0
[[indicators]]
key = "i"
label = "I"
axis = "a"
feature = "legal.notice_url"
measure = "number"
low = 0.0
high = 1.0
weight = 1.0
"""


def model_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in MODEL
    path = tmp_path / "model.toml"
    path.write_text(MODEL.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_small_model_loads(tmp_path: Path) -> None:
    model = load_model(model_with(tmp_path, "", ""))
    assert model.indicators[0].feature == "legal.notice_url"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("weight = 1.0\n[[ind", "weight = nan\n[[ind", "axis 1: weight must be a finite number"),
        ("weight = 1.0\n[[ind", "weight = inf\n[[ind", "axis 1: weight must be a finite number"),
        ("weight = 1.0\n[[ind", "weight = -1\n[[ind", "at least 0"),
        ("weight = 1.0\n[[ind", 'weight = "heavy"\n[[ind', "weight must be a number, not 'heavy'"),
        ("weight = 1.0\n[[ind", "weight = true\n[[ind", "weight must be a number"),
        ("high = 1.0\nweight = 1.0", "high = 1.0\nweight = nan", "indicator 1: weight must be a"),
        ("high = 1.0\nweight = 1.0", "high = 1.0\nweight = 1e400", "weight must be a finite"),
        (
            'feature = "legal.notice_url"',
            'feature = "legal.notise_url"',
            "'legal.notise_url' is not",
        ),
        ('feature = "legal.notice_url"', 'feature = "nosuch."', "'nosuch.' is not a key"),
        ('feature = "legal.notice_url"', "feature = 42", "feature must be a non-empty text"),
        ("low = 0.0", "low = nan", "low must be a finite number"),
        ("low = 0.0", 'low = "zero"', "low must be a number"),
        ("low = 0.0", "low = 1.0", "low and high apart"),
        ("draws = 10", "draws = 1000000000", "draws must be a whole number in [1, 100000]"),
        ("draws = 10", "draws = 0", "draws must be a whole number"),
        ("draws = 10", "draws = 2.5", "draws must be a whole number"),
        ("draws = 10", "draws = 10\ncoverage = nan", "coverage must be a finite number"),
        ("draws = 10", "draws = 10\ncoverage = 2", "coverage in (0, 1]"),
        ("draws = 10", "draws = 10\nweight_spread = 3", "weight_spread must lie in [0, 1]"),
        ("draws = 10", "draws = 10\nnormalisations = []", "normalisations"),
        ("[uncertainty]\ndraws = 10", "uncertainty = 3", "[uncertainty] must be a table"),
        ('label = "I"', 'label = ["I"]', "label must be a non-empty text"),
        ('measure = "number"', 'measure = "value"\nvalues = { x = nan }', "values.x must be"),
        ('measure = "number"', 'measure = "value"\nvalues = { x = 2 }', "values.x must lie in"),
        ('measure = "number"', 'measure = "any_of"\nvalues = [1, 2]', "a list of values"),
        ('measure = "number"', 'measure = "count"\ncap = "many"', "cap must be a whole number"),
    ],
)
def test_a_wrong_value_is_refused_with_its_place(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ModelError, match=re.escape(message)):
        load_model(model_with(tmp_path, old, new))


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "model.bin"
    binary.write_bytes(bytes(range(256)))
    with pytest.raises(ModelError, match="not UTF-8 text"):
        load_model(binary)
    with pytest.raises(ModelError, match="it is a folder"):
        load_model(tmp_path)
    with pytest.raises(ModelError, match="No such file"):
        load_model(tmp_path / "absent.toml")
    listed = tmp_path / "list.toml"
    listed.write_text("axes = 3\n", encoding="utf-8")
    with pytest.raises(ModelError, match="axes must be"):
        load_model(listed)


def test_a_family_prefix_and_a_social_platform_are_features(tmp_path: Path) -> None:
    for feature in ("social.", "social.mastodon", "opendata.", "trackers"):
        path = model_with(tmp_path, 'feature = "legal.notice_url"', f'feature = "{feature}"')
        assert load_model(path).indicators[0].feature == feature


def test_the_known_features_are_the_documented_ones() -> None:
    documented = set(re.findall(r"^\| `([a-z0-9_.]+)`", FEATURES_DOC.read_text("utf-8"), re.M))
    assert documented == KNOWN_FEATURES


def test_a_fewest_indicators_label_says_its_range_without_contradiction() -> None:
    """'sans échec (nul à cinq échecs)' read as a contradiction: the label says what passes
    and how the credit falls from full at no failure to nothing at `cap` failures."""
    fewest = [i for i in load_model(DEFAULT_MODEL).indicators if i.measure == "fewest"]
    assert fewest
    for indicator in fewest:
        assert "sans échec" not in indicator.label
        assert f"note pleine à 0 échec, nulle à partir de {indicator.cap})" in indicator.label
        assert "%" not in indicator.label  # the document's tables would read it as a rate
