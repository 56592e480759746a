"""`psoas delete`: delete one check-in, session, camera analysis or Thomas test by its id, or everything."""

from __future__ import annotations

from typing import Annotated

import typer

from psoas.cli._edge import console, open_db, print_json, user_errors, utc_now
from psoas.errors import InvalidInputError
from psoas.store.erase import Kind, delete_all, record_ids
from psoas.today import delete_record_safely

__all__ = ["delete"]


@user_errors
def delete(
    what: Annotated[str, typer.Argument(help="checkin, session, analysis, thomas, or all.")],
    record_id: Annotated[int | None, typer.Argument(help="The record's id (see --list).")] = None,
    listing: Annotated[bool, typer.Option("--list", help="List the ids of that kind, oldest first.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Delete a record you made by mistake (e.g. a duplicate check-in), or all your data (`all`)."""
    store = open_db()
    if what == "all":
        if not yes and not typer.confirm("Delete everything psoas stores about you? This cannot be undone"):
            raise typer.Exit(1)
        deleted = delete_all(store)
        print_json({"deleted_rows": deleted}) if as_json else console().print(f"Deleted {deleted} records.")
        return
    kinds = [k.value for k in Kind]
    if what not in kinds:
        raise InvalidInputError(
            f"'{what}' is not something psoas can delete; choose {', '.join(kinds)} or all."
        )
    kind = Kind(what)
    if listing or record_id is None:
        ids = record_ids(store, kind)
        print_json(ids) if as_json else console().print(" ".join(map(str, ids)) or f"No {what} stored.")
        return
    if not yes and not typer.confirm(f"Delete {what} {record_id}? This cannot be undone"):
        raise typer.Exit(1)
    if not delete_record_safely(store, kind, record_id, utc_now()):
        raise InvalidInputError(f"There is no {what} {record_id}; `psoas delete {what} --list` lists them.")
    print_json({"deleted": what, "id": record_id}) if as_json else console().print(
        f"Deleted {what} {record_id}."
    )
