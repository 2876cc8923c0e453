"""The tables of the data package (`vigie export --format datapackage`): each resource, its
columns with their Frictionless type and meaning, its keys. The rows come from
`reports/datapackage_tables.py` in the same column order; `reports/datapackage.py` writes
both. Authorities are named by their official identifiers (`kind` + `code`), never by the
database's surrogate ids, which mean nothing outside one database."""

from __future__ import annotations

from reports.datapackage_fields import (
    AUTHORITY,
    TIME,
    TO_AUTHORITY,
    TO_SCAN,
    Column,
    ForeignKey,
    Table,
)
from reports.datapackage_fields import authority_columns as _authority
from reports.datapackage_fields import column as _c
from reports.datapackage_residents import RESIDENT_SERVICES
from reports.datapackage_schema_context import INDICATORS, SOCIAL_ACCOUNTS

__all__ = ["AUTHORITY", "TABLES", "Column", "ForeignKey", "Table"]

RUNS = Table(
    "runs",
    "Crawl runs",
    "The crawl run exported, and every run it refers to: the base run of a partial run, the"
    " runs whose measurements it carries.",
    (
        _c("run_id", "integer", "run number, increasing in the database that crawled it"),
        _c("exported", "boolean", "true for the run this package exports"),
        _c(
            "kind",
            "string",
            "complete (every active authority crawled) or partial (the selected authorities"
            " crawled again, every other one's measurement carried from base_run_id)",
        ),
        _c("base_run_id", "integer", "the run a partial run carries from; empty for complete"),
        _c("selection", "object", "what a partial run crawled again, as JSON; empty otherwise"),
        _c(
            "status",
            "string",
            "finished (every authority has a scan), interrupted or running: an unfinished"
            " run covers only the sites it stored",
        ),
        _c("started_at", "datetime", f"start of the run ({TIME})"),
        _c(
            "finished_at",
            "datetime",
            f"end of the run's last session ({TIME}); empty while running",
        ),
        _c("targets_count", "integer", "authorities the run set out to crawl"),
        _c("sites_done", "integer", "authorities with a scan in the run"),
        _c(
            "rendering",
            "boolean",
            "whether the crawl could render JavaScript pages in a browser; false means nothing"
            " only a rendered page shows was looked for; empty when not recorded",
        ),
        _c(
            "farm",
            "boolean",
            "true when the run crawled Vigie's synthetic farm (test sites, not the"
            " authorities' real websites); empty when not recorded",
        ),
        _c("page_budget", "integer", "the most pages the crawl fetched for one site"),
    ),
    ("run_id",),
    (ForeignKey(("base_run_id",), "", ("run_id",)),),
)

STATUSES = Table(
    "statuses",
    "Scan statuses",
    "Every scan status, with its French label: how a site's crawl ended. Only `ok` sites"
    " were read; for every other status the site's features are unknown, not absent.",
    (
        _c("status", "string", "status code, as in site_scans.status"),
        _c("label_fr", "string", "short French label the reports show"),
        _c("meaning_fr", "string", "the sentence that explains it, in French"),
        _c(
            "features_read",
            "boolean",
            "true only for ok: the site's pages were read, so a feature without a finding was"
            " not seen on the pages crawled; false: every feature of the site is unknown",
        ),
        _c(
            "crawl_failed",
            "boolean",
            "true when the crawl, not the site, failed (not measured: render_failed,"
            " no_browser); such a site is crawled again by a resumed run",
        ),
    ),
    ("status",),
)

AUTHORITIES = Table(
    "authorities",
    "Local authorities",
    "The authorities of the package's scope (and the authorities retired ones merged into),"
    " with the reference data the crawl grouped them by. An authority without a row in"
    " site_scans was not crawled in the run (not counted, never absent).",
    (
        _c("kind", "string", "commune, epci, departement or region"),
        _c(
            "code",
            "string",
            "official code: INSEE code of a commune (5 characters, 2A/2B in Corsica), a"
            " département or a région; SIREN of an EPCI (9 digits)",
        ),
        _c("name", "string", "official name"),
        _c(
            "departement_code", "string", "its département (an EPCI: its seat's); empty for régions"
        ),
        _c("departement_name", "string", "name of that département"),
        _c("region_code", "string", "INSEE code of its région; empty when unknown"),
        _c("region_name", "string", "name of that région"),
        _c(
            "population",
            "integer",
            "population municipale (INSEE legal populations); empty when unknown",
        ),
        _c(
            "stratum",
            "string",
            "peer group of its rank: the commune's size stratum, or the kind itself for the"
            " others; empty for a commune of unknown population",
        ),
        _c(
            "retired_at",
            "datetime",
            f"when a newer official list no longer had it ({TIME}); empty while it exists",
        ),
        _c("successor_kind", "string", "kind of the authority it merged into"),
        _c("successor_code", "string", "code of the authority it merged into"),
        _c("retired_reason", "string", "why it was retired, in words"),
    ),
    ("kind", "code"),
    (ForeignKey(("successor_kind", "successor_code"), "", ("kind", "code")),),
)

SITE_SCANS = Table(
    "site_scans",
    "Site scans",
    "One row per authority crawled in the run: how its website's crawl ended. Only status"
    " ok has findings and a score; see statuses.",
    (
        _c("run_id", "integer", "the run"),
        *_authority(),
        _c("status", "string", "scan status (see statuses)"),
        _c("status_label_fr", "string", "its French label"),
        _c("detail", "string", "what went wrong, as the crawler saw it"),
        _c("start_url", "string", "the URL the crawl started from"),
        _c("final_url", "string", "where the home page request ended, after redirects"),
        _c("pages_fetched", "integer", "requests made for the site's pages"),
        _c("started_at", "datetime", f"first request for the site ({TIME})"),
        _c("finished_at", "datetime", f"when the site was stored: its crawl date ({TIME})"),
        _c(
            "carried_from_run_id",
            "integer",
            "empty when this run crawled the site; in a partial run, the run whose"
            " measurement is carried unchanged",
        ),
        _c("measured_in_run_id", "integer", "the run that crawled the site"),
    ),
    ("run_id", *AUTHORITY),
    (
        ForeignKey(("run_id",), "runs", ("run_id",)),
        TO_AUTHORITY,
        ForeignKey(("status",), "statuses", ("status",)),
        ForeignKey(("carried_from_run_id",), "runs", ("run_id",)),
        ForeignKey(("measured_in_run_id",), "runs", ("run_id",)),
    ),
)

FINDINGS = Table(
    "findings",
    "Findings",
    "Tidy: one row per value of a feature seen on an authority's site, with its evidence."
    " A site with status ok and no row for a feature: not seen on the pages crawled. Any"
    " other status: unknown.",
    (
        _c("run_id", "integer", "the run"),
        *_authority(),
        _c("authority_name", "string", "official name of the authority"),
        _c("feature", "string", "feature key (see codebook)"),
        _c("value", "string", "normalised value (see codebook_values for closed vocabularies)"),
        _c("evidence_url", "string", "the page where it was seen"),
        _c("snippet", "string", "the matched link, tag or text, as written in the page"),
        _c("detector", "string", "the extractor that found it"),
        _c("detector_version", "string", "that extractor's version"),
        _c("seen_at", "datetime", f"when the crawl fetched the evidence page ({TIME})"),
        _c(
            "carried_from_run_id",
            "integer",
            "empty when this run saw it; in a partial run, the run that did",
        ),
        _c("measured_in_run_id", "integer", "the run that saw it"),
    ),
    ("run_id", *AUTHORITY, "feature", "value"),
    (
        TO_SCAN,
        TO_AUTHORITY,
        ForeignKey(("feature",), "codebook", ("feature",)),
        ForeignKey(("measured_in_run_id",), "runs", ("run_id",)),
    ),
)

SCORE_KEY = ("run_id", *AUTHORITY, "model_version")
SCORES = Table(
    "scores",
    "Scores",
    "The composite score and rank interval of each authority whose site was read (ok),"
    " under one scoring model version: the mean of its axes by their weights, each axis"
    " the mean of its indicators by theirs (indicators gives each one). No row: not scored"
    " (not crawled, or a status other than ok), never a score of zero.",
    (
        _c("run_id", "integer", "the run"),
        *_authority(),
        _c("model_version", "string", "version of the scoring model"),
        _c("score", "number", "composite score, 0 to 100"),
        _c("stratum", "string", "the peer group the rank is computed in"),
        _c("rank_in_stratum", "integer", "rank within the stratum, 1 the best; ties share a rank"),
        _c("rank_low", "integer", "best rank of the interval under the weights' uncertainty"),
        _c("rank_high", "integer", "worst rank of that interval"),
        _c("stratum_count", "integer", "scored authorities in the stratum"),
        _c("computed_at", "datetime", f"when the score was computed ({TIME})"),
    ),
    SCORE_KEY,
    (TO_SCAN, TO_AUTHORITY),
)

TO_SCORE = ForeignKey(SCORE_KEY, "scores", SCORE_KEY)
SCORE_AXES = Table(
    "score_axes",
    "Score axes",
    "Each axis of each score, one row per axis (indicators gives its French label and weight).",
    (
        *SCORES.columns[:4],
        _c("axis", "string", "axis key of the scoring model, as in indicators.axis"),
        _c(
            "axis_score",
            "number",
            "the axis's score, 0 to 100; empty when nothing of it was measured",
        ),
    ),
    (*SCORE_KEY, "axis"),
    (TO_SCORE,),
)
SCORE_INDICATORS = Table(
    "score_indicators",
    "Score indicators",
    "Each indicator of each score, one row per indicator (indicators says what it reads and how).",
    (
        *SCORES.columns[:4],
        _c("indicator", "string", "indicator key of the scoring model (see indicators)"),
        _c(
            "indicator_value",
            "number",
            "its value, 0 to 1; empty where the model skips a missing measurement",
        ),
    ),
    (*SCORE_KEY, "indicator"),
    (
        TO_SCORE,
        ForeignKey(("model_version", "indicator"), "indicators", ("model_version", "indicator")),
    ),
)

CODEBOOK = Table(
    "codebook",
    "Codebook of features",
    "Every feature key: its French label, family and meaning, generated from Vigie's"
    " vocabulary and its feature documentation.",
    (
        _c("feature", "string", "feature key, as in findings.feature"),
        _c("family", "string", "family of features (the key's first part)"),
        _c("label_fr", "string", "French label the reports show"),
        _c(
            "cardinality",
            "string",
            "single (one value a site), multi (several), greatest or median (one value over"
            " the pages); empty when not documented",
        ),
        _c("meaning", "string", "what the value is, in English"),
        _c("detector", "string", "the extractor that finds it, with its version"),
    ),
    ("feature",),
)

CODEBOOK_VALUES = Table(
    "codebook_values",
    "Codebook of values",
    "The French label of each value of the closed vocabularies (slugs); open values (URLs,"
    " dates, rates) are not listed.",
    (
        _c("feature", "string", "feature key"),
        _c("value", "string", "value as stored in findings.value"),
        _c("label_fr", "string", "French label the reports show"),
    ),
    ("feature", "value"),
    (ForeignKey(("feature",), "codebook", ("feature",)),),
)

TABLES = (
    FINDINGS,
    AUTHORITIES,
    SITE_SCANS,
    SCORES,
    SCORE_AXES,
    SCORE_INDICATORS,
    INDICATORS,
    SOCIAL_ACCOUNTS,
    RESIDENT_SERVICES,
    RUNS,
    STATUSES,
    CODEBOOK,
    CODEBOOK_VALUES,
)
