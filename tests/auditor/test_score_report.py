"""The score in the reports: the text report's score section and the JSON contract."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from vendorlock.auditor.engine import scan_project
from vendorlock.config import resolve_config
from vendorlock.console import export_text
from vendorlock.model import BlastRadius, Kind, Report
from vendorlock.reports.json_report import render_json, shipped_report_schema
from vendorlock.reports.terminal import build_text_report
from vendorlock.reports.terminal_score import HotSpots, ScorePart, build_score_section

CALIBRATION = Path(__file__).resolve().parents[2] / "fixtures" / "projects" / "calibration"


@cache
def _report(name: str) -> Report:
    root = CALIBRATION / name
    options = resolve_config([root], None, {}, root).config.scan_options()
    return scan_project([root], options).report


def test_score_section_of_the_gateway_project() -> None:
    section = build_score_section(_report("gateway"))

    assert section is not None
    assert section.headline == "Lock-in score 5.6 / 100 (grade A)"
    assert section.parts == (
        ScorePart(
            "reach",
            "5.6 / 40",
            "16 of 30 functions and module bodies and 7 of 8 entry points reach a vendor call",
        ),
        ScorePart(
            "surface",
            "0.0 / 35",
            "0 of 3 distinct vendor APIs, features and other couplings need work to move "
            "(0 proprietary features), weighing 0",
        ),
        ScorePart(
            "scatter", "0.0 / 25", "direct vendor calls in 1 module, 1 of them in the gateway"
        ),
    )
    assert section.containment == (
        "Gateway (shop/llm/**): 2 of 2 direct calls inside, 0 modules call a vendor outside it"
    )
    assert section.hot_spots[:2] == (
        HotSpots(
            "Modules by lock-in", ("Module", "Score", "Grade"), (("shop.llm.gateway", "5.6", "A"),)
        ),
        HotSpots(
            "Call sites by blast radius",
            ("Call site", "API", "Blast radius"),
            (
                (
                    "shop/llm/gateway.py:34",
                    "openai:embeddings.create",
                    "7 fn, 5 mod, 4 entries",
                ),
                (
                    "shop/llm/gateway.py:21",
                    "openai:chat.completions.create",
                    "8 fn, 5 mod, 3 entries",
                ),
            ),
        ),
    )
    assert section.hot_spots[2].rows[-2:] == (
        ("shop.cli", "main", "openai"),
        ("shop.cli.main", "script", "openai"),
    )


def test_hot_spots_show_the_first_five_modules_and_call_sites() -> None:
    section = build_score_section(_report("scattered"))

    assert section is not None
    modules, calls, entries = section.hot_spots
    assert modules.rows == (
        ("newsroom.research", "32.0", "B"),
        ("newsroom.nightly", "24.1", "B"),
        ("newsroom.archive", "21.8", "B"),
        ("newsroom.briefing", "20.3", "B"),
        ("newsroom.factcheck", "15.3", "A"),
    )
    assert len(calls.rows) == 5
    # Equal radii (each call has one route above it) are listed by place.
    assert [row[0] for row in calls.rows] == [
        "newsroom/archive.py:16",
        "newsroom/briefing.py:11",
        "newsroom/drafting.py:13",
        "newsroom/factcheck.py:11",
        "newsroom/headlines.py:7",
    ]
    assert calls.rows[0] == (
        "newsroom/archive.py:16",
        "openai:vector_stores.search",
        "2 fn, 2 mod, 1 entry",
    )
    assert entries.rows[0] == ("newsroom.web.draft_story", "route", "anthropic, openai")


def test_the_text_report_prints_the_score_before_the_findings() -> None:
    lines = [
        line.rstrip() for line in export_text(build_text_report(_report("gateway"))).splitlines()
    ]

    start = lines.index("Lock-in score 5.6 / 100 (grade A)")
    assert lines[start + 1].startswith(
        "  reach    5.6 / 40  16 of 30 functions and module bodies and 7 of 8 entry points"
    )
    assert (
        "  Gateway (shop/llm/**): 2 of 2 direct calls inside, 0 modules call a vendor outside it"
        in lines
    )
    assert lines.index("Call sites by blast radius") < lines.index(
        "shop/llm/gateway.py (4 findings)"
    )


def test_a_report_without_a_score_has_no_score_section() -> None:
    report = _report("gateway").model_copy(update={"score": None})

    assert build_score_section(report) is None
    assert build_text_report(report).score is None
    assert "Lock-in score" not in export_text(build_text_report(report))


def test_every_finding_carries_its_blast_radius() -> None:
    report = _report("gateway")

    radii = {(f.line, f.kind): f.blast_radius for f in report.findings}
    assert radii[(11, Kind.IMPORT)] == BlastRadius(functions=0, modules=1, entry_points=0)
    assert radii[(21, Kind.CALL)] == BlastRadius(
        functions=8,
        modules=5,
        entry_points=3,
        entry_point_names=(
            "shop.api.ask_support",
            "shop.api.product_description",
            "shop.api.review_summary",
        ),
    )


def test_a_scored_report_matches_the_shipped_schema() -> None:
    validator = Draft202012Validator(shipped_report_schema())

    for name in ("no_vendor", "gateway", "scattered"):
        document = json.loads(render_json(_report(name)))
        assert list(validator.iter_errors(document)) == []
        assert list(document)[:5] == ["schema_version", "tool", "root", "summary", "score"]
