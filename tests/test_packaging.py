"""The files that install Workbench on a desktop: entry, MIME type, AppStream, icon, spec.

They are read as the desktop would read them (no PyInstaller, no installation needed);
``desktop-file-validate`` and ``appstreamcli`` also check them where they are installed.
"""

from __future__ import annotations

import configparser
import fnmatch
import importlib.util
import shlex
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench import resources
from workbench.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "workbench.desktop"
METAINFO = PACKAGING / "io.github.workbench.Workbench.metainfo.xml"
MIME = PACKAGING / "workbench-mime.xml"
SPEC = PACKAGING / "workbench.spec"
SVG = ROOT / "resources" / "icons" / "workbench.svg"
PNG = ROOT / "resources" / "icons" / "workbench-256.png"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
MIME_TYPE = "application/x-workbench-project"


def console_scripts() -> dict[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["scripts"]


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def semicolon_list(value: str) -> list[str]:
    assert value.endswith(";"), f"{value!r}: a list value ends with ';'"
    return [item for item in value.split(";") if item]


def mime_type_element() -> ET.Element:
    root = ET.parse(MIME).getroot()
    assert root.tag == f"{{{MIME_NS['m']}}}mime-info"
    types = root.findall("m:mime-type", MIME_NS)
    assert [t.get("type") for t in types] == [MIME_TYPE]
    return types[0]


# -- the desktop entry -----------------------------------------------------------------------
def test_desktop_entry_has_the_required_keys():
    entry = desktop_entry()
    for key in ("Type", "Name", "Exec", "Icon", "Categories", "MimeType"):
        assert entry.get(key, "").strip(), f"{key} is missing or empty"
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert {"Office", "Science"} <= set(semicolon_list(entry["Categories"]))


def test_desktop_entry_runs_the_console_script_that_pyproject_declares():
    entry = desktop_entry()
    program, *arguments = shlex.split(entry["Exec"])
    scripts = console_scripts()
    assert program in scripts, f"Exec runs {program!r}, pyproject declares {sorted(scripts)}"
    assert scripts[program] == "workbench.cli:main"
    assert arguments == ["%F"], "the files the desktop opens with the app reach it as arguments"
    assert entry.get("TryExec", program) == program


def test_desktop_entry_names_the_icon_and_the_mime_type_that_are_shipped():
    entry = desktop_entry()
    assert entry["Icon"] == SVG.stem == "workbench"  # a theme name, not a path
    assert semicolon_list(entry["MimeType"]) == [mime_type_element().get("type")]


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_file_validate_accepts_the_entry():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    errors = [line for line in result.stdout.splitlines() if "error:" in line]
    assert result.returncode == 0 and not errors, result.stdout + result.stderr


# -- the MIME type ---------------------------------------------------------------------------
def test_mime_type_globs_workbench_files_as_sqlite_databases():
    mime = mime_type_element()
    globs = [g.get("pattern") for g in mime.findall("m:glob", MIME_NS)]
    assert globs == ["*.workbench"]
    assert fnmatch.fnmatch("Caldera monitoring.workbench", globs[0])
    assert not fnmatch.fnmatch("default.workbench-wal", globs[0])
    assert [s.get("type") for s in mime.findall("m:sub-class-of", MIME_NS)] == ["application/vnd.sqlite3"]
    assert mime.find("m:comment", MIME_NS).text.strip()


def test_mime_magic_matches_a_real_project_file(tmp_path: Path):
    """The content rule (SQLite header, then the application id at offset 68) fits a new project."""
    from workbench.core.store import Project

    with Project.create(tmp_path / "p.workbench", analyst="tester"):
        pass
    header = (tmp_path / "p.workbench").read_bytes()[:100]
    outer = mime_type_element().find("m:magic/m:match", MIME_NS)
    inner = outer.find("m:match", MIME_NS)
    for match in (outer, inner):
        assert match.get("type") == "string"
        value = match.get("value").encode("latin-1").decode("unicode_escape").encode("latin-1")
        offset = int(match.get("offset"))
        assert header[offset:offset + len(value)] == value, (offset, value)


# -- AppStream -------------------------------------------------------------------------------
def test_metainfo_has_id_name_summary_description_and_launchable():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.workbench.Workbench"
    assert root.findtext("name") == desktop_entry()["Name"]
    assert root.findtext("summary", "").strip()
    assert root.findtext("metadata_license") and root.findtext("project_license") == "MIT"
    paragraphs = root.findall("description/p")
    assert paragraphs and all((p.text or "").strip() for p in paragraphs)
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("provides/binary") in console_scripts()
    assert root.findtext("provides/mediatype") == MIME_TYPE


def test_metainfo_shows_the_documentation_screenshot():
    images = ET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert images and images[0].text.startswith("https://")
    assert images[0].text.endswith("/docs/screenshot.png")


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_appstreamcli_validates_the_metainfo():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# -- resources -------------------------------------------------------------------------------
def test_resource_path_finds_the_icon_and_the_sample_article_in_the_source_tree(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resource_path("icons", "workbench.svg") == SVG
    assert resource_path("icons", "workbench.svg").is_file()
    assert resource_path("sample-article.txt").is_file()
    assert resource_path() == ROOT / "resources"


def test_resource_path_looks_inside_a_pyinstaller_bundle(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == tmp_path / "resources"
    path = resource_path("icons", "workbench.svg")
    assert path == tmp_path / "resources" / "icons" / "workbench.svg"
    assert path.is_relative_to(tmp_path)


# -- the icon --------------------------------------------------------------------------------
def png_size(path: Path) -> tuple[int, int, int]:
    """Width, height and colour type from the IHDR chunk of a PNG file."""
    data = path.read_bytes()[:33]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert chunk == b"IHDR" and length == 13
    width, height, _depth, colour_type = struct.unpack(">IIBB", data[16:26])
    return width, height, colour_type


def test_icon_png_is_256_pixels_square_with_transparency():
    width, height, colour_type = png_size(PNG)
    assert (width, height) == (256, 256)
    assert colour_type == 6, "RGBA, so that the page's corners stay transparent"


def load_render_icon():
    spec = importlib.util.spec_from_file_location("render_icon", PACKAGING / "render_icon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icon_png_is_the_svg_rendered(tmp_path: Path):
    """The shipped PNG was regenerated after the SVG last changed (python packaging/render_icon.py)."""
    pytest.importorskip("PySide6.QtSvg")
    from PySide6.QtGui import QImage

    render_icon = load_render_icon()
    out = tmp_path / "icon-32.png"
    assert render_icon.main(["--size", "32", "--out", str(out)]) == 0
    assert png_size(out)[:2] == (32, 32)

    fresh = render_icon.render(SVG, 256)
    shipped = QImage(str(PNG)).convertToFormat(fresh.format())
    assert shipped.size() == fresh.size()
    step = 4
    total = samples = opaque = 0
    for y in range(0, 256, step):
        for x in range(0, 256, step):
            a, b = fresh.pixelColor(x, y), shipped.pixelColor(x, y)
            total += abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) \
                + abs(a.alpha() - b.alpha())
            samples += 1
            opaque += b.alpha() == 255
    assert total / samples < 8, "the PNG differs from the SVG: run python packaging/render_icon.py"
    assert shipped.pixelColor(0, 0).alpha() == 0, "the corner is transparent"
    assert opaque > samples // 3, "the page fills the icon"


# -- the PyInstaller spec --------------------------------------------------------------------
def test_pyinstaller_spec_builds_from_main_and_bundles_resources():
    source = SPEC.read_text(encoding="utf-8")
    compile(source, str(SPEC), "exec")  # at least valid Python
    assert '"workbench" / "__main__.py"' in source
    assert '(str(ROOT / "resources"), "resources")' in source
    assert (ROOT / "workbench" / "__main__.py").is_file()
