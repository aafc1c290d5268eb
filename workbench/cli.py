"""The command line: open the window, or import, export, stats and check a project.

Exit status: 0 when all went well, 1 when some files failed to import (or an
export or check found problems), 2 on a usage error or an unusable project
file, 130 when interrupted with Ctrl+C. Qt is imported only to open the window.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from workbench.core import project_file, schema
from workbench.core.model import CheckReport, Stats
from workbench.core.project_file import ProjectError
from workbench.core.store import Project, default_analyst

if TYPE_CHECKING:
    from workbench.core.import_report import ImportReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
QUOTE_PREVIEW = 40


class Interrupted(Exception):
    """Ctrl+C was pressed and the running command has stopped cleanly; says what was kept."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = window_only(argv)
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as stop:  # --help, --version and usage errors
            return int(stop.code or 0)
    if args.command is not None and args.project is None:
        print(f"workbench {args.command}: error: the following arguments are required: --project",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except ProjectError as error:
        return _fail(f"{error.path}: {error.problem}. {error.advice}")
    except Interrupted as stop:
        return _fail(f"interrupted: {stop}", EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        return _fail("interrupted.", EXIT_INTERRUPTED)


def window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """What the parser makes of ``workbench`` and ``workbench --project FILE``, without
    building it (its subcommands cost the window's start about 5 ms); None for anything else."""
    if not argv:
        project = None
    elif len(argv) == 2 and argv[0] == "--project" and not argv[1].startswith("-"):
        project = Path(argv[1])
    elif len(argv) == 1 and argv[0].startswith("--project=") and argv[0] != "--project=":
        project = Path(argv[0].removeprefix("--project="))
    else:
        return None
    return argparse.Namespace(project=project, command=None, run=run_window)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench", description="Tag actors, claims and denials in news articles."
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--project", type=Path, metavar="FILE",
                        help="the project file (created if missing when opening the window)")
    parser.set_defaults(run=run_window, command=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        # SUPPRESS: `workbench --project F stats` works as well as `workbench stats --project F`
        sub.add_argument("--project", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                         help="the project file")
        sub.set_defaults(run=run)
        return sub

    importing = command("import", run_import, "import files or folders of articles")
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    exporting = command("export", run_export, "write the project as CSV files")
    exporting.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    exporting.add_argument("--raw", action="store_true",
                           help="do not neutralise cells a spreadsheet would run as formulas")
    exporting.add_argument("--bom", action="store_true", help="start each file with a UTF-8 byte-order mark")
    exporting.add_argument("--with-text", action="store_true", help="add the article text to articles.csv")
    stats = command("stats", run_stats, "counts of articles, actors and tags")
    stats.add_argument("--json", action="store_true", help="print JSON for machines")
    command("check", run_check, "integrity: SQLite checks and every tag's quote")
    return parser


class _VersionAction(argparse.Action):
    """``--version``, which looks the version up only when it is asked for: argparse's own
    action wants the text when the parser is built, i.e. at every start of the window."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show the version and exit") -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata  # only for --version: it costs start-up time (about 25 ms)

    try:
        return metadata.version("workbench")
    except metadata.PackageNotFoundError:
        return "unknown"


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"workbench: {message}", file=sys.stderr)
    return status


def analyst_name() -> str:
    return os.environ.get("WORKBENCH_ANALYST", "").strip() or default_analyst()


# ------------------------------------------------------------------- commands


def run_window(args: argparse.Namespace) -> int:
    gc.disable()  # until the window's first frame: workbench.ui.app.collect_from_now_on says why
    try:
        try:
            from workbench.ui.app import run_app  # Qt only here: the other commands never load it
        except ImportError as error:
            return _fail(f"cannot open the window ({error}). The commands import, export, stats "
                         "and check work without it.", EXIT_FAILED)
        return run_app(args.project)
    finally:
        gc.enable()


def run_import(args: argparse.Namespace) -> int:
    from workbench.core.importing import import_paths  # each command loads only what it uses

    with _sqlite_errors(args.project), Project.open(args.project, create=True, analyst=analyst_name()) as project:
        with _ctrl_c_cancels() as cancelled, _progress_display("Importing") as progress:
            report = import_paths(
                project, args.paths,
                progress=lambda done, total, path: progress(Path(path).name if path else "", done, total),
                should_cancel=cancelled,
            )
    _print_import_report(report)
    if report.cancelled:
        raise Interrupted("the articles imported before it are kept.")
    return EXIT_OK if report.ok else EXIT_FAILED


def _print_import_report(report: ImportReport) -> None:
    print(report.summary())
    for problem in report.failed:
        print(f"  {problem.path}: {problem.reason}")


def run_export(args: argparse.Namespace) -> int:
    from workbench.core.exporters import export_csv

    _upgrade_if_older(args.project)
    with _ctrl_c_cancels() as cancelled, _progress_display("Exporting") as progress:
        try:
            report = export_csv(args.project, args.out, raw=args.raw, bom=args.bom,
                                with_text=args.with_text, progress=progress, should_cancel=cancelled)
        except OSError as error:
            where = error.filename or args.out
            return _fail(f"{where}: cannot write the export ({error.strerror}).", EXIT_FAILED)
    if report.cancelled:
        raise Interrupted("no file was written.")
    print(f"Exported {len(report.files)} files to {args.out}:")
    width = max(len(path.name) for path in report.files)
    for path in report.files:
        print(f"  {path.name:<{width}}  {report.rows[path.name]:>9} rows")
    return EXIT_OK


def _upgrade_if_older(path: Path) -> None:
    """An export reads without writing; a project from an older Workbench is
    upgraded first (with a backup beside it), as opening it in the window would."""
    if project_file.check_openable(path, need_write=False) < schema.CURRENT_VERSION:
        Project.open(path, analyst=analyst_name()).close()


def run_stats(args: argparse.Namespace) -> int:
    with _sqlite_errors(args.project), _open_for_reading(args.project) as project:
        stats = project.stats()
    if args.json:
        print(json.dumps({"project": str(args.project), **dataclasses.asdict(stats)}, indent=2))
    else:
        print(format_stats(args.project, stats))
    return EXIT_OK


def format_stats(path: Path, stats: Stats) -> str:
    by_status = [(f"  {status.replace('_', ' ')}", count) for status, count in stats.articles_by_status.items()]
    rows = [
        ("Project", str(path)),
        ("Articles", stats.articles), *by_status,
        ("Actors", stats.actors),
        ("Mentions", stats.mentions),
        ("Claims", stats.claims),
        ("Denials", stats.denials),
        ("Analysts", ", ".join(stats.analysts) or "(none)"),
        ("Schema version", stats.schema_version),
        ("File size", _human_size(stats.file_bytes)),
    ]
    width = max(len(label) for label, _ in rows) + 2
    number_width = max(len(str(v)) for _, v in rows if isinstance(v, int))
    return "\n".join(
        f"{label:<{width}}{value:>{number_width}}" if isinstance(value, int) else f"{label:<{width}}{value}"
        for label, value in rows
    )


def _human_size(size: int) -> str:
    amount = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{size} bytes"


def run_check(args: argparse.Namespace) -> int:
    try:
        with _sqlite_errors(args.project), _open_for_reading(args.project) as project:
            report = project.check()
    except project_file.ProjectCorrupt as error:  # its advice says to run this very command
        raise project_file.ProjectCorrupt(
            error.path, error.problem, "Open a backup copy (*.bak beside it). The file was not changed."
        ) from None
    print(format_check(report))
    return EXIT_OK if report.ok else EXIT_FAILED


def format_check(report: CheckReport) -> str:
    if report.ok:
        return f"OK: {report.tags_checked} tags checked, no problems found."
    lines = [f"SQLite: {problem}" for problem in report.sqlite_problems]
    for bad in report.mismatches:
        lines.append(
            f"{bad.kind.value} {bad.tag_id} in article {bad.article_id} at {bad.start}..{bad.end}: "
            f"stored quote {_preview(bad.stored_quote)}, text there is {_preview(bad.text_quote)}"
        )
    lines.append(
        f"{len(report.mismatches)} of {report.tags_checked} tags no longer match their text; "
        f"{len(report.sqlite_problems)} SQLite problem(s)."
    )
    return "\n".join(lines)


def _preview(text: str | None) -> str:
    if text is None:
        return "(nothing: the span is outside the text)"
    return repr(text if len(text) <= QUOTE_PREVIEW else text[: QUOTE_PREVIEW - 1] + "…")


# -------------------------------------------------------------------- helpers


@contextmanager
def _open_for_reading(path: Path) -> Iterator[Project]:
    """A project opened without any write: stats and check work on read-only
    files and never migrate. (The store's write methods would fail on it.)"""
    project_file.check_openable(path, need_write=False)
    db = project_file.connect(path)
    db.execute("PRAGMA query_only = ON")
    project = Project(path, db, analyst_name())
    try:
        yield project
    finally:
        db.close()


@contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    """A SQLite error that reaches the command line is about the project file."""
    try:
        yield
    except sqlite3.Error as error:
        raise project_file.classify_sqlite_error(path, error) from None


@contextmanager
def _ctrl_c_cancels() -> Iterator[Callable[[], bool]]:
    """The first Ctrl+C asks the running import or export to stop cleanly at its
    next check; a second one interrupts at once."""
    requested = False

    def on_interrupt(signum: int, frame: object) -> None:
        nonlocal requested
        if requested:
            raise KeyboardInterrupt()
        requested = True

    import signal  # here: its enums are 1-1.5 ms of every start, the window's too

    try:
        previous = signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not in the main thread: leave Ctrl+C as it is
        yield lambda: False
        return
    try:
        yield lambda: requested
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _progress_display(title: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on a terminal (rich); nothing at all otherwise."""
    if not sys.stderr.isatty():
        yield lambda label, done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(f"{title} {{task.description}}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)
        yield lambda label, done, total: bar.update(task, description=label, completed=done, total=total)
