"""CSV export: the contract of SPEC.md ("CSV export"), atomic files, one snapshot."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from pathlib import Path

import pytest

from workbench.core import schema
from workbench.core.exporters import csv_export, export_csv
from workbench.core.model import ActorName, ArticleDraft
from workbench.core.project_file import ProjectError
from workbench.core.store import Project

HEADERS = {
    "articles.csv": ["article_id", "title", "outlet", "author", "published", "url", "language",
                     "status", "chars", "sha256", "imported_at", "mentions", "claims", "denials"],
    "actors.csv": ["actor_id", "name", "kind", "aliases", "affiliation", "affiliation_kind",
                   "notes", "mentions", "claims", "denials"],
    "mentions.csv": ["mention_id", "article_id", "article_title", "actor_id", "actor",
                     "actor_kind", "start", "end", "quote", "analyst", "created_at"],
    "claims.csv": ["claim_id", "article_id", "article_title", "start", "end", "quote",
                   "claimant_id", "claimant", "anonymous", "reported_via", "claim_type", "about",
                   "summary", "analyst", "created_at"],
    "denials.csv": ["denial_id", "article_id", "article_title", "start", "end", "quote",
                    "denier_id", "denier", "denied_claim_id", "denied_claim_summary", "summary",
                    "reported_via", "analyst", "created_at"],
}
TAG_FILES = ("mentions.csv", "claims.csv", "denials.csv")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder of its own (the project file sits in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def leftovers(folder: Path) -> list[str]:
    """Temporary files an export must never leave behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".part")


def add_tricky_article(project: Project) -> str:
    """An article and tags whose cells start like spreadsheet formulas or need quoting."""
    text = '=SUM(A1:A9) was typed by "Hakim, the clerk"\nthen he left 👋🏽.\n+1 said @Kess -not sure'
    draft = ArticleDraft(title="=HYPERLINK(\"http://evil\")", text=text, outlet="+Courier, Ltd",
                         author="-Anon", published="@2024", url="http://x.test/a?b=1,2")
    (article_id,), _ = project.insert_articles([draft])
    project.add_mention(article_id, 0, 11, ActorName("@Kess"))
    clerk = project.add_actor("Hakim", "person", aliases=["=Clerk", "The, \"Clerk\""],
                              notes="\tline one\nline two").created_ids[0]
    project.add_actor("Ministry", "government", affiliation_id=clerk, affiliation_kind="backed by",
                      notes="\rstarts with CR")
    project.add_claim(article_id, text.index("+1"), text.index("+1") + 2, clerk,
                      anonymous=True, claim_type="factual", about=[ActorName("@Kess"), clerk],
                      summary="-5 casualties, \"at least\"")
    project.add_denial(article_id, text.index("-not"), len(text), ActorName("Ministry"),
                       summary="@nothing happened")
    return article_id


# ----------------------------------------------------------------------- shape


def test_every_file_has_exactly_the_spec_header(project: Project, tmp_path: Path) -> None:
    report = export_csv(project.path, tmp_path / "out")
    assert [p.name for p in report.files] == list(HEADERS)
    for name, header in HEADERS.items():
        assert read_table(tmp_path / "out" / name) == [header]
        assert report.rows[name] == 0


def test_with_text_adds_text_as_the_last_column_of_articles_only(harbour, tmp_path: Path) -> None:
    project, article_id, _ = harbour
    export_csv(project.path, tmp_path, with_text=True)
    rows = read_table(tmp_path / "articles.csv")
    assert rows[0] == HEADERS["articles.csv"] + ["text"]
    assert rows[1][-1] == project.article_text(article_id)
    for name in ("actors.csv", *TAG_FILES):
        assert read_table(tmp_path / name)[0] == HEADERS[name]


def test_raw_export_keeps_quotes_offsets_and_checksums_true(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    add_tricky_article(project)
    export_csv(project.path, tmp_path, raw=True, with_text=True)
    articles = {row["article_id"]: row for row in read_rows(tmp_path / "articles.csv")}
    for row in articles.values():
        assert int(row["chars"]) == len(row["text"])
        assert row["sha256"] == hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
    checked = 0
    for name in TAG_FILES:
        for row in read_rows(tmp_path / name):
            text = articles[row["article_id"]]["text"]
            assert text[int(row["start"]) : int(row["end"])] == row["quote"]
            assert row["article_title"] == articles[row["article_id"]]["title"]
            checked += 1
    assert checked == 6


def test_harbour_rows_carry_names_kinds_and_claim_fields(harbour, tmp_path: Path) -> None:
    project, article_id, changes = harbour
    export_csv(project.path, tmp_path)
    (article,) = read_rows(tmp_path / "articles.csv")
    assert (article["status"], article["mentions"], article["claims"], article["denials"]) == ("new", "1", "1", "1")
    (mention,) = read_rows(tmp_path / "mentions.csv")
    assert (mention["actor"], mention["actor_kind"], mention["analyst"]) == ("Northern Coalition", "other", "tester")
    (claim,) = read_rows(tmp_path / "claims.csv")
    assert claim["claim_id"] == changes["claim"].ids_of("claim")[0]
    assert (claim["claimant"], claim["anonymous"], claim["claim_type"]) == ("Northern Coalition", "false", "responsibility")
    assert claim["about"] == "Northern Coalition" and claim["reported_via"] == ""
    (denial,) = read_rows(tmp_path / "denials.csv")
    assert denial["denied_claim_id"] == claim["claim_id"]
    assert denial["denied_claim_summary"] == "Coalition struck Port Varen fuel depot with drones"
    assert (denial["denier"], denial["summary"]) == ("Kessland Interior Ministry", "Depot not damaged")
    actors = {row["name"]: row for row in read_rows(tmp_path / "actors.csv")}
    assert (actors["Northern Coalition"]["mentions"], actors["Northern Coalition"]["claims"]) == ("1", "1")


def test_actors_join_aliases_and_name_their_affiliation(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    add_tricky_article(project)
    export_csv(project.path, tmp_path, raw=True)
    actors = {row["name"]: row for row in read_rows(tmp_path / "actors.csv")}
    assert actors["Hakim"]["aliases"] == '=Clerk | The, "Clerk"'
    assert actors["Hakim"]["kind"] == "person"
    assert (actors["Ministry"]["affiliation"], actors["Ministry"]["affiliation_kind"]) == ("Hakim", "backed by")
    (claim,) = [r for r in read_rows(tmp_path / "claims.csv") if r["claimant"] == "Hakim"]
    assert (claim["about"], claim["anonymous"]) == ("@Kess | Hakim", "true")


# ---------------------------------------------------------------- formulas


def test_cells_that_start_like_formulas_get_one_apostrophe(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    add_tricky_article(project)
    export_csv(project.path, tmp_path, with_text=True)
    (tricky,) = [r for r in read_rows(tmp_path / "articles.csv") if r["author"]]
    assert (tricky["title"], tricky["outlet"], tricky["author"], tricky["published"]) == (
        "'=HYPERLINK(\"http://evil\")", "'+Courier, Ltd", "'-Anon", "'@2024")
    assert tricky["url"] == "http://x.test/a?b=1,2"  # "=" inside a cell is harmless
    assert tricky["text"].startswith("'=SUM(")
    actors = {row["name"]: row for row in read_rows(tmp_path / "actors.csv")}
    assert actors["'@Kess"]["notes"] == ""
    assert actors["Hakim"]["aliases"] == "'=Clerk | The, \"Clerk\""
    assert actors["Hakim"]["notes"] == "'\tline one\nline two"
    assert actors["Ministry"]["notes"] == "'\rstarts with CR"
    (claim,) = [r for r in read_rows(tmp_path / "claims.csv") if r["claimant"] == "Hakim"]
    assert (claim["quote"], claim["summary"], claim["about"]) == ("'+1", "'-5 casualties, \"at least\"", "'@Kess | Hakim")
    (denial,) = [r for r in read_rows(tmp_path / "denials.csv") if r["denier"] == "Ministry"]
    assert (denial["quote"], denial["summary"]) == ("'-not sure", "'@nothing happened")


def test_raw_export_leaves_formula_like_cells_alone(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    add_tricky_article(project)
    export_csv(project.path, tmp_path, raw=True)
    titles = [r["title"] for r in read_rows(tmp_path / "articles.csv")]
    assert '=HYPERLINK("http://evil")' in titles
    assert "@Kess" in {r["name"] for r in read_rows(tmp_path / "actors.csv")}
    assert not any(cell.startswith("'") for name in HEADERS for row in read_table(tmp_path / name) for cell in row)


def test_plain_cells_and_numbers_are_never_prefixed(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    export_csv(project.path, tmp_path)
    assert not any(cell.startswith("'") for name in HEADERS for row in read_table(tmp_path / name) for cell in row)


# ------------------------------------------------------------- bytes on disk


def test_bom_only_when_asked(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    export_csv(project.path, tmp_path / "plain")
    export_csv(project.path, tmp_path / "bom", bom=True)
    for name in HEADERS:
        assert not (tmp_path / "plain" / name).read_bytes().startswith(b"\xef\xbb\xbf")
        with_bom = (tmp_path / "bom" / name).read_bytes()
        assert with_bom.startswith(b"\xef\xbb\xbf" + HEADERS[name][0].encode())
        assert with_bom[3:] == (tmp_path / "plain" / name).read_bytes()


def test_rfc4180_quoting_of_commas_quotes_newlines_and_emoji(harbour, tmp_path: Path) -> None:
    project, article_id, _ = harbour
    add_tricky_article(project)
    export_csv(project.path, tmp_path, raw=True, with_text=True)
    data = (tmp_path / "articles.csv").read_bytes().decode("utf-8")
    assert data.startswith(",".join(HEADERS["articles.csv"] + ["text"]) + "\r\n")
    assert '"=SUM(A1:A9) was typed by ""Hakim, the clerk""\nthen he left 👋🏽.\n+1 said @Kess -not sure"\r\n' in data
    assert ',"+Courier, Ltd",-Anon,@2024,"http://x.test/a?b=1,2",' in data  # quoted only when needed
    actors = (tmp_path / "actors.csv").read_text(encoding="utf-8")
    assert '"=Clerk | The, ""Clerk"""' in actors
    rows = {r["article_id"]: r for r in read_rows(tmp_path / "articles.csv")}
    assert rows[article_id]["text"] == project.article_text(article_id)


def test_everything_round_trips_through_the_csv_module(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    article_id = add_tricky_article(project)
    export_csv(project.path, tmp_path, raw=True, with_text=True)
    (row,) = [r for r in read_rows(tmp_path / "articles.csv") if r["article_id"] == article_id]
    stored = project.get_article(article_id)
    assert (row["title"], row["outlet"], row["url"], row["text"]) == (stored.title, stored.outlet, stored.url, stored.text)
    tags = project.tags_of_article(article_id)
    exported = {r["claim_id"]: r for r in read_rows(tmp_path / "claims.csv")}
    for claim in tags.claims:
        assert exported[claim.id]["summary"] == claim.summary
        assert exported[claim.id]["about"] == " | ".join(claim.about_names)
    for name in HEADERS:
        table = read_table(tmp_path / name)
        assert all(len(r) == len(table[0]) for r in table)


# ---------------------------------------------------------------- atomicity


def test_existing_files_are_replaced_and_others_left_alone(harbour, out: Path) -> None:
    project, _, _ = harbour
    (out / "articles.csv").write_text("old")
    (out / "notes.txt").write_text("mine")
    export_csv(project.path, out)
    assert read_table(out / "articles.csv")[0] == HEADERS["articles.csv"]
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == sorted([*HEADERS, "notes.txt"])


def test_missing_output_folders_are_created(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    report = export_csv(project.path, tmp_path / "a" / "b")
    assert all(path.parent == tmp_path / "a" / "b" and path.exists() for path in report.files)


def test_cancel_leaves_the_folder_as_it_was(harbour, out: Path) -> None:
    project, _, _ = harbour
    (out / "articles.csv").write_text("old")
    asked = []

    def cancel_on_third_question() -> bool:
        asked.append(1)
        return len(asked) >= 3

    report = export_csv(project.path, out, should_cancel=cancel_on_third_question)
    assert report.cancelled and report.files == []
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv"]
    assert (out / "articles.csv").read_text() == "old"


def test_an_error_halfway_leaves_no_partial_files(harbour, out: Path, monkeypatch) -> None:
    project, _, _ = harbour
    (out / "mentions.csv").write_text("old")
    real_write = csv_export._write_file

    def fail_on_claims(db, spec, path, *args):
        if spec.name == "claims.csv":
            path.write_text("half")
            raise OSError(28, "No space left on device")
        return real_write(db, spec, path, *args)

    monkeypatch.setattr(csv_export, "_write_file", fail_on_claims)
    with pytest.raises(OSError):
        export_csv(project.path, out)
    assert sorted(p.name for p in out.iterdir()) == ["mentions.csv"]
    assert (out / "mentions.csv").read_text() == "old"


def test_no_temporary_files_after_success(harbour, out: Path) -> None:
    project, _, _ = harbour
    export_csv(project.path, out)
    assert leftovers(out) == []


# ----------------------------------------------------------------- snapshot


def test_writes_during_the_export_do_not_mix_into_it(harbour, tmp_path: Path) -> None:
    """The window keeps writing while the export runs: the files show the state at the start."""
    project, article_id, _ = harbour
    text = project.article_text(article_id)
    wrote = []

    def tag_between_files(name: str, done: int, total: int) -> None:
        if name == "actors.csv" and not wrote:  # articles.csv is written, the rest is not
            start = text.index("Coastwatch")
            wrote.append(project.add_claim(article_id, start, start + 10, ActorName("Coastwatch"),
                                           summary="scorch marks near one tank"))
            project.add_mention(article_id, start, start + 10, ActorName("Coastwatch"))

    report = export_csv(project.path, tmp_path / "during", progress=tag_between_files)
    assert wrote, "the progress callback never ran between files"
    assert report.rows["claims.csv"] == len(read_rows(tmp_path / "during" / "claims.csv")) == 1
    (article,) = read_rows(tmp_path / "during" / "articles.csv")
    assert (article["claims"], article["mentions"]) == ("1", "1")
    assert "Coastwatch" not in {r["name"] for r in read_rows(tmp_path / "during" / "actors.csv")}
    assert len(read_rows(tmp_path / "during" / "mentions.csv")) == 1

    export_csv(project.path, tmp_path / "after")
    assert len(read_rows(tmp_path / "after" / "claims.csv")) == 2
    (article,) = read_rows(tmp_path / "after" / "articles.csv")
    assert (article["claims"], article["mentions"]) == ("2", "2")


def test_progress_reports_each_file_in_order_and_ends_complete(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    calls: list[tuple[str, int, int]] = []
    export_csv(project.path, tmp_path, progress=lambda *args: calls.append(args))
    assert list(dict.fromkeys(name for name, _, _ in calls)) == list(HEADERS)
    total = 1 + 2 + 3  # 1 article, 2 actors, 3 tags
    assert calls[0] == ("articles.csv", 0, total)
    assert calls[-1] == ("denials.csv", total, total)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)


# ------------------------------------------------------------------ refusals


def test_a_file_that_is_not_a_project_is_refused_without_output(tmp_path: Path) -> None:
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello")
    with pytest.raises(ProjectError):
        export_csv(not_a_project, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_project_of_an_older_schema_asks_to_be_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.workbench"
    db = sqlite3.connect(path, isolation_level=None)
    schema.migrate(db, stop_after=schema.CURRENT_VERSION - 1)
    db.close()
    with pytest.raises(ProjectError, match="older"):
        export_csv(path, tmp_path / "out")


def test_export_does_not_change_the_project_file(harbour, tmp_path: Path) -> None:
    project, _, _ = harbour
    path = project.path
    project.close()
    before = path.read_bytes()
    export_csv(path, tmp_path / "out", with_text=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [path.name]
