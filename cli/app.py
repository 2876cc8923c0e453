"""The `vigie` command: one module per verb family (cli/*.py), each verb a short loop over
library calls; this module only assembles them."""

from __future__ import annotations

import typer

from cli import crawling, data, demo, evaluation, farm, report, scores, targets
from cli.queue import queue_app
from cli.survey import survey_app

app = typer.Typer(
    help="Vigie: how French local authorities serve their citizens online.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(targets.targets_app, name="targets")
app.add_typer(farm.farm_app, name="farm")
app.add_typer(survey_app, name="survey")
app.add_typer(queue_app, name="queue")
for family in (crawling, scores, data, report, demo, evaluation):
    app.add_typer(family.verbs)

if __name__ == "__main__":
    app()
