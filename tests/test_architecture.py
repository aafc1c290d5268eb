"""The two floors stay apart: the core knows no Qt, the UI holds no SQL.

The import contracts live in pyproject.toml and are checked by import-linter;
what imports cannot show (a connection handed to the UI and used there) is
checked by reading the UI's code.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
import tokenize
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "workbench" / "ui"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_lint_imports(cwd: Path, *args: str, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"import-linter is not installed next to {sys.executable} (pip install import-linter)")
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH", "")]))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_the_floor_contracts_are_declared() -> None:
    declared = contracts()
    forbidden = {
        (source, module)
        for c in declared
        if c["type"] == "forbidden"
        for source in c["source_modules"]
        for module in c["forbidden_modules"]
    }
    assert {("workbench.core", "PySide6"), ("workbench.core", "shiboken6")} <= forbidden
    assert ("workbench.ui", "sqlite3") in forbidden
    layers = [c["layers"] for c in declared if c["type"] == "layers"]
    assert any(
        "workbench.ui" in layer and "workbench.core" in layer
        and layer.index("workbench.ui") < layer.index("workbench.core")
        for layer in layers
    ), "no layers contract puts the UI above the core"


def test_import_contracts_are_kept() -> None:
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, f"import-linter found broken contracts:\n{result.stdout}\n{result.stderr}"
    assert "BROKEN" not in result.stdout
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", result.stdout)
    assert kept and int(kept.group(1)) == len(contracts()) and kept.group(2) == "0", result.stdout


def test_lint_imports_reports_a_broken_contract(tmp_path: Path) -> None:
    """The check above can fail: a core module importing Qt breaks a contract like ours."""
    package = tmp_path / "floors"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("")
    (package / "core" / "bad.py").write_text("import PySide6.QtCore\n")
    (tmp_path / ".importlinter").write_text(textwrap.dedent("""\
        [importlinter]
        root_package = floors
        include_external_packages = True

        [importlinter:contract:no-qt]
        name = The core never imports Qt
        type = forbidden
        source_modules =
            floors.core
        forbidden_modules =
            PySide6
        """))
    result = run_lint_imports(tmp_path, extra_path=tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and "floors.core.bad" in result.stdout


# ------------------------------------------------------------- SQL in the UI

SQL_CALL = re.compile(r"\.\s*(execute|executemany|executescript|commit|rollback|cursor)\s*\(")


def sql_calls(source: str) -> list[tuple[int, str]]:
    """Calls like ``x.execute(`` or ``db.commit(`` in code (comments and strings ignored)."""
    code_lines: dict[int, list[str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.STRING) or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            continue
        code_lines.setdefault(token.start[0], []).append(token.string)
    found = []
    for number, parts in sorted(code_lines.items()):
        line = "".join(parts)
        for match in SQL_CALL.finditer(line):
            found.append((number, match.group(0)))
    return found


def ui_modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_the_sql_call_finder_finds_sql_calls() -> None:
    sample = textwrap.dedent('''\
        def save(self):
            # never self.db.execute("x") here
            text = "call commit() later"
            rows = self.session.project.db.execute("SELECT 1")
            self.session.project.db.commit ()
            self.undo_stack.push(command)
    ''')
    assert sql_calls(sample) == [(4, ".execute("), (5, ".commit(")]


def test_ui_modules_run_no_sql() -> None:
    modules = ui_modules()
    assert UI / "session.py" in modules
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in modules
        for line, call in sql_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "SQL belongs in workbench/core/store.py:\n" + "\n".join(offenders)
