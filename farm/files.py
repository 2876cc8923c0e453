"""The files that describe a farm to its users: targets, INSEE's composition of the EPCI, host
names and ground truth."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from farm.catalogue import Farm
from farm.composition import write_composition
from farm.model import FARM_TODAY, PORTAL_HOST, Site
from farm.platforms import PLATFORM_HOSTS
from farm.truth import ground_truth

TARGETS_FILE, HOSTS_FILE, TRUTH_FILE = "targets.csv", "hosts.txt", "truth.json"
# INSEE's sheet Composition_communale saved as CSV: which EPCI each commune belongs to.
COMPOSITION_FILE = (
    f"Intercommunalite-Metropole_au_01-01-{FARM_TODAY.year}_Composition_communale.csv"
)
# Towns this large have several postal codes; a few smaller ones too (a hamlet's own).
SEVERAL_POSTAL_CODES_FROM, SEVERAL_POSTAL_CODES_CHANCE = 20_000, 0.05


def postal_codes(farm: Farm, site: Site) -> str:
    """A commune's postal codes, space-separated: its département's prefix (Corsica's is 20)
    and a multiple of ten, as most are; other authorities have none. Drawn from a stream of
    its own, so that no other draw of the farm changed."""
    if site.kind != "commune" or site.departement is None:
        return ""
    prefix = "20" if site.departement in ("2A", "2B") else site.departement
    rng = random.Random(f"{farm.seed}:{site.index}:postal")
    several = (site.population or 0) >= SEVERAL_POSTAL_CODES_FROM
    count = 2 if several or rng.random() < SEVERAL_POSTAL_CODES_CHANCE else 1
    width = 5 - len(prefix)
    tens = sorted(rng.sample(range(1, 10 ** (width - 1)), count))
    return " ".join(f"{prefix}{ten * 10:0{width}d}" for ten in tens)


def write_farm_files(farm: Farm, directory: Path) -> dict[str, Path]:
    """Plain-CSV targets (the crawler's input), INSEE's composition of the EPCI, served host
    names (sites and platforms), truth."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {name: directory / name for name in (TARGETS_FILE, HOSTS_FILE, TRUTH_FILE)}
    with paths[TARGETS_FILE].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["code", "name", "kind", "url", "population", "postal_codes", "departement"]
        )
        for site in farm.sites():
            url = farm.listed_url(site) or ""
            codes = postal_codes(farm, site)
            # Only an intercommunalité's département is not in its code: its seat's.
            seat = (site.departement or "") if site.kind == "epci" else ""
            writer.writerow([site.code, site.name, site.kind, url, site.population, codes, seat])
    hosts = [*farm.served_hosts(), PORTAL_HOST, *sorted(PLATFORM_HOSTS)]
    paths[COMPOSITION_FILE] = write_composition(farm, directory / COMPOSITION_FILE)
    paths[HOSTS_FILE].write_text("\n".join(hosts) + "\n", encoding="utf-8")
    paths[TRUTH_FILE].write_text(
        json.dumps(ground_truth(farm), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return paths
