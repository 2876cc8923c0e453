"""A planted outage (farm/outage.py): chosen sites whose home page hangs, drawn from the seed,
with a truth that says `timeout` for exactly them, and nothing else of the farm changed."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from farm.catalogue import Farm
from farm.outage import Outage, can_go_down
from farm.process import farm_server
from farm.routes import route
from farm.truth import expected_status, ground_truth
from tests.conftest import FARM_SEED, FARM_SITES

SITES = 200


def statuses(farm: Farm) -> dict[str, str]:
    return {site.code: expected_status(site) for site in farm.sites()}


def test_a_share_of_the_sites_that_answer_hangs_and_the_truth_says_timeout() -> None:
    plain, down = Farm(SITES, 5), Farm(SITES, 5, outage=Outage(0.2))
    before, after = statuses(plain), statuses(down)
    changed = {code for code in before if before[code] != after[code]}
    answering = [site for site in plain.sites() if can_go_down(site) and not site.hangs]
    # About the share of them (a draw per site), each now timing out.
    assert 0.12 * len(answering) < len(changed) < 0.28 * len(answering)
    assert {after[code] for code in changed} == {"timeout"}
    # Only sites that answered go down: no site without one, no dead or parked domain.
    assert {before[code] for code in changed} <= {"ok", "http_error", "redirect_loop"}
    # Nothing else of the farm moves: the same hosts, and the same truth for every other site.
    assert plain.served_hosts() == down.served_hosts()
    truth_plain, truth_down = ground_truth(plain)["sites"], ground_truth(down)["sites"]
    for kept, other in zip(truth_plain, truth_down, strict=True):
        if kept["code"] not in changed:
            assert kept == other
        else:
            assert (other["status"], other["findings"], other["social_profiles"]) == (
                "timeout", [], [])  # fmt: skip


def test_the_outage_is_seeded_and_a_larger_share_keeps_the_smaller_ones_sites() -> None:
    def down(share: float, seed: int = 5) -> set[str]:
        farm = Farm(SITES, seed, outage=Outage(share))
        return {
            s.code for s in farm.sites() if s.hangs and not Farm(SITES, seed).site(s.index).hangs
        }

    assert down(0.1) == down(0.1)
    assert down(0.1) < down(0.3)
    assert down(0.1, seed=6) != down(0.1)
    assert down(0.0) == set()
    assert len(down(1.0)) > 100  # every site that answers


def test_a_list_of_codes_goes_down_and_the_server_hangs_their_home_page() -> None:
    plain = Farm(FARM_SITES, FARM_SEED)
    chosen = [site for site in plain.sites() if expected_status(site) == "ok"][:2]
    farm = Farm(FARM_SITES, FARM_SEED, outage=Outage(codes=tuple(s.code for s in chosen)))
    for site in chosen:
        hanging = farm.site(site.index)
        assert expected_status(hanging) == "timeout"
        port = farm.tls_port if hanging.https else farm.port
        assert route(farm, f"{hanging.host}:{port}", "/", secure=hanging.https).hangs
        # robots.txt still answers: the crawl reaches the home page and waits for it.
        assert (
            route(farm, f"{hanging.host}:{port}", "/robots.txt", secure=hanging.https).status == 200
        )
    others = [s for s in plain.sites() if s.code not in {c.code for c in chosen}]
    assert all(expected_status(farm.site(s.index)) == expected_status(s) for s in others)


def test_a_dead_site_named_in_the_outage_stays_as_it_was() -> None:
    plain = Farm(FARM_SITES, FARM_SEED)
    dead = next(site for site in plain.sites() if site.dead)
    farm = Farm(FARM_SITES, FARM_SEED, outage=Outage(codes=(dead.code,)))
    assert expected_status(farm.site(dead.index)) == "dns_failure"


@pytest.mark.parametrize("share", [-0.1, 1.5, float("nan")])
def test_a_share_out_of_range_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        Outage(share)


def test_an_unknown_code_is_refused_by_the_farm_and_the_command(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no site of the farm has code 99999"):
        Farm(FARM_SITES, FARM_SEED, outage=Outage(codes=("99999",)))
    result = CliRunner().invoke(app, ["farm", "generate", "--sites", "30", "--outage-codes",
                                      "99999", "--out", str(tmp_path / "f")])  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "--outage-share/--outage-codes: outage: no site of the farm has code 99999"
    )
    assert not (tmp_path / "f").exists()
    server = subprocess.run([sys.executable, "-m", "farm.server", "--outage-share", "2"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert server.returncode == 2
    assert "give a number from 0 to 1" in server.stderr


def test_generate_writes_the_outages_truth(tmp_path: Path) -> None:
    import json

    result = CliRunner().invoke(app, ["farm", "generate", "--sites", "60", "--seed", "949",
                                      "--outage-share", "0.3", "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    expected = ground_truth(Farm(60, 949, outage=Outage(0.3)))["sites"]
    assert [site["status"] for site in truth["sites"]] == [site["status"] for site in expected]
    assert [s["status"] for s in truth["sites"]].count("timeout") > 1


def test_the_served_farm_hangs_the_chosen_home_page() -> None:
    plain = Farm(FARM_SITES, FARM_SEED)
    chosen = next(s for s in plain.sites() if expected_status(s) == "ok" and not s.https)
    outage = Outage(codes=(chosen.code,))
    with (
        farm_server(FARM_SITES, FARM_SEED, outage=outage) as ports,
        socket.create_connection(("127.0.0.1", ports.http), timeout=10) as connection,
    ):
        host = f"{chosen.host}:{ports.http}"
        connection.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        connection.settimeout(1.5)
        with pytest.raises(TimeoutError):
            connection.recv(100)  # no answer: the home page hangs
