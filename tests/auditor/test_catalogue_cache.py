"""The parsed catalogue kept as JSON in the cache directory: same catalogue, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vendorlock.auditor import catalogue
from vendorlock.auditor.catalogue import CATALOGUE_DIR, load_catalogue, read_tables


def _copy(tmp_path: Path) -> Path:
    directory = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, directory, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return directory


def _copies(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalogue-*.json"))


def test_the_cached_tables_are_the_parsed_tables(tmp_path: Path) -> None:
    parsed = read_tables(CATALOGUE_DIR)
    assert read_tables(CATALOGUE_DIR, tmp_path) == parsed  # first: parses and writes
    assert len(_copies(tmp_path)) == 1
    assert read_tables(CATALOGUE_DIR, tmp_path) == parsed  # then: reads the copy
    cached, parsed_catalogue = load_catalogue(cache_dir=tmp_path), load_catalogue()
    assert cached.sdks == parsed_catalogue.sdks
    assert cached.providers == parsed_catalogue.providers


def test_a_second_load_does_not_parse_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_tables(CATALOGUE_DIR, tmp_path)

    def no_toml(name: str, source: bytes) -> object:
        raise AssertionError(f"parsed {name} again")

    monkeypatch.setattr(catalogue, "_parse_toml", no_toml)
    assert "openai.toml" in read_tables(CATALOGUE_DIR, tmp_path)


def test_an_edited_catalogue_is_read_again(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    read_tables(directory, tmp_path / "cache")
    path = directory / "openai.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('display_name = "OpenAI"', 'display_name = "X"'),
        encoding="utf-8",
    )
    assert read_tables(directory, tmp_path / "cache")["openai.toml"]["display_name"] == "X"
    assert len(_copies(tmp_path / "cache")) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-40] + bytes(40), id="bytes flipped"),
    ],
)
def test_a_damaged_copy_is_parsed_again(damage: object, tmp_path: Path) -> None:
    parsed = read_tables(CATALOGUE_DIR)
    read_tables(CATALOGUE_DIR, tmp_path)
    (copy,) = _copies(tmp_path)
    copy.write_bytes(damage(copy.read_bytes()))  # type: ignore[operator]
    assert read_tables(CATALOGUE_DIR, tmp_path) == parsed
    assert read_tables(CATALOGUE_DIR, tmp_path) == parsed  # and the copy was rewritten


def test_an_unwritable_cache_directory_still_loads(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    assert read_tables(CATALOGUE_DIR, blocked / "cache") == read_tables(CATALOGUE_DIR)
