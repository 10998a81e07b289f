"""The ``framelens`` command. This module imports only click: subcommands load lazily.

Exit codes: 0 success; 1 completed, but some documents were skipped or failed;
2 usage or configuration error; 3 another run holds the store's lock;
4 internal error (a bug: please report it with the log).
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from .._version import __version__

COMMANDS = {
    "run": ("framelens.cli.run", "run", "Analyse a corpus and write the report (incremental)."),
    "frame": ("framelens.cli.run", "frame", "Analyse a corpus and frame it with a saved framing model."),
    "report": ("framelens.cli.report", "report", "Re-write the report of the last run, e.g. with comparison pages."),
    "compare": ("framelens.cli.report", "compare", "Put documents (or groups of them) side by side on one page."),
    "export": ("framelens.cli.export", "export", "Write every table of a store as CSV, JSON Lines or Parquet."),
    "ingest": ("framelens.cli.ingest", "ingest", "Read a corpus and list its documents, without analysis."),
    "status": ("framelens.cli.status", "status", "Show the documents and last runs of a store."),
    "evaluate": ("framelens.cli.evaluate", "evaluate", "Score framelens against hand-coded gold passages."),
    "domain": ("framelens.cli.domain", "domain", "Validate and inspect domain packs."),
    "label": ("framelens.cli.label", "label", "Pick the passages the framing model is least sure of, to label."),
    "train": ("framelens.cli.train", "train", "Fit the framing model on labelled passages (no corpus needed)."),
}
EXIT_INTERNAL = 4


class FramelensGroup(click.Group):
    """A group whose subcommands are imported only when invoked (fast ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above, so --help imports no subcommand module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in sorted(COMMANDS)])

    def invoke(self, ctx: click.Context) -> object:
        import sqlite3

        from ..errors import FramelensError

        try:
            return super().invoke(ctx)
        except FramelensError as exc:
            logging.getLogger("framelens").debug("error", exc_info=True)
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from None
        except sqlite3.Error as exc:  # a damaged or unwritable store, met outside a run
            from ..store.db import explain

            logging.getLogger("framelens").debug("store error", exc_info=True)
            error = click.ClickException(f"the store failed: {explain(exc)}")
            error.exit_code = 2
            raise error from None


@click.group(cls=FramelensGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="framelens")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar.")
@click.option("--log-file", type=click.Path(dir_okay=False, writable=True), help="Also log (with timestamps) to this file.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, log_file: str | None) -> None:
    """framelens: how is a policy framed, by whom, with what evidence?

    \b
    Example:
      framelens run corpus/sample          # analyse, report in reports/latest/
      framelens status --out reports       # what is in the store
    """
    ctx.obj = {"quiet": quiet, "verbose": verbose}
    _configure_logging(verbose, quiet, log_file)


def _configure_logging(verbose: int, quiet: bool, log_file: str | None) -> None:
    root = logging.getLogger("framelens")
    root.setLevel(logging.DEBUG)
    root.handlers[:] = [h for h in root.handlers if isinstance(h, logging.NullHandler)]
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)])
    console.setFormatter(_ConsoleFormatter("framelens: %(message)s", tracebacks=verbose > 1))
    if not quiet:  # notices (e.g. the Dask dashboard link) are shown at the default verbosity
        console.setLevel(min(console.level, logging.INFO))
        threshold = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
        console.addFilter(lambda r: r.levelno >= threshold or getattr(r, "notice", False))
    root.addHandler(console)
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)


class _ConsoleFormatter(logging.Formatter):
    """Tracebacks go to the log file; the terminal sees them only with -vv."""

    def __init__(self, fmt: str, *, tracebacks: bool) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return super().formatException(ei) if self.tracebacks else ""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).rstrip()


def main() -> None:
    """Console-script entry point: no traceback reaches the user, only an exit code."""
    try:
        cli.main(prog_name="framelens")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("framelens: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, keep the traceback in the log
        logging.getLogger("framelens").error("internal error", exc_info=True)
        click.echo(f"framelens: internal error: {exc!r}. This is a bug; re-run with -vv --log-file FILE and report it.", err=True)
        sys.exit(EXIT_INTERNAL)
