"""`psoas learn [TOPIC]`: the education content, each fact with its sources."""

from __future__ import annotations

from typing import Annotated

import typer

from psoas.catalog import default_catalog
from psoas.cli._edge import console, print_json, user_errors
from psoas.cli.render import topic_panel, topic_table


@user_errors
def learn(
    topic: Annotated[str | None, typer.Argument(help="Topic id, e.g. anatomy; omit to list topics.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Learn what the psoas is, what tightens it, how that shows, and what helps."""
    catalog = default_catalog()
    if topic is None:
        if as_json:
            print_json([t.model_dump(mode="json") for t in catalog.topics])
        else:
            console().print(topic_table(catalog.topics))
            console().print("Read one with [cyan]psoas learn TOPIC[/], e.g. [cyan]psoas learn anatomy[/].")
        return
    found = catalog.topic(topic)
    if as_json:
        print_json(found.model_dump(mode="json"))
    else:
        console().print(topic_panel(found))
