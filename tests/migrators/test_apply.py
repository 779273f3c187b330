"""Atomic writes of migrated files."""

from __future__ import annotations

from pathlib import Path

from vendorlock.migrators.apply import write_atomic


def test_write_atomic_keeps_a_symlink_and_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.py"
    link.symlink_to(target)

    write_atomic(link, b"new\n")

    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new\n"
