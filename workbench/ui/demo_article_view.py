"""Try the article pane on its own: the view, the find bar and the legend on a
sample article with overlapping tags.

    python -m workbench.ui.demo_article_view             # a window to play with
    QT_QPA_PLATFORM=offscreen python -m workbench.ui.demo_article_view /tmp/pane.png

In the window: select text and press A, C or D to tag it, click a tag to mark
it, Delete removes the marked tag, Ctrl+F finds.
"""

from __future__ import annotations

import sys
import uuid

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from workbench.core.model import TagKind
from workbench.core.text import canonical
from workbench.ui.article_view import ArticleView, SpanMark
from workbench.ui.find_bar import FindBar
from workbench.ui.legend import Legend
from workbench.ui.tag_style import style

ARTICLE = canonical("""\
Northern Coalition says it struck Port Varen depot; Kessland government denies losses

The Northern Coalition, an alliance of armed factions backed by the Republic of Ostria, said on \
Tuesday that it had struck a fuel depot in the harbour of Port Varen with two explosive drones.

"Our fighters hit the depot at dawn and will strike again if the blockade continues," coalition \
spokesman Idris Halloun told the Varen Courier by telephone.

Two port workers, who asked not to be named for fear of reprisals, told the Courier that they saw \
smoke rising over the eastern quay shortly after sunrise. Satellite images reviewed by the \
monitoring group Coastwatch showed scorch marks near one storage tank, the group said in a statement.

Kessland's Interior Ministry denied that the depot had been damaged. "There was no attack and no \
fire; this is coalition propaganda," ministry spokeswoman Mira Solberg said at a news conference.

The Ostrian Foreign Ministry rejected what it called "baseless accusations" that it arms the \
coalition. Kessland's prime minister, Tomas Érdi, has repeatedly blamed Ostria for attacks on the coast.
""")

# (kind, quote, occurrence, label)
SAMPLE_TAGS = [
    (TagKind.MENTION, "Northern Coalition", 0, "Northern Coalition"),
    (TagKind.CLAIM, "Northern Coalition says it struck Port Varen depot", 0,
     "Northern Coalition: struck the Port Varen depot"),
    (TagKind.MENTION, "Kessland government", 0, "Kessland government"),
    (TagKind.DENIAL, "Kessland government denies losses", 0, "Kessland government: no losses"),
    (TagKind.MENTION, "Northern Coalition", 1, "Northern Coalition"),
    (TagKind.MENTION, "Republic of Ostria", 0, "Republic of Ostria"),
    (TagKind.CLAIM, "it had struck a fuel depot in the harbour of Port Varen with two explosive drones",
     0, "Northern Coalition: struck the fuel depot with drones"),
    (TagKind.CLAIM, "Our fighters hit the depot at dawn and will strike again if the blockade continues",
     0, "Idris Halloun: hit the depot, will strike again"),
    (TagKind.MENTION, "Idris Halloun", 0, "Idris Halloun"),
    (TagKind.MENTION, "Varen Courier", 0, "Varen Courier"),
    (TagKind.CLAIM, "they saw smoke rising over the eastern quay", 0,
     "Anonymous port workers: smoke over the eastern quay"),
    (TagKind.MENTION, "Coastwatch", 0, "Coastwatch"),
    (TagKind.MENTION, "Kessland's Interior Ministry", 0, "Kessland Interior Ministry"),
    (TagKind.DENIAL, "denied that the depot had been damaged", 0,
     "Kessland Interior Ministry: the depot was not damaged"),
    (TagKind.DENIAL, "There was no attack and no fire", 0, "Mira Solberg: no attack, no fire"),
    (TagKind.MENTION, "Mira Solberg", 0, "Mira Solberg"),
    (TagKind.DENIAL, "rejected what it called \"baseless accusations\" that it arms the coalition", 0,
     "Ostrian Foreign Ministry: does not arm the coalition"),
    (TagKind.MENTION, "Tomas Érdi", 0, "Tomas Érdi"),
    (TagKind.CLAIM, "blamed Ostria for attacks on the coast", 0, "Tomas Érdi: Ostria behind the attacks"),
]


def sample_marks(text: str = ARTICLE) -> list[SpanMark]:
    marks = []
    for n, (kind, quote, occurrence, label) in enumerate(SAMPLE_TAGS):
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(quote, start + 1)
        marks.append(SpanMark(f"tag-{n}", kind, start, start + len(quote),
                              f"{style(kind).name} · {label}"))
    return marks


class DemoWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Workbench · article pane")
        self.view = ArticleView(self)
        self.find_bar = FindBar(self)
        self.find_bar.attach(self.view)
        self.find_bar.hide()
        self.legend = Legend(self)
        self.status = QLabel("Select text and press A, C or D · click a tag · Ctrl+F to find", self)
        self.status.setContentsMargins(10, 2, 10, 4)
        self.status.setStyleSheet("color: #5f6368;")
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #dadce0;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(line)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_bar.activate)
        self.view.tagRequested.connect(self._tag)
        self.view.tagClicked.connect(self._clicked)
        self.view.deleteRequested.connect(self._delete)
        self.view.set_article(ARTICLE, sample_marks())

    def _tag(self, kind: TagKind) -> None:
        sel = self.view.selection_code_points()
        if sel is None:
            return
        quote = ARTICLE[sel[0]:sel[1]]
        mark = SpanMark(str(uuid.uuid4()), kind, *sel, f"{style(kind).name} · {quote[:40]}")
        self.view.add_marks([mark])
        self.view.mark_tag(mark.tag_id)
        self.status.setText(f"Tagged “{quote}” as {style(kind).name.lower()}")

    def _clicked(self, tag_id: str) -> None:
        mark = next(m for m in self.view.marks() if m.tag_id == tag_id)
        self.status.setText(f"Marked: {mark.label} (Delete removes it)")

    def _delete(self) -> None:
        tag_id = self.view.marked_tag()
        if tag_id:
            self.view.remove_marks([tag_id])
            self.status.setText("Tag deleted")


def main(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv[:1])
    win = DemoWindow()
    win.resize(1000, 780)
    win.show()
    if len(argv) > 1:
        win.find_bar.activate()
        win.find_bar.field.setText("coalition")
        win.find_bar.find_next()
        win.find_bar.find_next()
        win.view.mark_tag("tag-13")  # the Interior Ministry's denial
        app.processEvents()
        win.grab().save(argv[1])
        print(f"saved {argv[1]}")
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
