"""`vendorlock history` on a real git repository built here, commit by commit."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.auditor.engine import scan
from vendorlock.config import ScanOptions
from vendorlock.history import HistoryQuery, scan_history
from vendorlock.model import History, Report

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

LLM = """\
import openai

client = openai.OpenAI()


def ask(question):
    return client.chat.completions.create(model="gpt-4o", messages=[question])
"""

SUMMARY = """\
import anthropic

claude = anthropic.Anthropic()


def summarize(text):
    return claude.messages.create(model="claude-sonnet-4-5", max_tokens=300, messages=[text])
"""

# (subject, files written) per commit, oldest first.
COMMITS: list[tuple[str, dict[str, str]]] = [
    ("start", {"README.md": "# shop\n"}),
    ("add the app", {"app/__init__.py": "", "app/util.py": "def slug(x):\n    return x\n"}),
    ("add the openai client", {"app/llm.py": LLM}),
    ("docs only", {"README.md": "# shop\n\nNow with an assistant.\n"}),
    ("add anthropic summaries", {"app/summary.py": SUMMARY}),
]


_EMPTY_CONFIG = Path(tempfile.mkdtemp(prefix="vendorlock-git-")) / "gitconfig"
_EMPTY_CONFIG.write_text("", encoding="utf-8")


def _git(repo: Path, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        # An empty file of our own: /dev/null is not always a device in a sandbox.
        "GIT_CONFIG_GLOBAL": str(_EMPTY_CONFIG),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Five commits, one a day from 2024-03-01, then uncommitted changes left lying around."""
    repo = tmp_path / "shop"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    for day, (subject, files) in enumerate(COMMITS, start=1):
        for name, text in files.items():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text, encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", subject, date=f"2024-03-0{day}T12:00:00+00:00")
    # Work in progress, which history must neither see nor disturb.
    (repo / "app" / "llm.py").write_text(LLM + "\nclient.embeddings.create(input='x')\n")
    (repo / "app" / "draft.py").write_text("import openai\n", encoding="utf-8")
    return repo


def _hashes(repo: Path) -> list[str]:
    return _git(repo, "rev-list", "--reverse", "HEAD").split()


def _score_of(tmp_path: Path, files: dict[str, str]) -> Report:
    """A plain scan of a directory holding `files`: what history must report for that tree."""
    root = tmp_path / "expected"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return scan([root], ScanOptions())


def test_the_history_table_has_one_row_per_commit_oldest_first(repo: Path, tmp_path: Path) -> None:
    hashes = [sha[:7] for sha in _hashes(repo)]
    app = {
        name: text for _, files in COMMITS for name, text in files.items() if name != "README.md"
    }
    both = _score_of(tmp_path, app).score
    assert both is not None

    result = RUNNER.invoke(cli.app, ["history", str(repo)])

    assert result.exit_code == 0, result.output
    llm_only = _score_of(tmp_path / "llm", {k: v for k, v in app.items() if k != "app/summary.py"})
    assert llm_only.score is not None
    one = f"{llm_only.score.total:.1f}"
    two = f"{both.total:.1f}"
    assert result.stdout.splitlines() == [
        "Commit   Date        Score  Grade  Findings  Calls  Subject",
        f"{hashes[0]}  2024-03-01    0.0  A             0      0  start",
        f"{hashes[1]}  2024-03-02    0.0  A             0      0  add the app",
        f"{hashes[2]}  2024-03-03  {one:>5}  {llm_only.score.grade}             4      1  "
        "add the openai client",
        f"{hashes[3]}  2024-03-04  {one:>5}  {llm_only.score.grade}             4      1  "
        "docs only",
        f"{hashes[4]}  2024-03-05  {two:>5}  {both.grade}             8      2  "
        "add anthropic summaries",
        f"5 commits: score 0.0 -> {two} ({both.total:+.1f})",
    ]


def test_history_never_touches_the_work_tree_the_index_or_head(repo: Path) -> None:
    before = (_git(repo, "status", "--porcelain"), _git(repo, "rev-parse", "HEAD"))
    index = (repo / ".git" / "index").read_bytes()

    RUNNER.invoke(cli.app, ["history", str(repo)])

    assert (_git(repo, "status", "--porcelain"), _git(repo, "rev-parse", "HEAD")) == before
    assert before[0] == "M app/llm.py\n?? app/draft.py".strip()
    assert (repo / ".git" / "index").read_bytes() == index
    assert (repo / "app" / "llm.py").read_text(encoding="utf-8").endswith("input='x')\n")


def test_unchanged_trees_are_scanned_once(repo: Path) -> None:
    scanned: list[Path] = []

    def counting(path: Path, options: ScanOptions) -> Report:
        scanned.append(path)
        return scan([path], options)

    history = scan_history(repo, ScanOptions(), HistoryQuery(), scanner=counting)

    # "docs only" changes no scanned file, and "start" and "add the app" differ.
    assert (len(history.points), len(scanned)) == (5, 4)
    assert history.points[2].findings == history.points[3].findings == 4
    assert history.points[2].tree != history.points[3].tree  # git's tree did change


def test_the_json_history_holds_every_count(repo: Path) -> None:
    hashes = _hashes(repo)

    result = RUNNER.invoke(cli.app, ["history", str(repo), "--format", "json"])

    history = History.model_validate_json(result.stdout)
    last = history.points[-1]
    assert (history.path, [p.commit for p in history.points]) == (".", hashes)
    assert (last.subject, last.date, last.findings, last.files_scanned) == (
        "add anthropic summaries",
        "2024-03-05T12:00:00+00:00",
        8,
        4,
    )
    assert (last.by_kind, last.by_sdk) == (
        {"call": 2, "client": 2, "import": 2, "model": 2},
        {"anthropic": 4, "openai": 4},
    )
    assert last.tree == _git(repo, "rev-parse", "HEAD^{tree}")
    assert json.loads(result.stdout)["schema_version"] == "1.0"


def test_max_count_and_since_select_the_newest_commits(repo: Path) -> None:
    newest_two = scan_history(repo, ScanOptions(), HistoryQuery(max_count=2))
    since = scan_history(repo, ScanOptions(), HistoryQuery(since="2024-03-04T00:00:00+00:00"))

    assert [p.subject for p in newest_two.points] == ["docs only", "add anthropic summaries"]
    assert [p.subject for p in since.points] == ["docs only", "add anthropic summaries"]


def test_a_subdirectory_history_starts_when_the_directory_appears(repo: Path) -> None:
    history = scan_history(repo / "app", ScanOptions(), HistoryQuery())

    assert history.path == "app"
    assert [p.subject for p in history.points] == [subject for subject, _ in COMMITS[1:]]
    assert history.points[-1].tree == _git(repo, "rev-parse", "HEAD:app")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("plain", "vendorlock: error: git rev-parse: fatal: not a git repository (or any of "
                  "the parent directories): .git\n"),
        ("plain/file.py", "vendorlock: error: '{path}' is not a directory (history scans a "
                          "directory of a git repository)\n"),
    ],
    ids=["not-a-repository", "a-file"],
)  # fmt: skip
def test_history_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "file.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    path = tmp_path / target

    result = RUNNER.invoke(cli.app, ["history", str(path)])

    assert (result.exit_code, result.stderr) == (cli.EXIT_ERROR, message.format(path=path))


def test_a_repository_without_commits_is_a_usage_error(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")

    result = RUNNER.invoke(cli.app, ["history", str(tmp_path)])

    assert (result.exit_code, result.stderr) == (
        cli.EXIT_ERROR,
        f"vendorlock: error: the git repository '{tmp_path}' has no commits yet\n",
    )
