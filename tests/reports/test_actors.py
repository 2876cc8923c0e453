"""The actors' graph of a crawled farm: every authority's relays are the farm's truth, class
and evidence included; the graph reads back from GEXF and GraphML with networkx, the links
from CSV with pandas; `vigie actors` refuses a bad file or scope in one line."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
from sqlalchemy import select

from crawler.urls import host_of, registered_domain
from database.models import Authority, SiteScan
from reports.actors import actor_links, write_actors
from tests.conftest import CrawledFarm, vigie


def test_every_authority_relays_match_the_truth(crawled_farm: CrawledFarm) -> None:
    truth = {(s["kind"], s["code"]): s for s in crawled_farm.truth["sites"]}
    planted = {relay["domain"] for site in truth.values() for relay in site["relays"]}
    farm_hosts = {s.host for s in crawled_farm.farm.sites() if s.host}
    universe = planted | {registered_domain(host) for host in farm_hosts}
    with crawled_farm.engine.connect() as connection:
        scans = connection.execute(
            select(Authority.kind, Authority.code, SiteScan.status, SiteScan.final_url)
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .where(SiteScan.run_id == crawled_farm.run_id)
        ).all()
    links = actor_links(crawled_farm.engine, crawled_farm.run_id)
    checked = relays = 0
    for kind, code, status, final_url in scans:
        expected = truth[kind, code]["relays"]
        if status != "ok":  # not measured without a browser, or not ok in the truth either
            assert not len(links[links["source"] == f"{kind}:{code}"])
            continue
        mine = links[(links["source"] == f"{kind}:{code}") & links["domain"].isin(universe)]
        got = {
            (row.domain, row.target_class, row.target_code, row.anchor, row.pages, row.evidence_url)
            for row in mine.itertuples()
        }
        assert got == {
            (r["domain"], r["class"], r["code"], r["text"], 1, final_url) for r in expected
        }, (kind, code)
        for relay in expected:  # the farm names each domain as the crawler computes it
            assert registered_domain(host_of(relay["url"])) == relay["domain"]
        checked += 1
        relays += len(expected)
    assert checked >= 30
    assert relays >= 60
    # Every class of relay the farm plants is found somewhere, another authority included.
    assert set(links["target_class"]) >= {
        "autorite", "etat", "tourisme", "presse", "ecole", "association", "reseau", "prestataire"
    }  # fmt: skip


def test_another_authoritys_own_account_linked_is_an_edge_via_social_networks(
    crawled_farm: CrawledFarm,
) -> None:
    """Exactly the planted relays of an account whose owner's own site, measured, shows it;
    the sites' own accounts, shown by no other site, make none."""
    with crawled_farm.engine.connect() as connection:
        measured = {
            f"{kind}:{code}"
            for kind, code in connection.execute(
                select(Authority.kind, Authority.code)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == crawled_farm.run_id, SiteScan.status == "ok")
            )
        }
    expected = set()
    for site in crawled_farm.truth["sites"]:
        source = f"{site['kind']}:{site['code']}"
        for relay in site["social_relays"]:
            owner = f"{relay['owner_kind']}:{relay['owner_code']}"
            if source in measured and owner in measured:
                expected.add((source, owner, relay["platform"], relay["url"], relay["text"]))
    links = actor_links(crawled_farm.engine, crawled_farm.run_id)
    social = links[links["channel"] == "reseaux_sociaux"]
    got = {
        (row.source, row.target, row.platform, row.target_url, row.anchor)
        for row in social.itertuples()
    }
    assert got == expected
    assert len(expected) >= 3
    assert set(social["target_class"]) == {"autorite"}
    assert social["pages"].isna().all()  # the findings keep one evidence page, not a count


def test_the_graph_reads_back_from_gexf_and_graphml(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    links = actor_links(crawled_farm.engine, crawled_farm.run_id)
    assert len(links) > 100
    pairs = links.groupby(["source", "target"])
    for suffix, read in ((".gexf", nx.read_gexf), (".graphml", nx.read_graphml)):
        path = tmp_path / f"acteurs{suffix}"
        write_actors(links, path)
        graph = read(path)
        assert set(graph.nodes) == set(links["source"]) | set(links["target"])
        assert graph.number_of_edges() == pairs.ngroups
        for (source, target), pair in pairs:
            edge = graph.edges[source, target]
            site = pair[pair["channel"] == "site"]
            accounts = pair[pair["channel"] == "reseaux_sociaux"]
            canal = {(True, False): "site", (False, True): "réseaux sociaux",
                     (True, True): "site et réseaux sociaux"}[bool(len(site)), bool(len(accounts))]  # fmt: skip
            shown = site.iloc[0] if len(site) else accounts.iloc[0]
            assert (edge["canal"], int(edge["pages"]), int(edge["comptes"])) == (
                canal,
                int(site["pages"].sum()),
                len(accounts),
            )
            assert float(edge["weight"]) == int(site["pages"].sum()) + len(accounts)
            assert edge["evidence_url"] == shown.evidence_url
            assert edge["comptes_url"].split() == list(accounts["target_url"])
            node = graph.nodes[target]
            assert (node["label"], node["classe"]) == (shown.target_label, shown.target_class)
            assert graph.nodes[source]["type"] == "collectivité"
        assert {"site", "réseaux sociaux"} <= {c for *_, c in graph.edges(data="canal")}
    # GEXF as Gephi reads it: the 1.2 namespace, directed edges, attributes declared.
    gexf = (tmp_path / "acteurs.gexf").read_text(encoding="utf-8")
    assert 'xmlns="http://www.gexf.net/1.2draft"' in gexf
    assert 'defaultedgetype="directed"' in gexf
    assert 'title="libelle_classe"' in gexf
    assert 'title="canal"' in gexf


def test_the_links_read_back_from_csv(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    links = actor_links(crawled_farm.engine, crawled_farm.run_id)
    path = tmp_path / "liens.csv"
    write_actors(links, path)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back.columns) == list(links.columns)
    # A link via a social account has no page count: an empty cell, never 0.
    assert (back["pages"] == "").sum() == links["pages"].isna().sum() > 0
    assert back.replace({"pages": {"": pd.NA}}).astype({"pages": "Int64"}).equals(
        links.astype({c: str for c in links.columns if c != "pages"}))  # fmt: skip


def test_the_command_writes_the_graph_or_says_what_is_wrong(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    db = crawled_farm.database_url
    out = tmp_path / "acteurs.gexf"
    done = vigie("actors", "--db", db, "--out", str(out))
    assert out.exists()
    assert "links from" in done.stdout
    assert nx.read_gexf(out).number_of_nodes() > 10
    for arguments, words in (
        (["--out", str(tmp_path / "acteurs.png")], ".gexf, .graphml, .csv"),
        (["--out", str(out), "--scope", "departement:999"], "unknown département code"),
    ):
        result = vigie("actors", "--db", db, *arguments, check=False)
        assert result.returncode == 2
        assert words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
