"""The README.md of a data package: what each file holds, the rule that a site not measured
is not a site without, how a score is built, how the tables join, how to cite the package,
its licence; and the licence's own file, LICENCE.md."""

from __future__ import annotations

from dataclasses import dataclass

from database.statuses import NOT_MEASURED
from reports.datapackage_schema import TABLES

# The software as CITATION.cff names it (a test keeps the two the same).
SOFTWARE_TITLE = "Vigie: an observatory of the websites of French local authorities"
SOFTWARE_AUTHOR = "The Vigie contributors"
# CITATION.cff and pyproject.toml name no repository URL: the citation gives none.
LICENCE = "LICENCE.md"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
DATA_LICENSE = {
    "name": "etalab-2.0",
    "path": LICENCE,
    "title": "Licence Ouverte / Open Licence version 2.0",
}


@dataclass(frozen=True)
class About:
    """What a README says of its package."""

    title: str
    run_id: int
    scope: str  # the scope as the reports name it ("France entière", "Loire-Atlantique (44)")
    created: str  # ISO 8601, UTC
    software_version: str
    model_version: str
    farm: bool  # the run crawled the synthetic farm, not real websites
    rows: dict[str, int]  # table name -> rows written


def readme(about: About) -> str:
    """The package's README, in Markdown."""
    return "\n".join(
        [
            f"# {about.title}",
            "",
            *_summary(about),
            "## Files",
            "",
            "| file | rows | what it holds |",
            "|---|---|---|",
            *(
                f"| `{table.path}` | {about.rows.get(table.name, 0)} | {table.description} |"
                for table in TABLES
            ),
            "",
            f"`datapackage.json` describes every column (its type and meaning), the keys and"
            f" how the tables join, in the Frictionless Data Package format: `frictionless"
            f" validate datapackage.json` checks the files against it. `{LICENCE}` is the"
            f" licence of the data and who to credit.",
            "",
            *_unknowns(),
            *_method(about),
            *_keys(),
            *_citation(about),
        ]
    )


def _summary(about: About) -> list[str]:
    lines = [
        f"What the public websites of French local authorities showed in Vigie's crawl run"
        f" {about.run_id} ({about.scope}): the findings with their evidence, the authorities,"
        f" how each site's crawl ended, and the scores of scoring model"
        f" `{about.model_version}`. Written by Vigie {about.software_version} on"
        f" {about.created}. Times are UTC, in ISO 8601.",
        "",
    ]
    if about.farm:
        lines += [
            "**Test data.** This run crawled Vigie's synthetic farm: invented websites served"
            " on the machine, not the authorities' real sites. Nothing in it describes a real"
            " authority.",
            "",
        ]
    return lines


def _unknowns() -> list[str]:
    return [
        "## Not measured is not absent",
        "",
        "A finding is a fact about what the crawl saw, and its absence is one only where the"
        " crawl could look. Read a missing finding with its site's scan (`site_scans.csv`,"
        " statuses explained in `statuses.csv`):",
        "",
        "- status `ok` (`statuses.features_read` true): the site was read; a feature without"
        " a row in `findings.csv` was not seen on the pages crawled (within the page budget"
        " of `runs.csv`). Only these sites are scored.",
        "- any other status: the site could not be read (no website listed, a domain that"
        " does not resolve, an error, a parked domain...): its features are unknown, not"
        " absent, and it has no score. Never count it as a site without.",
        f"- {' and '.join(f'`{code}`' for code in sorted(NOT_MEASURED))}"
        " (`statuses.crawl_failed` true): the crawl, not the site, failed (a page built by"
        " JavaScript that the browser could not show): not measured.",
        "- no row in `site_scans.csv` for an authority of `authorities.csv`: it was not"
        " crawled in this run (retired before it, listed after it, or the run was"
        " interrupted): unknown.",
        "- a score's indicator or axis left empty: not measured (the model skips it), not 0.",
        "",
        "A share of sites with a feature is therefore counted over the `ok` sites, and says"
        " how many they are.",
        "",
    ]


def _method(about: About) -> list[str]:
    return [
        "## How a score is built",
        "",
        f"The method is in this folder: `indicators.csv` lists every indicator of scoring"
        f" model `{about.model_version}` with its French label, its axis (and the axis's"
        " label and weight), the feature it reads (see `codebook.csv`), how it turns the"
        " findings into a value from 0 to 1 (`rule`), its weight, and what a missing finding"
        " counts for (`missing_rule`). `score_indicators.csv` gives each authority's values,"
        " `score_axes.csv` its axes: an axis scores 100 × the mean of its measured indicators"
        " by weight, the composite the mean of its measured axes by weight; the rank"
        " interval comes from drawing the axes' weights and the indicators' normalisation"
        " again, many times.",
        "",
        "The social indicators (activity within 90 days, followers per 1,000 residents) rest"
        " on `social_accounts.csv`: each account a site links to, its followers, its posts in"
        " the 90 days up to the run's day and its newest post, whether a figure was declared"
        " by the account's owner or rounded by the platform, and, when one is unknown, why,"
        " in French (`unknown_reason_fr`: a login wall, the platform's robots.txt, an account"
        " not reached...). An empty follower count is unknown, never zero; an indicator"
        " whose figures are all unknown is left out of its axis, neither credited nor"
        " penalised.",
        "",
    ]


def _keys() -> list[str]:
    return [
        "## Keys",
        "",
        "Authorities are named by their official identifiers, `kind` + `code` (INSEE code,"
        " or SIREN for an EPCI), in every table (`authority_kind`, `authority_code`). A"
        " finding is one (run, authority, feature, value); a scan one (run, authority); a"
        " score one (run, authority, model version). In a partial run, the authorities not"
        " crawled again carry their scan and findings from an earlier run:"
        " `carried_from_run_id` names it, and `measured_in_run_id` is always the run that"
        " looked. `seen_at` is when the crawl fetched a finding's evidence page.",
        "",
    ]


def _citation(about: About) -> list[str]:
    year = about.created[:4]
    return [
        "## How to cite",
        "",
        f"{SOFTWARE_AUTHOR} ({year}). *{about.title}* [data set], created {about.created},"
        f" with {SOFTWARE_TITLE}, version {about.software_version} [software]. Licence"
        f" Ouverte 2.0 (Etalab-2.0).",
        "",
        f'The software\'s citation is its `CITATION.cff` (title "{SOFTWARE_TITLE}", version'
        f" {about.software_version}); cite the run number and the creation time above with"
        " the data, as a later run of the same authorities gives other figures.",
        "",
        "## Licence",
        "",
        f"The data are published under the {DATA_LICENSE['title']} (Etalab-2.0,"
        f" {LICENCE_URL}): reuse them freely, also commercially, citing the source"
        " and the date of the data. The snippets are short quotations of the authorities'"
        " public pages, kept as the evidence of each finding. The Vigie software is under"
        f" the MIT licence. The terms and who to credit: `{LICENCE}`.",
        "",
    ]


def licence_text(about: About) -> str:
    """The package's LICENCE.md: the data's licence, who to credit and where its terms are."""
    return "\n".join(
        [
            f"# Licence: {DATA_LICENSE['title']}",
            "",
            f"The data of this folder (every CSV file, `datapackage.json` and `README.md`)"
            f" are published under the {DATA_LICENSE['title']} (Etalab-2.0), whose terms"
            f" are at {LICENCE_URL}.",
            "",
            "You may reuse them freely, also commercially: copy, adapt, publish and"
            " redistribute them, provided you credit their source and the date of their last"
            " update.",
            "",
            "Credit them as:",
            "",
            f"> Vigie, crawl run {about.run_id} ({about.scope}), data package created"
            f" {about.created} ({SOFTWARE_AUTHOR}, {SOFTWARE_TITLE}, version"
            f" {about.software_version}).",
            "",
            "The snippets are short quotations of the authorities' public pages, kept as the"
            " evidence of each finding. The Vigie software is under the MIT licence.",
            "",
        ]
    )
