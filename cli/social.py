"""The social accounts the sites link to: `vigie social` (what the platforms show publicly)
and `vigie social import FILE` (what they show only to the accounts' owners, declared)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast
from urllib.parse import urlsplit

import typer

from cli.common import (
    MAX_ERRORS_SHOWN,
    DbOption,
    RunOption,
    console,
    database_url,
    errors,
    fail,
    pick_run,
    take_role,
)
from database import open_database

if TYPE_CHECKING:
    from database.social_declarations import ImportResult

MAX_URL = 2048  # social_declarations.url
T = TypeVar("T")

social_app = typer.Typer()


@social_app.callback(invoke_without_command=True)
def social(
    ctx: typer.Context,
    db: DbOption = None,
    run: RunOption = None,
    platform_origin: Annotated[
        str | None,
        typer.Option(
            help="Farm mode: where platforms are served, e.g. 'http://{host}:8000' "
            "(a platform's https://host/ is asked there)."
        ),
    ] = None,
    farm_hosts: Annotated[
        Path | None, typer.Option(help="Hosts file of a local farm (as for vigie crawl).")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Scrapy's log on the console.")
    ] = False,
) -> None:
    """Visit the social accounts a crawl run's sites link to and record their public activity.

    Followers, posts, posts in the 90 days up to the run's day and the newest post's date
    where the platform shows them without login (Mastodon, PeerTube, Bluesky, Dailymotion;
    YouTube's subscribers); reachability only behind a login wall (Facebook, Instagram, X,
    LinkedIn), figures unknown, never 0. One request a second per platform; robots.txt obeyed.
    Run it again to finish an interrupted check. Without --verbose, the log goes to
    vigie-crawl.log. `vigie social import FILE` adds the figures that platforms show only to
    the accounts' owners (docs/social.md).

    Example: vigie social --run 3
    """
    if ctx.invoked_subcommand is not None:
        if platform_origin or farm_hosts or verbose:
            fail("--platform-origin, --farm-hosts and --verbose are for the check itself, not "
                 f"for `vigie social {ctx.invoked_subcommand}`: remove them")  # fmt: skip
        return  # --db and --run given before the subcommand are its own (_parent_option)
    _check(db, run, platform_origin, farm_hosts, verbose)


def _check(
    db: str | None,
    run: int | None,
    platform_origin: str | None,
    farm_hosts: Path | None,
    verbose: bool,
) -> None:
    from crawler.runner import CrawlStopped, WorkerFailed, run_social

    url = database_url(db)
    engine = open_database(url)
    run_id = pick_run(engine, run)
    overrides: dict[str, object] = (
        {"LOG_LEVEL": "INFO"} if verbose else {"LOG_FILE": "vigie-crawl.log"}
    )
    if platform_origin:
        overrides["VIGIE_PLATFORM_ORIGIN"] = platform_origin
    if farm_hosts is not None:
        overrides["VIGIE_FARM_HOSTS"] = str(farm_hosts)
    try:
        checked, reachable = run_social(url, run_id, overrides)
    except CrawlStopped as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(error.exit_code) from None
    except ValueError as error:  # no such run, a hosts file naming none: as for crawl, 2
        errors.print(str(error), markup=False)
        raise typer.Exit(2) from None
    except WorkerFailed as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(1) from None
    console.print(f"Run {run_id}: {checked} social profiles checked, {reachable} reachable.")


def _parent_option(ctx: typer.Context, name: str, given: T | None) -> T | None:
    """An option of `vigie social` given before the subcommand, unless the subcommand has it."""
    if given is not None or ctx.parent is None:
        return given
    return cast("T | None", ctx.parent.params.get(name))


@social_app.command("import")
def social_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV of the declared figures (docs/social.md).")],
    run: RunOption = None,
    db: DbOption = None,
) -> None:
    """Import figures that platforms show only to the accounts' owners, declared, not observed.

    A CSV exported by an authority or a study team from the platforms' own statistics, one
    account a line: code (or siren), platform, url, followers, posts_90d, last_activity,
    as_of (docs/social.md). UTF-8, comma or semicolon separated; an empty cell is unknown,
    never 0. All or nothing: each bad line is one line "FILE:LINE: what ; how to fix", and
    the command stores nothing and exits 1. Importing again replaces the same accounts'
    figures for the run. Reports show declared figures marked as such, only where `vigie
    social` observed none.

    Example: vigie social import declarations.csv --run 3
    """
    from cli.main import one_line
    from database.social_declarations import DeclarationError, import_declarations

    if file.is_dir():
        fail(f"{file} : c'est un dossier ; donner le fichier CSV des chiffres déclarés")
    if not file.is_file():
        what = "fichier introuvable" if not file.exists() else "ce n'est pas un fichier ordinaire"
        fail(f"{file} : {what} ; donner le fichier CSV des chiffres déclarés")
    take_role(file, "the declared figures")
    engine = open_database(database_url(_parent_option(ctx, "db", db)))
    run_id = pick_run(engine, _parent_option(ctx, "run", run))
    try:
        result = import_declarations(engine, file, run_id, account_address)
    except DeclarationError as error:
        for line in error.lines[:MAX_ERRORS_SHOWN]:
            errors.print(one_line(line))
        lines = len(error.lines)
        if lines > MAX_ERRORS_SHOWN:
            errors.print(f"… et {lines - MAX_ERRORS_SHOWN} autres lignes à corriger")
        errors.print(f"Rien n'a été importé ({lines} {'ligne' if lines == 1 else 'lignes'} à "
                     f"corriger) : corriger {file} puis relancer la commande.")  # fmt: skip
        raise typer.Exit(1) from None
    _print_result(result)
    _say_scores_are_older(engine, run_id)


def _say_scores_are_older(engine: Any, run_id: int) -> None:
    """The score reads declared figures when it runs: scores computed before this import do
    not hold them, and the reports built on them would not either."""
    from sqlalchemy import func, select

    from database.models import Score

    with engine.connect() as connection:
        scored = connection.execute(
            select(func.count()).select_from(Score).where(Score.run_id == run_id)
        ).scalar_one()
    if scored:
        console.print(
            f"Les scores de la campagne {run_id} ont été calculés avant cet import : relancer"
            f" « vigie score --run {run_id} » puis les rapports pour qu'ils en tiennent compte."
        )


def _print_result(result: ImportResult) -> None:
    from cli.main import printable
    from database.vocabulary import SOCIAL_PLATFORMS
    from reports.french import counted, plural

    n, unlinked = result.accounts, len(result.unlinked)
    said = (
        f"{counted(n, 'compte')} {plural(n, 'déclaré')} {plural(n, 'importé')} pour la "
        f"campagne {result.run_id} ({counted(result.authorities, 'collectivité')})"
    )
    if result.replaced:
        r = result.replaced
        said += (
            f" ; {counted(r, 'compte')} déjà {plural(r, 'importé')} "
            f"{plural(r, 'a', 'ont')} été {plural(r, 'remplacé')}"
        )
    if unlinked:
        verb = "n'est lié" if unlinked == 1 else "ne sont liés"
        said += f" ; {counted(unlinked, 'compte')} {verb} par aucun site exploré :"
    console.print(printable(said + ("" if unlinked else ".")))
    for account in result.unlinked:
        platform = SOCIAL_PLATFORMS.get(account.platform, account.platform)
        console.print(printable(f"  {account.name} ({account.code}) : {platform} {account.url}"))


def account_address(platform: str, written: str) -> str:
    """The account's canonical address by the extractor's rule (pipelines/extractors/social.py),
    so that a declared account and the same account linked by a site are one; a ValueError
    says why an address is not an account of that platform."""
    from database.social_declaration_file import quoted
    from database.vocabulary import SOCIAL_PLATFORMS
    from pipelines.extractors.page import Link
    from pipelines.extractors.social import PEERTUBE_PROFILE, profile_of

    label = SOCIAL_PLATFORMS[platform]
    text = written.strip()
    if ":" not in text.split("/", 1)[0]:  # "facebook.com/ville" as copied, without scheme
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:  # an unbalanced "[" of an IPv6 host
        parts, host = urlsplit(""), ""
    if len(text) > MAX_URL or parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError(f"url {quoted(written)} n'est pas une adresse web ; donner l'adresse du "
                         f"compte {label}, https://...")  # fmt: skip
    # rel="me": the owner says it is theirs, which is what makes a fediverse address an account.
    found = profile_of(Link(url=text, text="", rel="me", snippet=""))
    path = parts.path.rstrip("/")
    if found is None and platform == "peertube" and PEERTUBE_PROFILE.fullmatch(path):
        found = ("peertube", f"https://{host}{path}")  # an instance whose name does not say so
    if found is None:
        raise ValueError(f"url {quoted(written)} n'est pas l'adresse d'un compte {label} ; donner "
                         "l'adresse de son profil, pas d'une publication ni d'un partage")  # fmt: skip
    if found[0] != platform:
        raise ValueError(f"url {quoted(written)} est un compte {SOCIAL_PLATFORMS[found[0]]} et "
                         f"platform dit {label} ; corriger l'un des deux")  # fmt: skip
    return found[1]
