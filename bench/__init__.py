"""Workbench benchmarks: ``python -m bench`` (or ``make bench``).

Each figure is printed as one ``name: value unit`` line as soon as it is
measured; lines starting with ``#`` are remarks. A summary table compares the
figures with their targets at the end.

Plugins: any module listed in :data:`PLUGINS` that exists is run after the core
benchmarks (``--no-gui`` skips the GUI one). A plugin module provides

``run(project_path: Path, args: argparse.Namespace, report: Report | None = None)``
    measures whatever it measures on the built project (closed, on disk) and
    either calls ``report.add(name, value, unit)`` or returns an iterable of
    :class:`Figure` / ``(name, value, unit)`` tuples (or both);

and optionally

``TARGETS``: a list of :class:`Target` added to the summary table;
``add_arguments(parser)``: to add its own command-line options.

A plugin is called as ``run(project_path, args)`` when its ``run`` takes two
parameters, so the minimal plugin is a plain two-argument function.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Iterable, TextIO

PLUGINS = {"gui": "bench.gui_bench"}
"""Plugin modules by the name a ``--no-NAME`` option refers to."""


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Target:
    """``name`` must be ``op`` (``"<"``, ``"<="``, ``">"``, ``">="``) ``limit``."""

    name: str
    op: str
    limit: float
    label: str = ""

    def met(self, value: float) -> bool:
        return {
            "<": value < self.limit,
            "<=": value <= self.limit,
            ">": value > self.limit,
            ">=": value >= self.limit,
        }[self.op]

    def describe(self) -> str:
        return f"{self.op} {format_value(self.limit)}"


def format_value(value: float) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value else "0"


class Report:
    """Collects figures and prints each one as it comes."""

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.figures: dict[str, Figure] = {}
        self.targets: list[Target] = []
        self.remarks: list[str] = []

    def add(self, name: str, value: float, unit: str = "") -> float:
        self.figures[name] = Figure(name, value, unit)
        print(f"{name}: {format_value(value)} {unit}".rstrip(), file=self.out, flush=True)
        return value

    def add_all(self, figures: Iterable[Figure | tuple] | None) -> None:
        for figure in figures or ():
            if not isinstance(figure, Figure):
                figure = Figure(*figure)
            self.add(figure.name, figure.value, figure.unit)

    def remark(self, text: str) -> None:
        self.remarks.append(text)
        print(f"# {text}", file=self.out, flush=True)

    def summary(self) -> str:
        """The table of targets: figure, value, target, met or not."""
        rows = [("figure", "value", "target", "met")]
        for target in self.targets:
            figure = self.figures.get(target.name)
            if figure is None:
                rows.append((target.name, "(not measured)", target.describe(), "-"))
                continue
            unit = f" {figure.unit}" if figure.unit else ""
            rows.append((target.name, format_value(figure.value) + unit, target.describe() + unit,
                         "yes" if target.met(figure.value) else "NO"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "figures": {n: {"value": f.value, "unit": f.unit} for n, f in self.figures.items()},
            "targets": [
                {"name": t.name, "op": t.op, "limit": t.limit,
                 "met": (t.met(self.figures[t.name].value) if t.name in self.figures else None)}
                for t in self.targets
            ],
            "remarks": self.remarks,
        }
