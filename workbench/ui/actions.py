"""Every shortcut and menu entry of the window, in one table.

The menus, the shortcuts, Help > Keyboard shortcuts and the keyboard-contract
tests all read :data:`ACTIONS`, so the contract in SPEC.md, what the window
does and what the help shows cannot drift apart.

A row with a ``handler_name`` becomes a ``QAction`` on the main window (in
``menu``, if it has one); a row without one documents a key that a widget
handles itself (the find field, the tag editor, the article pane) and only
shows in the help.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.core.record import Record, record

WINDOW = Qt.ShortcutContext.WindowShortcut
WIDGET = Qt.ShortcutContext.WidgetShortcut

MENUS = ("File", "Edit", "Tag", "Go", "Help")


@record
class ActionSpec(Record):
    """One row of the keyboard contract: an action, its keys, where it works and what it does."""

    name: str  # object name of the QAction: "action_<name>"
    text: str  # menu text, with a mnemonic
    shortcut: str  # portable QKeySequence text, "" for none
    context: Qt.ShortcutContext
    handler_name: str  # MainWindow method or "part.method"; "" when a widget handles the key itself
    menu: str = ""  # one of MENUS, "" for no menu entry
    where: str = "anywhere"  # the keyboard contract's "where" column
    does: str = ""  # the contract's "does" column (help, tooltips)
    separator_before: bool = False

    @property
    def keys(self) -> str:
        """The key sequence as the help shows it."""
        return self.shortcut or ""


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new_project", "&New Project…", "Ctrl+N", WINDOW, "new_project", "File",
               does="create a new, empty project"),
    ActionSpec("open_project", "&Open Project…", "Ctrl+O", WINDOW, "open_project", "File",
               does="open another project file"),
    ActionSpec("import", "&Import…", "Ctrl+I", WINDOW, "transfers.import_files", "File",
               does="import files", separator_before=True),
    ActionSpec("import_folder", "Import &Folder…", "", WINDOW, "transfers.import_folder", "File",
               does="import every article in a folder"),
    ActionSpec("export_csv", "&Export CSV…", "Ctrl+E", WINDOW, "transfers.export_csv", "File",
               does="export CSV"),
    ActionSpec("analyst", "&Analyst Name…", "", WINDOW, "ask_analyst", "File",
               does="the name recorded with every tag", separator_before=True),
    ActionSpec("quit", "&Quit", "Ctrl+Q", WINDOW, "close", "File", does="quit",
               separator_before=True),
    # Edit
    ActionSpec("undo", "&Undo", "Ctrl+Z", WINDOW, "undo", "Edit", where="anywhere outside text fields",
               does="undo the last change to the project"),
    ActionSpec("redo", "&Redo", "Ctrl+Shift+Z", WINDOW, "redo", "Edit", where="anywhere outside text fields",
               does="redo the last change undone"),
    ActionSpec("find", "&Find…", "Ctrl+F", WINDOW, "find", "Edit", separator_before=True,
               does="focus the find field above the article pane"),
    ActionSpec("delete_tag", "&Delete Tag", "Del", WINDOW, "delete_tag", "Edit", where="tag selected",
               does="delete it (undoable)"),
    # Tag
    ActionSpec("tag_mention", "Actor &Mention", "Ctrl+1", WINDOW, "tag_mention", "Tag", where="text selected",
               does="tag the selection as an actor mention (A in the pane)"),
    ActionSpec("tag_claim", "&Claim", "Ctrl+2", WINDOW, "tag_claim", "Tag", where="text selected",
               does="tag the selection as a claim (C in the pane)"),
    ActionSpec("tag_denial", "&Denial", "Ctrl+3", WINDOW, "tag_denial", "Tag", where="text selected",
               does="tag the selection as a denial (D in the pane)"),
    # Go
    ActionSpec("next_article", "&Next Article", "Ctrl+PgDown", WINDOW, "next_article", "Go",
               does="next article"),
    ActionSpec("previous_article", "&Previous Article", "Ctrl+PgUp", WINDOW, "previous_article", "Go",
               does="previous article"),
    ActionSpec("search_articles", "&Search Articles", "Ctrl+L", WINDOW, "focus_search", "Go",
               does="search the article list (full text)", separator_before=True),
    ActionSpec("focus_pane", "Article &Text", "F6", WINDOW, "focus_view", "Go",
               does="move focus to the article text"),
    # Help
    ActionSpec("shortcuts", "&Keyboard Shortcuts", "F1", WINDOW, "show_shortcuts", "Help",
               does="show this list"),
    ActionSpec("about", "&About Workbench", "", WINDOW, "show_about", "Help", does="about Workbench"),
    # keys the widgets handle themselves (documented here, no QAction)
    ActionSpec("find_next", "", "Enter", WIDGET, "", where="find field",
               does="select the next match in the article pane"),
    ActionSpec("find_previous", "", "Shift+Enter", WIDGET, "", where="find field",
               does="select the previous match in the article pane"),
    ActionSpec("find_close", "", "Esc", WIDGET, "", where="find field",
               does="hide the find field, focus the article pane, keep the selection"),
    ActionSpec("pane_mention", "", "A", WIDGET, "", where="article pane, text selected",
               does="tag the selection as an actor mention"),
    ActionSpec("pane_claim", "", "C", WIDGET, "", where="article pane, text selected",
               does="tag the selection as a claim"),
    ActionSpec("pane_denial", "", "D", WIDGET, "", where="article pane, text selected",
               does="tag the selection as a denial"),
    ActionSpec("editor_save", "", "Enter", WIDGET, "", where="tag editor", does="save the tag"),
    ActionSpec("editor_cancel", "", "Esc", WIDGET, "", where="tag editor", does="cancel: nothing is saved"),
)


def spec(name: str) -> ActionSpec:
    for row in ACTIONS:
        if row.name == name:
            return row
    raise KeyError(name)


def menu_actions(menu: str) -> tuple[ActionSpec, ...]:
    return tuple(row for row in ACTIONS if row.menu == menu and row.handler_name)


def window_actions() -> tuple[ActionSpec, ...]:
    return tuple(row for row in ACTIONS if row.handler_name)
