"""Ground truth: the scan status and findings a perfect crawler reports for each farm site."""

from __future__ import annotations

from typing import Any

from farm.catalogue import Farm
from farm.model import FARM_TODAY, LAST_MODIFIED_DAY, Site, SocialLink
from farm.platforms import public_profile
from farm.relays import relay_truth, social_relay_truth, social_relays
from farm.residents import residents_truth
from farm.server_habits import FLAGS, habit_findings
from farm.service_quality import service_findings
from farm.vendors import SERVICE_KINDS

TRUTH_FORMAT = 2  # format 2 since HTTPS too: URLs may be https://host:tls_port/
# Found in <head>, the URL or the response headers, which a JavaScript-built page serves as
# static HTML too.
STATIC_IN_HEAD = (
    "tech.",
    "trackers",
    "consent.",
    "security.",
    "freshness.last_modified",
    "quality.viewport",
)
# A measurement whose value the farm does not predict (a readability score): the truth says
# the site has one, with this value, and any value found agrees.
ANY_VALUE = "*"
# The platforms of the farm's decoys, by the name their host holds.
DECOY_PLATFORMS = ("facebook", "instagram", "linkedin")
# Checks a JavaScript-built page fails or passes on its static shell: head and skip link.
STATIC_CHECKS = ("skip-link", "meta-viewport")


def expected_status(site: Site) -> str:
    if site.host is None:
        return "no_website"
    if site.dead:
        return "dns_failure"
    if site.tls_broken:
        return "tls_error"
    if site.robots_disallow_all:
        return "robots_blocked"
    if site.hangs:
        return "timeout"
    if site.redirect == "loop":
        return "redirect_loop"
    if site.home_error:
        return "http_error"
    if site.fate == "parked":
        return "parked"
    if site.fate == "offsite":
        return "redirected_offsite"
    return "ok"


def _accounts_linked(farm: Farm, site: Site) -> list[SocialLink]:
    """The site's own accounts, then another authority's it relays (farm/relays.py)."""
    return [*site.socials, *(relay.account for relay in social_relays(farm, site))]


def _findings(farm: Farm, site: Site) -> list[tuple[str, str]]:
    base = farm.base_url(site)
    found = [(f"social.{link.platform}", link.expected) for link in _accounts_linked(farm, site)]
    if site.a11y_level:
        found.append(("a11y.mention", site.a11y_level))
    for feature, path in (
        ("a11y.statement_url", site.statement_path),
        ("legal.notice_url", site.notice_path),
        ("legal.privacy_url", site.privacy_path),
    ):
        if path:
            found.append((feature, base + path))
    if site.cms != "plain":
        found.append(("tech.cms", site.cms))
    platforms = [*site.eservices, *(["franceconnect"] if site.franceconnect else [])]
    platforms += [*([site.permit_desk] if site.permit_desk else [])]
    platforms += [*(["smart-agenda"] if site.smart_agenda else [])]
    found += [("eservices.platform", slug) for slug in platforms]
    kinds = {kind for slug in platforms for kind in SERVICE_KINDS[slug]}
    found += [("eservices.kind", kind) for kind in sorted(kinds)]
    found += [("alerts.app", slug) for slug in site.alerts]
    if site.opendata_portal:
        found.append(("opendata.portal", site.opendata_portal))
    found += [("trackers", slug) for slug in site.trackers]
    if site.consent_manager:
        found.append(("consent.manager", site.consent_manager))
    else:
        found += [("trackers.without_consent", slug) for slug in site.trackers]
    if site.news_dates:
        found.append(("freshness.latest_news", site.news_dates[0].isoformat()))
    if site.sitemap:
        newest = site.news_dates[0] if site.news_dates else FARM_TODAY
        found.append(("freshness.sitemap_lastmod", newest.isoformat()))
    failed = {
        "skip-link": not site.skip_link,
        "meta-viewport": site.zoom_blocked,
        "image-alt": site.image_without_alt,
        "link-text-vague": site.vague_link,
    }
    found += [("a11y.check_failed", check) for check, fails in failed.items() if fails]
    if site.rendered_by_browser:
        # axe-core runs in rendered pages only; on the farm's markup it reports exactly the
        # planted image without alt and the blocked zoom (checked with axe-core 4.12, on the
        # home pages of the JavaScript-built sites and of those whose footer a script fetches).
        axe_rules = {"image-alt": site.image_without_alt, "meta-viewport": site.zoom_blocked}
        found += [("a11y.axe_violation", rule) for rule, fails in axe_rules.items() if fails]
    found += _civic_findings(site)
    found += service_findings(site)
    found += habit_findings(farm, site)
    if site.https:
        found.append(("security.https", "true"))
    for name in site.security_headers:
        found.append(
            ("security.hsts", "true")
            if name == "strict-transport-security"
            else ("security.header", name)
        )
    return found


def _civic_findings(site: Site) -> list[tuple[str, str]]:
    """Statement contents, transparency, participation, channels, freshness, newcomers."""
    found = [("tech.domain", "free-host" if site.cms == "e-monsite" else "own")]
    facts = site.statement
    if facts:
        if facts.audit_date:
            found.append(("a11y.audit_date", facts.audit_date.isoformat()))
        if facts.rate is not None:
            found.append(("a11y.conformity_rate", f"{facts.rate:g}"))
        if facts.rgaa_version:
            found.append(("a11y.rgaa_version", facts.rgaa_version.split()[0]))
        for feature, declared in (
            ("a11y.statement_contact", facts.contact),
            ("a11y.recourse", facts.recourse),
            ("a11y.schema", facts.schema),
        ):
            if declared:
                found.append((feature, "true"))
    # The hostile endless page, the archive and the acts' data file are linked as the
    # council's deliberations too; the budget's spreadsheet is a budget document.
    acts_file = "json" in site.data_files
    if site.acts_page or site.binary_file or "endless_body" in site.hostile or acts_file:
        found.append(("transparency.acts", "true"))
    if site.budget_page or "xlsx" in site.data_files:
        found.append(("transparency.budget", "true"))
    if site.council_video:
        found.append(("transparency.council_video", "true"))
    if site.buyer_profile:
        found.append(("transparency.buyer_profile", site.buyer_profile))
    if site.participation_platform:
        found.append(("participation.platform", site.participation_platform))
    found += [("participation.topic", topic) for topic in site.participation_topics]
    if site.newsletter:
        found.append(("alerts.newsletter", site.newsletter))
    if site.mailbox:
        found.append(("contact.mailbox", site.mailbox))
    if site.dpo_contact:
        found.append(("legal.dpo_contact", "true"))
    if site.contact_form:
        found.append(("contact.form", "true"))
    found += [("inclusion.topic", topic) for topic in site.inclusion_topics]
    if site.updated_on:
        found.append(("freshness.updated", site.updated_on.isoformat()))
    found += [("opendata.file", data_format) for data_format in site.data_files]
    if site.data_licence:
        found.append(("opendata.licence", site.data_licence))
    if site.copyright_year:
        found.append(("freshness.copyright_year", str(site.copyright_year)))
    if site.cache_validators:
        found.append(("freshness.last_modified", LAST_MODIFIED_DAY.isoformat()))
    topics = set(site.attractiveness_topics)
    if site.filler_pages > 3:
        topics.add("associations")  # the menu's "Associations" section
    # Not "Subventions aux associations (CSV)": a dataset, not a section.
    if any(decoy.owner == "office de tourisme" for decoy in site.decoys):
        topics.add("tourisme")  # "L'office de tourisme sur Facebook" on the home page
    found += [("attractiveness.topic", topic) for topic in sorted(topics)]
    if site.attractiveness_topics or site.large_page:
        found.append(("readability.kandel_moles", ANY_VALUE))  # newcomers' page, bulletin
    return found


def expected_findings(farm: Farm, site: Site) -> list[dict[str, Any]]:
    if expected_status(site) != "ok":
        return []
    findings = []
    for feature, value in _findings(farm, site):
        finding: dict[str, Any] = {"feature": feature, "value": value}
        static = feature.startswith(STATIC_IN_HEAD) or (
            feature == "a11y.check_failed" and value in STATIC_CHECKS
        )
        if site.rendered_by_browser and not static:
            finding["needs_rendering"] = True
        finding.update(FLAGS.get(feature, {}))
        findings.append(finding)
    return findings


def site_truth(farm: Farm, site: Site) -> dict[str, Any]:
    ok = expected_status(site) == "ok"
    return {
        "kind": site.kind,
        "code": site.code,
        "url": farm.listed_url(site),
        "status": expected_status(site),
        "findings": expected_findings(farm, site),
        "decoys": [
            {
                "feature": next(f"social.{p}" for p in DECOY_PLATFORMS if p in d.url),
                "value": d.url,
                "owner": d.owner,
            }
            for d in site.decoys
        ]
        if ok
        else [],
        "social_profiles": [
            public_profile(link, FARM_TODAY) for link in _accounts_linked(farm, site)
        ]
        if ok
        else [],
        "relays": relay_truth(farm, site) if ok else [],  # farm/relays.py
        "social_relays": social_relay_truth(farm, site) if ok else [],
    }


def ground_truth(farm: Farm) -> dict[str, Any]:
    sites = [site_truth(farm, site) for site in farm.sites()]
    return {
        "format": TRUTH_FORMAT,
        "farm": {
            "sites": farm.size,
            "seed": farm.seed,
            "port": farm.port,
            "tls_port": farm.tls_port,
        },
        "sites": sites,
        # What each commune's residents can do online across its four layers (farm/residents.py)
        "residents": residents_truth(farm, sites),
    }
