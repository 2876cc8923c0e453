"""The two tables that let a reader trace a score without Vigie's source: `indicators`, the
scoring model the scores were computed with (what each indicator reads, how, its weight and
axis), and `social_accounts`, the figures of the social accounts the social indicators
rest on. Their rows: `reports/datapackage_indicators.py`, `reports/datapackage_social.py`."""

from __future__ import annotations

from reports.datapackage_fields import TIME, TO_AUTHORITY, ForeignKey, Table, authority_columns
from reports.datapackage_fields import column as _c

INDICATORS = Table(
    "indicators",
    "Indicators of the scoring model",
    "The scoring model the scores were computed with, one row per indicator: its French"
    " label, its axis, the feature it reads, how it turns the findings into 0 to 1, its"
    " weight, and what a missing finding counts for. An axis scores 100 × the mean of its"
    " measured indicators by weight; the composite is the mean of the axes measured by their"
    " weights.",
    (
        _c("model_version", "string", "version of the scoring model, as in scores"),
        _c("indicator", "string", "indicator key, as in score_indicators.indicator"),
        _c("label_fr", "string", "French label the reports show"),
        _c("axis", "string", "key of its axis, as in score_axes.axis"),
        _c("axis_label_fr", "string", "French label of the axis"),
        _c("axis_weight", "number", "weight of the axis in the composite score"),
        _c(
            "feature",
            "string",
            "the feature key it reads (see codebook); a key ending in '.' reads the whole"
            " family; several keys are joined by ' + '",
        ),
        _c("measure", "string", "how it is measured: presence, value, any_of, count, ..."),
        _c("rule", "string", "that measure with its parameters, in words: how 0 to 1 is reached"),
        _c("weight", "number", "weight of the indicator within its axis"),
        _c("missing", "string", "zero or skip: what a site without the finding gets"),
        _c("missing_rule", "string", "that rule in words"),
    ),
    ("model_version", "indicator"),
)

SOCIAL_ACCOUNTS = Table(
    "social_accounts",
    "Social accounts",
    "Each social account an authority's site links to (or only its owner declared), with"
    " what Vigie could read of it: followers, posts within the activity window, newest post,"
    " and why a figure is unknown. An empty figure is unknown, never zero.",
    (
        _c("run_id", "integer", "the run"),
        *authority_columns(),
        _c("platform", "string", "the platform (facebook, youtube, mastodon...)"),
        _c("url", "string", "the account's address, as the site links it"),
        _c("linked", "boolean", "true when the site links it; false: only its owner declared it"),
        _c("followers", "integer", "followers (subscribers); empty when unknown, never 0"),
        _c("followers_rounded", "boolean", "the platform shows a rounded count (12,3 k)"),
        _c("followers_declared", "boolean", "followers declared by the owner, not read"),
        _c(
            "posts_90d",
            "integer",
            "public posts dated within the 90 days up to the run's day; empty when unknown",
        ),
        _c(
            "posts_90d_partial",
            "boolean",
            "the platform listed only its newest posts and all fell in the window: a lower bound",
        ),
        _c("last_activity", "date", "date of the newest post; empty when unknown"),
        _c("activity_declared", "boolean", "posts and newest post declared by the owner"),
        _c(
            "unknown_reason",
            "string",
            "why a figure is unknown (login_wall, robots, unreachable, not_read, not_shown,"
            " not_checked, not_linked); empty when every figure is known",
        ),
        _c("unknown_reason_fr", "string", "that reason in French, as the reports show it"),
        _c("checked_at", "datetime", f"when Vigie read the account ({TIME}); empty if never"),
    ),
    ("run_id", "authority_kind", "authority_code", "url"),
    (ForeignKey(("run_id",), "runs", ("run_id",)), TO_AUTHORITY),
)
