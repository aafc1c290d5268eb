"""Where the files the application ships (``resources/`` at the top of the repository) are.

From the source tree (or an editable install) they are ``<repository>/resources``; in a
PyInstaller bundle (see ``packaging/workbench.spec``) they are ``sys._MEIPASS/resources``,
the folder the spec copies them to. No Qt here: the core and the command line may use it.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE_RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def resources_dir() -> Path:
    """The folder of the shipped resources, in a PyInstaller bundle or in the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader, and only there
    if bundle:
        return Path(bundle) / "resources"
    return SOURCE_RESOURCES


def resource_path(*parts: str) -> Path:
    """``resource_path("icons", "workbench.svg")``: a path inside the resources folder.

    The path is not checked: callers that can do without the file test ``.exists()``.
    """
    return resources_dir().joinpath(*parts)
