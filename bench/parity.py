"""Export parity: run framelens on a corpus and print a digest of every exported table.

Not a benchmark: a check for restructurings that must not change results. Run it
before and after a change and compare the two outputs (``diff``); the columns that
differ from one run to the next (run ids, times, durations, paths of the machine)
are left out of the digests.

    python bench/parity.py corpus/sample > before.txt
    python bench/parity.py ../shared/corpus/seeds > before-seeds.txt
    python bench/parity.py --synthetic 60 > before-synth.txt
    # ... change the code ...
    python bench/parity.py corpus/sample | diff before.txt -

``--keep DIR`` keeps the exported CSVs there, to see what changed.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import FRAMELENS  # noqa: E402
from bench.synth import make_corpus  # noqa: E402

#: Columns that change between two identical runs.
VOLATILE = {
    "runs": None,  # the whole table: ids, times, durations, versions
    "framing": ("run_id", "seconds"),
    "documents": ("source",),  # the corpus path
    "frames": ("run_id",),
    "clusters": ("run_id",),
}

RUN_ID = r"\d{8}T\d{6}\.\d+Z-[0-9a-f]{4}"
SECONDS = r'"seconds": [0-9.]+,? ?'


def digests(exports: Path) -> dict[str, str]:
    """A digest per exported table, volatile columns left out, rows in a stable order."""
    import pandas as pd

    out = {}
    for path in sorted(exports.glob("*.csv")):
        name = path.stem
        if name in VOLATILE and VOLATILE[name] is None:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame = frame.drop(columns=[c for c in VOLATILE.get(name, ()) if c in frame.columns])
        frame = frame.replace(RUN_ID, "RUN", regex=True).replace(SECONDS, "", regex=True)
        frame = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        body = frame.to_csv(index=False).encode("utf-8")
        out[name] = f"{hashlib.sha256(body).hexdigest()[:16]}  rows={len(frame)} cols={','.join(frame.columns)}"
    return out


#: Parts of a report page that change between two identical runs: times, durations, versions.
PAGE_VOLATILE = (RUN_ID, r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?[^\s\"<,]*", r"\d+(\.\d+)? ?s\b",
                 r"/tmp/[^\s\"<]*", r"(?i)config( hash)?(\W+\w+)*?\W+[0-9a-f]{12}\b")


def page_digests(report: Path) -> dict[str, str]:
    """A digest per page of the report (HTML, Markdown), volatile parts blanked."""
    import re

    out = {}
    for path in sorted(report.rglob("*")):
        if path.suffix not in (".html", ".md") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in PAGE_VOLATILE:
            text = re.sub(pattern, "~", text)
        out[str(path.relative_to(report))] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--synthetic", type=int, default=0, help="Make a synthetic corpus of N documents instead.")
    parser.add_argument("--keep", type=Path, help="Keep the exported CSVs in this folder.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = make_corpus(tmp / "corpus", args.synthetic) if args.synthetic else args.corpus
        if corpus is None:
            parser.error("give a corpus folder or --synthetic N")
        out = tmp / "reports"
        run = subprocess.run([*FRAMELENS, "-q", "run", str(corpus), "--out", str(out)], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise SystemExit(f"framelens run failed ({run.returncode}):\n{run.stderr}")
        exports = tmp / "exports"
        subprocess.run([*FRAMELENS, "-q", "export", "--out", str(out), "--to", str(exports)], check=True, capture_output=True)
        for name, digest in digests(exports).items():
            print(f"{name:<11} {digest}")
        for name, digest in page_digests(out / "latest").items():
            print(f"{name:<40} {digest}")
        if args.keep:
            shutil.copytree(exports, args.keep, dirs_exist_ok=True)


if __name__ == "__main__":
    main()
