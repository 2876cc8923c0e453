"""The farm's truth of what each commune's residents can do online across its four layers."""

from __future__ import annotations

from farm.catalogue import Farm
from farm.composition import REGION_OF_DEPARTEMENT
from farm.residents import FAMILIES
from farm.truth import expected_findings, expected_status, ground_truth


def test_every_commune_has_each_family_offered_by_the_layers_whose_site_offers_it() -> None:
    farm = Farm(60, 949)
    truth = ground_truth(farm)["residents"]
    sites = {(s.kind, s.code): s for s in farm.sites()}
    communes = sorted(s.code for s in farm.sites() if s.kind == "commune")
    assert [c["code"] for c in truth] == communes
    for commune in truth:
        site = sites[("commune", commune["code"])]
        layers = {
            "commune": commune["code"],
            "epci": farm.epci_of[commune["code"]],
            "departement": site.departement,
            "region": REGION_OF_DEPARTEMENT[site.departement or ""],
        }
        assert set(commune["families"]) == set(FAMILIES)
        for family, reach in commune["families"].items():
            for layer, code in reach["by"]:
                assert code == layers[layer]
                found = expected_findings(farm, sites[(layer, code)])
                assert ("eservices.kind", family) in {(f["feature"], f["value"]) for f in found}
            if not reach["by"]:
                # Not offered is said only when all four sites are read; else unknown.
                assert reach["state"] == ("unknown" if commune["unread"] else "not_offered")
        for layer, code, why in commune["unread"]:
            assert code == layers[layer]
            site_of = sites.get((layer, code))
            assert why == (expected_status(site_of) if site_of else "not_a_target")


def test_the_test_farm_holds_the_cases_the_layers_rule_is_about() -> None:
    truth = ground_truth(Farm(60, 949))["residents"]
    permit = [c["families"]["planning-permit"] for c in truth]
    assert any(p["by"] and p["by"][0][0] == "epci" for p in permit)  # only the EPCI's desk
    assert any(p["state"] == "unknown" for p in permit)
    assert any(why not in ("ok", "not_a_target") for c in truth for _, _, why in c["unread"])
    # A small farm has no département nor région: those layers are never read, and said so.
    for commune in truth:
        unread = {layer: why for layer, _, why in commune["unread"]}
        assert unread["departement"] == unread["region"] == "not_a_target"
