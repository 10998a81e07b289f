"""The README's layout is the tree, and imports follow its layers (no import runs back up)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "framelens"


def layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Layout", 1)[1]
    return section.split("```", 2)[1]


def layers() -> list[set[str]]:
    """Top-level parts of the package (folders and modules), one set per line, top first."""
    out = []
    for line in layout_block().splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            words = line.split()
            names = []
            for w in words:
                if w.endswith("/") or w.endswith(".py"):
                    names.append(w.rstrip("/").removesuffix(".py"))
                else:
                    break
            if names:
                out.append(set(names))
    return out


def test_layout_names_every_module_and_only_modules_that_exist():
    block = layout_block()
    named = set(re.findall(r"[\w]+\.py", block)) | {w.rstrip("/") for w in re.findall(r"\b[\w]+/", block)}
    modules = {p.name for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert modules - named == set(), "modules missing from the README layout"
    assert folders - named == set(), "folders missing from the README layout"
    every = {p.name for p in ROOT.rglob("*") if ".git" not in p.parts} | {"src", "tests", "bench", "corpus"}
    assert named - every == set(), "the README layout names files that do not exist"


def _imports(path: Path) -> set[str]:
    """Top-level parts of framelens that ``path`` imports (lazily or not)."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
                if len(target) == 1:  # "from .. import x": x are modules of the package
                    target += [a.name for a in node.names][:1]
            else:
                target = (node.module or "").split(".")
            if target and target[0] == "framelens" and len(target) > 1:
                found.add(target[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "framelens" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_no_import_runs_back_up_the_layers():
    order = layers()
    rank = {name: i for i, names in enumerate(order) for name in names}
    upward = []
    for path in PACKAGE.rglob("*.py"):
        part = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if part == "__init__":
            continue  # the package root re-exports the public API from below
        for target in _imports(path) - {part}:
            if target in rank and rank[target] < rank[part]:
                upward.append(f"{path.relative_to(PACKAGE)} -> {target}")
    assert not upward, upward


def test_report_holds_no_sql_and_no_spacy():
    for path in (PACKAGE / "report").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b", text), path
        assert "import spacy" not in text and "from spacy" not in text, path


def test_only_the_store_holds_sql():
    outside = [p for p in PACKAGE.rglob("*.py") if "store" not in p.relative_to(PACKAGE).parts]
    for path in outside:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\"'](SELECT|INSERT|UPDATE|DELETE|ALTER|CREATE TABLE)\b", text), path


def test_no_two_modules_share_a_name_outside_the_commands():
    """``cli/`` modules are named after their commands; every other module name is used once."""
    names = [p.name for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" and p.parent.name != "cli"]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
