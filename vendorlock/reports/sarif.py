"""The SARIF 2.1.0 report, for code-scanning services (GitHub, Azure DevOps, IDEs).

One run, one result per finding. Results point at their rule by id and index
into `tool.driver.rules`, which lists every rule of the catalogue so that the
index of a rule does not depend on what a scan happened to find. Locations are
relative to the `SRCROOT` base id, which `originalUriBaseIds` maps to the scan
root, so the file stays valid when the checkout moves. Files that could not be
scanned become tool execution notifications, not results: they say nothing
about the code's coupling.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from vendorlock.model import Diagnostic, DiagnosticKind, Finding, Report, RuleInfo, Severity
from vendorlock.reports.overview import PROJECT_URL, rule_url

__all__ = [
    "FINGERPRINT_KEY",
    "SARIF_SCHEMA_URI",
    "SARIF_VERSION",
    "SRCROOT",
    "SUPPRESSION",
    "render_sarif",
    "sarif_level",
]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "SRCROOT"
FINGERPRINT_KEY = "vendorlock/v1"
"""Versioned so that a change of fingerprint algorithm can publish a new key
beside the old one instead of reopening every alert."""

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

JSON = dict[str, Any]

SUPPRESSION: JSON = {
    "kind": "inSource",
    "justification": "Silenced by a `# vendorlock: ignore` comment in the source.",
}
"""The SARIF suppression of a finding silenced in the source."""


def sarif_level(severity: Severity) -> str:
    """SARIF's name for a severity: `info` is a `note`."""
    return _LEVELS[severity]


def render_sarif(report: Report, rules: Mapping[str, RuleInfo]) -> str:
    """The report as a SARIF 2.1.0 log: indent 2, UTF-8 text, trailing newline."""
    descriptors = _descriptors(report, rules)
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    run: JSON = {
        "tool": {"driver": _driver(report, descriptors)},
        "invocations": [_invocation(report.diagnostics)],
        "originalUriBaseIds": {SRCROOT: _root_location(report.root)},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.rule]) for finding in report.findings],
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _driver(report: Report, descriptors: list[JSON]) -> JSON:
    return {
        "name": report.tool.name,
        "version": report.tool.version,
        "semanticVersion": report.tool.version,
        "informationUri": PROJECT_URL,
        "rules": descriptors,
    }


def _descriptors(report: Report, rules: Mapping[str, RuleInfo]) -> list[JSON]:
    """Every catalogue rule, then any rule a finding names that the catalogue lacks.

    The second group only exists for reports made by another version of the
    catalogue; without it their results would point at no rule.
    """
    descriptors = [_descriptor(rule) for rule in rules.values()]
    unknown = dict.fromkeys(f.rule for f in report.findings if f.rule not in rules)
    descriptors += [{"id": rule_id, "name": rule_id} for rule_id in unknown]
    return descriptors


def _descriptor(rule: RuleInfo) -> JSON:
    tags = ["vendor-lock-in", rule.kind.value] + ([rule.sdk] if rule.sdk else [])
    return {
        "id": rule.id,
        "name": _pascal_case(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.summary},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {"level": sarif_level(rule.severity)},
        "properties": {"kind": rule.kind.value, "sdk": rule.sdk, "tags": tags},
    }


def _pascal_case(rule_id: str) -> str:
    # SARIF suggests a name that reads as an identifier ("VendorCall"), which
    # viewers show beside the id.
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _help_sections(rule: RuleInfo) -> tuple[tuple[str, str], ...]:
    return (
        ("What it finds", rule.summary),
        ("Why it locks you in", rule.why),
        ("Use instead", rule.alternative),
        ("Fix safety", rule.fix_safety),
    )


def _help_text(rule: RuleInfo) -> str:
    return "\n\n".join(f"{heading}: {body}" for heading, body in _help_sections(rule))


def _help_markdown(rule: RuleInfo) -> str:
    return "\n\n".join(f"**{heading}.** {body}" for heading, body in _help_sections(rule))


def _root_location(root: str) -> JSON:
    """`file:///abs/root/`: SARIF base URIs must be absolute and end with a slash."""
    if not root.startswith("/"):
        # Only an absolute path makes a valid file URI; a relative root (a
        # hand-made report) is described instead of producing a broken URI.
        return {"description": {"text": root}}
    return {"uri": "file://" + quote(root.rstrip("/") + "/")}


def _result(finding: Finding, rule_index: int) -> JSON:
    """One finding as a SARIF result.

    A suppressed finding (`# vendorlock: ignore[...]`) stays a result with an
    in-source suppression, so that code scanning shows it as dismissed rather
    than fixed, and the suppression is visible in review.
    """
    result: JSON = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": sarif_level(finding.severity),
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": _physical_location(finding)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": _properties(finding),
    }
    if finding.suppressed:
        result["suppressions"] = [dict(SUPPRESSION)]
    return result


def _message(finding: Finding) -> str:
    if finding.cell is None:
        return finding.message
    return f"Cell {finding.cell}, line {finding.line}: {finding.message}"


def _artifact(path: str) -> JSON:
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _physical_location(finding: Finding) -> JSON:
    if finding.cell is not None:
        # Lines count from the top of the cell, not of the .ipynb JSON, so a
        # region would point at the wrong text. Line 1 anchors the result to
        # the notebook (viewers need a line); the cell is in the message and
        # the properties.
        return {"artifactLocation": _artifact(finding.path), "region": {"startLine": 1}}
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "snippet": {"text": finding.code},
    }
    return {"artifactLocation": _artifact(finding.path), "region": region}


def _properties(finding: Finding) -> JSON:
    properties: JSON = {
        "kind": finding.kind.value,
        "sdk": finding.sdk,
        "provider": finding.provider,
        "api": finding.api,
        "portability": finding.portability.value,
        "confidence": finding.confidence.value,
        "features": list(finding.features),
    }
    if finding.cell is not None:
        properties["notebookCell"] = finding.cell
        properties["cellRegion"] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,
        }
    return properties


def _invocation(diagnostics: tuple[Diagnostic, ...]) -> JSON:
    # The run itself succeeded even when some files could not be read:
    # per-file failures are reported, never fatal.
    return {
        "executionSuccessful": True,
        "toolExecutionNotifications": [_notification(item) for item in diagnostics],
    }


def _notification(diagnostic: Diagnostic) -> JSON:
    # A skipped file was left out on purpose; every other kind is a file the
    # user expected to be scanned and was not.
    level = "warning" if diagnostic.kind is DiagnosticKind.SKIPPED else "error"
    location: JSON = {"artifactLocation": _artifact(diagnostic.path)}
    if diagnostic.line is not None and diagnostic.line >= 1:
        location["region"] = {"startLine": diagnostic.line}
    return {
        "level": level,
        "message": {"text": diagnostic.message},
        "descriptor": {"id": diagnostic.kind.value},
        "locations": [{"physicalLocation": location}],
    }
