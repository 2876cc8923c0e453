"""Small sample targets files, one per supported format (figures are illustrative)."""

from pathlib import Path

SAMPLES = Path(__file__).parent
ANNUAIRE_SAMPLE = SAMPLES / "annuaire-sample.json"
COG_SAMPLE = SAMPLES / "cog-communes-sample.csv"
POPULATION_SAMPLE = SAMPLES / "populations-sample.csv"
PLAIN_SAMPLE = SAMPLES / "targets-sample.csv"
LAPOSTE_SAMPLE = SAMPLES / "laposte-sample.csv"
