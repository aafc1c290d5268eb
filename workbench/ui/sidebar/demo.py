"""Screenshots of the sidebar over a tagged, harbour-like article.

    QT_QPA_PLATFORM=offscreen python -m workbench.ui.sidebar.demo /tmp/sidebar.png

writes ``sidebar.png`` (a claim selected, its form below), ``sidebar-editor.png``
(the claim editor open, part filled in), ``sidebar-denial.png`` (the denial
editor picking a claim of another article), ``sidebar-actors.png`` and
``sidebar-registry.png``, from a temporary project (the articles below are fictional).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from workbench.core.model import ActorName, ArticleDraft, TagKind
from workbench.core.store import Project
from workbench.ui.session import Session
from workbench.ui.sidebar import Sidebar

ARTICLE_1 = """Coalition says it struck Port Varen depot; Kessland denies losses

The Northern Coalition, an alliance of armed factions backed by the Republic of Ostria, said on \
Tuesday that it had struck a fuel depot in the harbour of Port Varen with two explosive drones.

"Our fighters hit the depot at dawn and will strike again if the blockade continues," coalition \
spokesman Idris Halloun told the Varen Courier by telephone.

Two port workers, who asked not to be named, told the Courier that they saw smoke rising over the \
eastern quay shortly after sunrise.

Kessland's Interior Ministry denied that the depot had been damaged."""

ARTICLE_2 = """Coalition repeats claim as Kessland again denies damage

Kessland's Interior Ministry again denied any damage, and a harbour official said ships were \
refuelling normally."""


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build(path: Path) -> tuple[Project, str, dict[str, str]]:
    project = Project.create(path, analyst="demo")
    (first, second), _ = project.insert_articles([ArticleDraft("", ARTICLE_1), ArticleDraft("", ARTICLE_2)])
    text = project.article_text(first)
    ids: dict[str, str] = {}
    project.add_actor("Republic of Ostria", "state", aliases=["Ostria"])
    coalition = project.add_actor("Northern Coalition", "armed_group", aliases=["the coalition"])
    coalition_id = coalition.created_ids[0]
    project.update_actor(coalition_id, affiliation_id=project.find_actor_id("Republic of Ostria"),
                         affiliation_kind="backed by")
    project.add_actor("Varen Courier", "media", aliases=["the Courier"])
    for quote, name in (("Northern Coalition", "Northern Coalition"), ("Republic of Ostria", "Ostria"),
                        ("Idris Halloun", "Idris Halloun"), ("Varen Courier", "Varen Courier"),
                        ("coalition", "the coalition")):
        project.add_mention(first, *span(text, quote), ActorName(name))
    claim = project.add_claim(first, *span(text, "said on Tuesday that it had struck a fuel depot"),
                              coalition_id, claim_type="responsibility", about=[coalition_id],
                              summary="Coalition struck Port Varen fuel depot with drones")
    ids["claim"] = claim.ids_of("claim")[0]
    project.add_claim(first, *span(text, "will strike again if the blockade continues"), ActorName("Idris Halloun"),
                      reported_via=ActorName("Varen Courier"), claim_type="threat", about=[coalition_id],
                      summary="Coalition will strike again")
    project.add_claim(first, *span(text, "they saw smoke rising over the eastern quay"), ActorName("port workers"),
                      anonymous=True, reported_via=ActorName("Varen Courier"), claim_type="factual",
                      summary="Smoke over eastern quay after sunrise")
    project.add_denial(first, *span(text, "denied that the depot had been damaged"),
                       ActorName("Kessland Interior Ministry"), denied_claim_id=ids["claim"],
                       summary="Depot not damaged")
    project.add_denial(second, *span(project.article_text(second), "again denied any damage"),
                       ActorName("Kessland Interior Ministry"), denied_claim_id=ids["claim"],
                       summary="No damage")
    return project, first, ids


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "/tmp/sidebar.png")
    app = QApplication.instance() or QApplication(argv)
    with tempfile.TemporaryDirectory() as folder:
        project, article_id, ids = build(Path(folder) / "demo.workbench")
        session = Session(project)
        sidebar = Sidebar(session)
        sidebar.resize(400, 860)
        sidebar.set_article(article_id)
        sidebar.show()
        sidebar.select_tag(ids["claim"])
        app.processEvents()
        sidebar.grab().save(str(out))

        text = project.article_text(article_id)
        quote = "Two port workers, who asked not to be named"
        sidebar.open_tag_editor(TagKind.CLAIM, article_id, *span(text, quote), quote)
        editor = sidebar.editor.claim
        editor.claimant.setText("port workers")
        editor.anonymous.setChecked(True)
        editor.reported_via.setText("the Courier")
        editor.claim_type.setCurrentIndex(editor.claim_type.findData("factual"))
        editor.about.input.setText("Northern Coalition")
        editor.about.take_pending()
        editor.summary.setFocus()
        app.processEvents()
        sidebar.grab().save(str(out.with_name(out.stem + "-editor" + out.suffix)))

        sidebar.editor.cancel()
        second = project.article_ids()[1]
        sidebar.set_article(second)
        text = project.article_text(second)
        sidebar.open_tag_editor(TagKind.DENIAL, second, *span(text, "again denied any damage"),
                                "again denied any damage")
        denial = sidebar.editor.denial
        denial.denier.setText("Interior Ministry")
        denial.claim.search.setFocus()
        denial.claim.search.setText("depot")
        denial.claim._search("depot")
        app.processEvents()
        sidebar.grab().save(str(out.with_name(out.stem + "-denial" + out.suffix)))

        sidebar.editor.cancel()
        sidebar.set_article(article_id)
        sidebar.select_tag(project.tags_of_article(article_id).mentions[-1].id)
        app.processEvents()
        sidebar.grab().save(str(out.with_name(out.stem + "-actors" + out.suffix)))

        sidebar.tabs.setCurrentIndex(3)
        sidebar.registry.select_actor(project.find_actor_id("Northern Coalition"))
        app.processEvents()
        sidebar.grab().save(str(out.with_name(out.stem + "-registry" + out.suffix)))
        sidebar.close()
        project.close()
    print(f"wrote {out} and its -editor, -denial, -actors, -registry variants")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
