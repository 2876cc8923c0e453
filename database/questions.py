"""The common research questions as named SQL, shared by `vigie serve` (Datasette's canned
queries), the README's examples and their tests. Each reads each authority's latest scan."""

from __future__ import annotations

from dataclasses import dataclass

# The latest run, by the rule every verb follows (database.repository.latest_run_id): the
# latest finished run that stored sites; a run still running, interrupted or empty is not it.
LATEST_RUN = """(SELECT MAX(r.id) FROM crawl_runs r
  WHERE r.status = 'finished'
    AND EXISTS (SELECT 1 FROM site_scans x WHERE x.run_id = r.id))"""


@dataclass(frozen=True)
class Question:
    name: str  # URL slug in Datasette
    title: str
    description: str
    sql: str  # :name marks a parameter


QUESTIONS = (
    Question(
        "communes_sans_mention_accessibilite",
        "Communes de plus de 3 500 habitants sans mention d'accessibilité",
        "Communes of more than 3,500 inhabitants of a département whose site, crawled in their"
        " latest scan, shows no accessibility mention (a legal duty for every public site).",
        """SELECT a.code, a.name, a.population, s.final_url, s.run_id
FROM latest_scans s
JOIN authorities a ON a.id = s.authority_id
WHERE a.kind = 'commune' AND a.population > 3500 AND a.departement_code = :departement
  AND s.status = 'ok'
  AND NOT EXISTS (
    SELECT 1 FROM findings f
    WHERE f.authority_id = s.authority_id AND f.run_id = s.run_id
      AND f.feature = 'a11y.mention'
  )
ORDER BY a.population DESC""",
    ),
    Question(
        "adoption_par_strate",
        "Adoption d'un constat par strate (dernière campagne)",
        "Share of the crawled sites of each stratum that show a feature key, in the latest"
        " finished run that stored sites.",
        """SELECT stratum, sites, sites_with, share
FROM adoption_by_stratum
WHERE feature = :feature AND run_id = """
        + LATEST_RUN
        + """
ORDER BY stratum""",
    ),
    Question(
        "historique_constat",
        "Historique des constats d'une collectivité",
        "What each campaign found on one authority's site, feature by feature.",
        """SELECT run_id, started_at, feature, findings, first_value
FROM feature_history
WHERE code = :code
ORDER BY feature, run_id""",
    ),
    Question(
        "classement_strate",
        "Classement d'une strate (dernière campagne)",
        "Scores of one stratum in the latest finished run that stored sites, best first, with"
        " the rank interval.",
        """SELECT a.code, a.name, a.departement_code, s.score, s.rank_in_stratum, s.rank_low,
       s.rank_high, s.stratum_count, s.model_version
FROM scores s JOIN authorities a ON a.id = s.authority_id
WHERE s.stratum = :stratum AND s.run_id = """
        + LATEST_RUN
        + """
ORDER BY s.score DESC, a.name""",
    ),
)
