"""The building blocks of the data package's tables: a column with its Frictionless type and
meaning, a foreign key, a table that gives its resource descriptor, and the columns naming an
authority. The tables themselves: `reports/datapackage_schema.py` and
`reports/datapackage_schema_context.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# An authority as every table names it: its kind and its official code.
AUTHORITY = ("authority_kind", "authority_code")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: string, integer, number, boolean, datetime, object
    description: str


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" for the table itself
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def resource(self) -> dict[str, Any]:
        """The table's Frictionless resource descriptor."""
        fields = [
            {
                "name": column.name,
                "type": column.type,
                "description": column.description,
                **({"constraints": {"required": True}} if column.name in self.primary_key else {}),
                **({"format": "default"} if column.type == "datetime" else {}),
            }
            for column in self.columns
        ]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": list(self.primary_key)}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(key.fields),
                    "reference": {"resource": key.resource, "fields": list(key.reference)},
                }
                for key in self.foreign_keys
            ]
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def column(name: str, kind: str, description: str) -> Column:
    return Column(name, kind, description)


def authority_columns(whose: str = "the authority") -> tuple[Column, Column]:
    return (
        column(
            "authority_kind", "string", f"kind of {whose}: commune, epci, departement or region"
        ),
        column(
            "authority_code",
            "string",
            f"official code of {whose}: INSEE code (commune, département, région) or SIREN"
            " (EPCI); with authority_kind, the key of authorities",
        ),
    )


TIME = "ISO 8601, UTC"
TO_AUTHORITY = ForeignKey(AUTHORITY, "authorities", ("kind", "code"))
TO_SCAN = ForeignKey(("run_id", *AUTHORITY), "site_scans", ("run_id", *AUTHORITY))
