"""``python -m bench``: build a synthetic project and print its figures.

    python -m bench                      20,000 articles, 200,000 tags
    python -m bench --large              100,000 articles, 1,000,000 tags
    python -m bench --articles 2000 --tags 20000 --out bench-out --no-gui

Without ``--out`` everything is built in a temporary folder that is removed at
the end (unless ``--keep``). With ``--out DIR`` it is built in DIR and kept,
with the figures in ``DIR/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import ModuleType

from . import PLUGINS, Report
from . import core_bench

_OUR_FILES = ("corpus.jsonl", "corpus-tags.jsonl", "bench.workbench", "bench.workbench-wal",
              "bench.workbench-shm", "results.json")
_OUR_FOLDERS = ("export-workbench", "export-sqlite3")


def _plugins() -> dict[str, ModuleType]:
    """The plugin modules that exist (a missing one is simply not run)."""
    found = {}
    for name, module_name in PLUGINS.items():
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ImportError:
            continue
        found[name] = importlib.import_module(module_name)
    return found


def parse_args(argv: list[str] | None, plugins: dict[str, ModuleType]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0].replace("``", ""),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, help=f"articles (default {core_bench.DEFAULT_ARTICLES:,})")
    parser.add_argument("--tags", type=int, help=f"tags in all (default {core_bench.DEFAULT_TAGS:,})")
    parser.add_argument("--large", action="store_true",
                        help=f"{core_bench.LARGE_ARTICLES:,} articles and {core_bench.LARGE_TAGS:,} tags")
    parser.add_argument("--out", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--seed", type=int, default=20240611, help="corpus seed (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each search and export (default %(default)s)")
    parser.add_argument("--opens", type=int, default=10, help="Project.open runs (default %(default)s)")
    parser.add_argument("--writes", type=int, default=200, help="single tag writes (default %(default)s)")
    parser.add_argument("--profile", action="append", choices=core_bench.PHASES, metavar="PHASE",
                        help="write a cProfile of this phase to DIR/profile-PHASE.txt (keeps DIR) "
                             f"(repeatable; one of {', '.join(core_bench.PHASES)})")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    for name in PLUGINS:
        parser.add_argument(f"--no-{name}", action="store_true", help=f"skip the {name} benchmarks")
    for module in plugins.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
    args = parser.parse_args(argv)
    large_articles, large_tags = (
        (core_bench.LARGE_ARTICLES, core_bench.LARGE_TAGS) if args.large
        else (core_bench.DEFAULT_ARTICLES, core_bench.DEFAULT_TAGS)
    )
    args.keep = args.keep or bool(args.profile)  # the profiles are written to the folder
    args.articles = args.articles or large_articles
    args.tags = large_tags if args.tags is None else args.tags
    if args.articles < 1 or args.tags < 0 or args.repeat < 1 or args.opens < 1 or args.writes < 4:
        parser.error("--articles, --repeat and --opens must be at least 1, --writes at least 4")
    return args


def _run_plugin(name: str, module: ModuleType, project_path: Path, args: argparse.Namespace,
                report: Report) -> bool:
    report.remark(f"plugin {name}: {module.__name__}")
    report.targets += list(getattr(module, "TARGETS", ()))
    try:
        parameters = inspect.signature(module.run).parameters
        if len(parameters) >= 3:
            figures = module.run(project_path, args, report)
        else:
            figures = module.run(project_path, args)
        report.add_all(figures)
        return True
    except Exception:  # a broken plugin must not hide the core figures
        report.remark(f"plugin {name} failed:")
        traceback.print_exc()
        return False


def _prepare(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in _OUR_FILES:
        (folder / name).unlink(missing_ok=True)
    for name in _OUR_FOLDERS:
        shutil.rmtree(folder / name, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    plugins = _plugins()
    args = parse_args(argv, plugins)
    report = Report()
    report.remark(
        f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version} (module), "
        f"{platform.machine()}, {_cpus()} CPUs, {platform.platform()}"
    )
    if args.out:
        work = args.out.resolve()
        _prepare(work)
    else:
        work = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    started = time.perf_counter()
    ok = True
    try:
        project_path = core_bench.run(args, report, work)
        for name, module in plugins.items():
            if getattr(args, f"no_{name}", False):
                report.remark(f"plugin {name}: skipped (--no-{name})")
                continue
            ok = _run_plugin(name, module, project_path, args, report) and ok
        report.add("bench_total_seconds", time.perf_counter() - started, "s")
        print("\nSummary (targets" + (" for --large" if args.large else "") + ")")
        print(report.summary(), flush=True)
        if args.out or args.keep:
            (work / "results.json").write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    finally:
        if args.out or args.keep:
            print(f"# kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    missed = any(t.name in report.figures and not t.met(report.figures[t.name].value) for t in report.targets)
    return 1 if (not ok or (args.strict and missed)) else 0


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)


if __name__ == "__main__":
    sys.exit(main())
