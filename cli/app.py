"""The `vigie` command: one module per verb family (cli/*.py), each verb a short loop over
library calls; this module only assembles them. The program's entry point, with its error
boundary, is cli/main.py."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import actors, crawling, data, demo, evaluation, farm, report, runs, scores, targets
from cli.common import roles
from cli.queue import queue_app
from cli.social import social_app
from cli.survey import survey_app
from cli.validation import validate_app
from cli.website import site_app

HELP = "Vigie: how French local authorities serve their citizens online."
app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)


@app.callback(help=HELP)
def global_options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show the Python traceback of a failure (or set VIGIE_DEBUG=1)."
        ),
    ] = False,
) -> None:
    # cli/main.py reads --debug itself, before the verb runs; it is declared here for --help.
    del debug
    roles.clear()  # what each file is to this command (cli.common.take_role)


app.add_typer(targets.targets_app, name="targets")
app.add_typer(farm.farm_app, name="farm")
app.add_typer(survey_app, name="survey")
app.add_typer(queue_app, name="queue")
app.add_typer(validate_app, name="validate")
app.add_typer(site_app, name="site")
app.add_typer(crawling.verbs)
app.add_typer(social_app, name="social")  # a group (`vigie social import`), after crawl
for family in (scores, runs, data, report, actors, demo, evaluation):
    app.add_typer(family.verbs)

if __name__ == "__main__":
    from cli.main import main

    main()
