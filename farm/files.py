"""The files that describe a farm to its users: targets, host names and ground truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from farm.catalogue import Farm
from farm.model import PORTAL_HOST
from farm.platforms import PLATFORM_HOSTS
from farm.truth import ground_truth

TARGETS_FILE, HOSTS_FILE, TRUTH_FILE = "targets.csv", "hosts.txt", "truth.json"


def write_farm_files(farm: Farm, directory: Path) -> dict[str, Path]:
    """Plain-CSV targets (the crawler's input), served host names (sites and platforms), truth."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {name: directory / name for name in (TARGETS_FILE, HOSTS_FILE, TRUTH_FILE)}
    with paths[TARGETS_FILE].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "kind", "url", "population"])
        for site in farm.sites():
            writer.writerow(
                [site.code, site.name, site.kind, farm.listed_url(site) or "", site.population]
            )
    hosts = [*farm.served_hosts(), PORTAL_HOST, *sorted(PLATFORM_HOSTS)]
    paths[HOSTS_FILE].write_text("\n".join(hosts) + "\n", encoding="utf-8")
    paths[TRUTH_FILE].write_text(
        json.dumps(ground_truth(farm), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return paths
