"""The JSON report and its JSON Schema: vendorlock's public, versioned output.

The document is the `Report` model as it is, so the schema is generated from
the model rather than written by hand; `report.schema.json` ships in the
package and a test fails when it no longer matches the model
(`python scripts/generate_schema.py` rewrites it).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from vendorlock.model import Report

__all__ = [
    "SCHEMA_DIALECT",
    "SCHEMA_FILE",
    "SCHEMA_PATH",
    "render_json",
    "report_json_schema",
    "report_schema_text",
    "shipped_report_schema",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "report.schema.json"
SCHEMA_PATH = Path(__file__).with_name(SCHEMA_FILE)
"""Where the schema lives in a source checkout; the generator script writes here."""


def render_json(report: Report) -> str:
    """The report as JSON: model field order, indent 2, UTF-8 text, trailing newline.

    Count maps are sorted by key so two scans of the same code give the same
    bytes whatever order the scanner counted in.
    """
    document = report.model_dump(mode="json")
    summary = document["summary"]
    for key, value in summary.items():
        if isinstance(value, dict):
            summary[key] = dict(sorted(value.items()))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of what `render_json` writes.

    `render_json` writes every field, defaults included (`api`, `cell`, ...),
    and the models say so (`json_schema_serialization_defaults_required`): a
    consumer may rely on `finding["cell"]` being there, null or not.
    """
    schema = Report.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, **schema}


def report_schema_text() -> str:
    """The schema exactly as the shipped file holds it."""
    return json.dumps(report_json_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_report_schema() -> dict[str, Any]:
    """The schema file installed with the package."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
