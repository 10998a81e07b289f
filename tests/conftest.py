"""Shared fixtures. Tests that need the trained spaCy model are marked ``model``."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seed_passages.jsonl"

needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/corpus/seeds is not beside this checkout (CI has it)"
)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample corpus."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def framelens_cmd() -> list[str]:
    """The CLI as a subprocess command (for kill and concurrency tests)."""
    return [sys.executable, "-c", "from framelens.cli import main; main()"]


def run_cli(*args: str, catch: bool = False, input: str | None = None):
    """Invoke the CLI in-process (``input`` is typed at its prompts) and return the click Result."""
    from click.testing import CliRunner

    from framelens.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=catch, input=input)
