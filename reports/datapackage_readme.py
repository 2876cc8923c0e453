"""The README.md of a data package: what each file holds, the rule that a site not measured
is not a site without, how the tables join, how to cite the package, its licence."""

from __future__ import annotations

from dataclasses import dataclass

from database.statuses import NOT_MEASURED
from reports.datapackage_schema import TABLES

# The software as CITATION.cff names it (a test keeps the two the same).
SOFTWARE_TITLE = "Vigie: an observatory of the websites of French local authorities"
SOFTWARE_AUTHOR = "The Vigie contributors"
DATA_LICENSE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
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
            "`datapackage.json` describes every column (its type and meaning), the keys and"
            " how the tables join, in the Frictionless Data Package format: `frictionless"
            " validate datapackage.json` checks the files against it.",
            "",
            *_unknowns(),
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
        f" {DATA_LICENSE['path']}): reuse them freely, also commercially, citing the source"
        " and the date of the data. The snippets are short quotations of the authorities'"
        " public pages, kept as the evidence of each finding. The Vigie software is under"
        " the MIT licence.",
        "",
    ]
