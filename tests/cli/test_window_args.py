"""`workbench` and `workbench --project FILE` open the window without building the
parser (:func:`workbench.cli.window_only`); whatever it accepts, the parser must
read the same way, and everything else must still reach the parser."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

from workbench import cli

WORDS = ["--project", "--project=", "--project=a.workbench", "a.workbench", "-x", "--", "stats", "export",
         "--out", "--version", "--proj", "-h", "dir with space", "ünïcode.workbench", ""]


def parsed(argv: list[str]):
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return cli.build_parser().parse_args(argv)
    except SystemExit:
        return None


def test_the_window_invocations_skip_the_parser_and_mean_what_it_means():
    for argv in ([], ["--project", "p.workbench"], ["--project=p.workbench"], ["--project", "a b/ü.workbench"]):
        fast = cli.window_only(argv)
        assert fast is not None and fast == parsed(argv), argv
        assert fast.run is cli.run_window and fast.command is None


def test_everything_else_goes_to_the_parser():
    for argv in (["stats"], ["--project"], ["--project", "-x"], ["--proj", "p"], ["--project="], ["--version"],
                 ["--project", "p", "stats"], ["-h"], ["--project", "p", "--project", "q"]):
        assert cli.window_only(argv) is None, argv


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=4))
def test_the_shortcut_never_disagrees_with_the_parser(argv):
    fast = cli.window_only(argv)
    if fast is not None:
        assert fast == parsed(argv)
