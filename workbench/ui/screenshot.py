"""Make the screenshot of the documentation: ``python -m workbench.ui.screenshot docs/screenshot.png``.

Builds a throw-away project (the sample article, tagged with overlapping
mentions, claims and denials, and a few other fictional articles), opens the
main window at 1400x860 with a claim selected, and saves a grab of it. Nothing
of the analyst's own settings or projects is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from workbench.core.model import ActorKind, ActorName, ArticleDraft, ArticleStatus, ClaimType

SIZE = (1400, 860)

OTHER_ARTICLES = (
    ("Ferry strike ends as Tessel port workers accept pay offer", "Radio Tessel", "2026-03-11",
     ArticleStatus.DONE),
    ("Vestra recalls ambassador after border shelling claims", "Caldera Today", "2026-03-12",
     ArticleStatus.IN_PROGRESS),
    ("Aid convoy reaches Lessing after three-day delay", "The Lessing Herald (sample)", "2026-03-14",
     ArticleStatus.NEW),
    ("Interior ministry denies reports of detentions in Port Adela", "Caldera Today", "2026-03-15",
     ArticleStatus.NEW),
    ("Highland villages cut off as rains wash out roads", "Radio Tessel", "2026-03-16", ArticleStatus.NEW),
)


def _span(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def build_project(folder: Path):
    """A project with the sample article tagged as an analyst would, and a few more articles."""
    from workbench.core.store import Project
    from workbench.ui.app import sample_draft

    project = Project.create(folder / "Caldera monitoring.workbench", analyst="M. Okafor")
    draft = sample_draft()
    assert draft is not None, "resources/sample-article.txt is missing"
    (article_id,), _ = project.insert_articles([draft])
    project.insert_articles(
        ArticleDraft(title=title, text=f"{title}\n\n{title}. (Fictional article for the screenshot.)",
                     outlet=outlet, published=date)
        for title, outlet, date, _ in OTHER_ARTICLES)
    for summary in project.list_articles():
        status = next((s for t, _, _, s in OTHER_ARTICLES if t == summary.title), ArticleStatus.IN_PROGRESS)
        if status is not ArticleStatus.NEW:
            project.set_status(summary.id, status)
    text = project.article_text(article_id)
    front = ActorName("Sorrel Valley Front")
    project.add_mention(article_id, *_span(text, "Sorrel Valley Front", 1), front)
    for quote, actor in (("Anselm Varga", ActorName("Anselm Varga")),
                         ("Lessing Herald", ActorName("Lessing Herald")),
                         ("Calderan army", ActorName("Calderan Army")),
                         ("Ruben Osei", ActorName("Ruben Osei")),
                         ("Republic of Vestra", ActorName("Republic of Vestra"))):
        project.add_mention(article_id, *_span(text, quote), actor)
    for actor_id, kind in ((project.find_actor_id("Sorrel Valley Front"), ActorKind.ARMED_GROUP),
                           (project.find_actor_id("Calderan Army"), ActorKind.GOVERNMENT),
                           (project.find_actor_id("Republic of Vestra"), ActorKind.STATE)):
        project.update_actor(actor_id, kind=kind)
    responsibility = project.add_claim(
        article_id, *_span(text, "Sorrel Valley Front, a rebel group active in the highlands of northern Caldera, "
                                 "said on Friday that its fighters had blown up the Amaro river bridge"),
        front, claim_type=ClaimType.RESPONSIBILITY, about=[front], summary="Front blew up the Amaro river bridge")
    project.add_claim(
        article_id, *_span(text, "they heard a loud explosion shortly before 4 a.m."),
        ActorName("Lessing residents"), anonymous=True, reported_via=ActorName("Lessing Herald"),
        claim_type=ClaimType.FACTUAL, summary="Explosion heard before 4 a.m.")
    accusation = project.add_claim(
        article_id, *_span(text, "accused the neighbouring Republic of Vestra of supplying the explosives"),
        ActorName("Ruben Osei"), claim_type=ClaimType.ATTRIBUTION, about=[ActorName("Republic of Vestra")],
        summary="Vestra supplied the explosives")
    project.add_denial(
        article_id, *_span(text, "denied that rebels were behind the collapse"), ActorName("Calderan Army"),
        denied_claim_id=responsibility.ids_of("claim")[0], summary="No attack: the bridge collapsed in the rain")
    project.add_denial(
        article_id, *_span(text, "rejected as \"an attempt to blame others"),
        ActorName("Vestran Foreign Ministry"), denied_claim_id=accusation.ids_of("claim")[0],
        summary="Vestra did not supply explosives")
    return project, article_id, responsibility.ids_of("claim")[0]


def take(out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.ui.app import configure
    from workbench.ui.main_window import MainWindow
    from workbench.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    with tempfile.TemporaryDirectory() as tmp:
        project, article_id, claim_id = build_project(Path(tmp))
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Session(project), settings)
        window.resize(*SIZE)
        window.show()
        window.list_panel.select_article(article_id)
        window.sidebar.select_tag(claim_id)
        window.view.mark_tag(claim_id)
        window.view.verticalScrollBar().setValue(0)
        window.statusBar().showMessage("Claim saved", 60_000)
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
        project.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshot.png")
    print(take(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
