"""Regression tests for bugs found in review of the core (one test per finding)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.core.test_store import Seed, assert_consistent, dump, seed  # noqa: F401  (fixture)
from workbench.core.importing import import_paths
from workbench.core.importers.plaintext import has_text
from workbench.core.model import ActorName, ArticleDraft, ArticleQuery, TagKind
from workbench.core.store import Project, TagError
from workbench.core.text import canonical


# ---- 1. a text of only byte-order marks: has_text said yes, the store said "no text"


@pytest.mark.parametrize("text", ["\ufeff\ufeff", "\ufeff\ufeff\ufeff\n", "\ufeff\ufeff  \r\n"])
def test_has_text_agrees_with_canonical_for_repeated_byte_order_marks(text: str) -> None:
    assert canonical(text) == ""
    assert not has_text(text)


def test_a_file_of_byte_order_marks_fails_alone_and_the_rest_is_imported(
    project: Project, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Harbour blast\n\nA depot burned.", encoding="utf-8")
    boms = tmp_path / "boms.txt"
    boms.write_bytes(b"\xef\xbb\xbf" * 3 + b"\n")
    table = tmp_path / "rows.csv"
    table.write_text('text\n"\ufeff\ufeff"\n"Second article"\n', encoding="utf-8")

    report = import_paths(project, [good, boms, table])

    assert report.imported == 2
    assert sorted(p.path for p in report.failed) == sorted([str(boms), str(table)])
    assert project.count_articles() == 2


# ---- 2. undo of an article delete when a later import took its seq


def test_undo_delete_article_after_an_import_reused_its_seq(project: Project) -> None:
    ids, _ = project.insert_articles([ArticleDraft("a", "first text"), ArticleDraft("b", "second text")])
    project.add_mention(ids[1], 0, 6, ActorName("Second"))
    deleted = project.delete_article(ids[1])
    (new_id,), _ = project.insert_articles([ArticleDraft("c", "third text")])

    project.revert(deleted)  # raised IntegrityError: UNIQUE constraint failed: articles.seq

    assert set(project.article_ids(ArticleQuery())) == {ids[0], ids[1], new_id}
    assert project.get_article(ids[1]).text == "second text"
    assert project.article_summary(ids[1]).mentions == 1
    seqs = [s.seq for s in project.list_articles()]
    assert len(set(seqs)) == 3
    assert_consistent(project)

    project.apply(deleted)  # redo
    assert set(project.article_ids(ArticleQuery())) == {ids[0], new_id}
    assert_consistent(project)


def test_redo_add_article_after_an_import_reused_its_seq(project: Project) -> None:
    project.insert_articles([ArticleDraft("a", "first text")])
    added = project.add_article(ArticleDraft("pasted", "pasted text"))
    project.revert(added)
    project.insert_articles([ArticleDraft("c", "third text")])

    project.apply(added)

    assert project.count_articles() == 3
    assert project.get_article(added.ids_of("article")[0]).text == "pasted text"
    assert_consistent(project)


def test_undo_redo_still_restores_the_exact_seq_when_it_is_free(seed: Seed) -> None:  # noqa: F811
    before = dump(seed.project)
    change = seed.project.delete_article(seed.a3)
    seed.project.revert(change)
    assert dump(seed.project) == before


# ---- 3. check: false mismatches after a NUL character; a span past the end


def test_check_is_not_fooled_by_a_nul_character_in_the_text(project: Project) -> None:
    (article_id,), _ = project.insert_articles(
        [ArticleDraft("t", "Before\x00 after the nul, the Coalition said so")]
    )
    text = project.article_text(article_id)
    start = text.index("Coalition")
    project.add_mention(article_id, start, start + 9, ActorName("Coalition"))
    straddle = text.index("e\x00")
    project.add_claim(article_id, straddle, straddle + 8, ActorName("Coalition"))

    report = project.check()

    assert report.mismatches == ()
    assert report.ok


def test_check_says_when_a_span_lies_outside_its_text(project: Project) -> None:
    (article_id,), _ = project.insert_articles([ArticleDraft("t", "Short text here")])
    change = project.add_mention(article_id, 0, 5, ActorName("Short"))
    project.db.execute("UPDATE mentions SET span_start = 100, span_end = 105")

    (bad,) = project.check().mismatches

    assert bad.tag_id == change.ids_of("mention")[0]
    assert bad.text_quote is None  # the CLI prints "(nothing: the span is outside the text)"


def test_check_still_finds_a_real_mismatch_after_a_nul(project: Project) -> None:
    (article_id,), _ = project.insert_articles([ArticleDraft("t", "A\x00 Coalition here")])
    text = project.article_text(article_id)
    start = text.index("Coalition")
    project.add_mention(article_id, start, start + 9, ActorName("Coalition"))
    project.db.execute("UPDATE mentions SET quote = 'Koalition'")

    (bad,) = project.check().mismatches

    assert (bad.kind, bad.stored_quote, bad.text_quote) == (TagKind.MENTION, "Koalition", "Coalition")


# ---- 4. check on a file SQLite cannot read through: a finding, not a crash


def test_check_reports_damage_that_sqlite_raises_on(project: Project, monkeypatch) -> None:
    real = project.db

    class Damaged:
        def execute(self, sql: str, *args):
            if sql.startswith("PRAGMA integrity_check") or "substr(" in sql:
                raise sqlite3.DatabaseError("database disk image is malformed")
            return real.execute(sql, *args)

    monkeypatch.setattr(project, "db", Damaged())
    report = project.check()
    assert not report.ok
    assert any("malformed" in problem for problem in report.sqlite_problems)
    monkeypatch.setattr(project, "db", real)


# ---- 5. an empty denied-claim id is "no claim", not a foreign-key crash


def test_empty_denied_claim_id_means_none(project: Project) -> None:
    (article_id,), _ = project.insert_articles([ArticleDraft("t", "The ministry denied it")])
    change = project.add_denial(article_id, 4, 12, ActorName("Ministry"), denied_claim_id="")
    denial_id = change.ids_of("denial")[0]
    assert project.get_tag("denial", denial_id).denied_claim_id is None

    claim = project.add_claim(article_id, 13, 19, ActorName("Ministry"))
    project.update_tag("denial", denial_id, denied_claim_id=claim.ids_of("claim")[0])
    project.update_tag("denial", denial_id, denied_claim_id="")
    assert project.get_tag("denial", denial_id).denied_claim_id is None
    with pytest.raises(TagError):
        project.update_tag("denial", denial_id, denied_claim_id="no-such-claim")


# ---- 6. snapping to words splits Persian words at a ZWNJ and Hebrew acronyms at gershayim


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        ("او می\u200cخواهم برود", "خواه", "می\u200cخواهم"),  # Persian: ZWNJ inside a word
        ("דובר צה״ל אמר", "צה", "צה״ל"),  # IDF, with gershayim
        ("נציג האו״ם הכחיש", "או", "האו״ם"),  # the UN
        ("the 4׳ unit", "4", "4׳"),  # geresh
    ],
)
def test_snap_to_words_keeps_joiners_and_hebrew_punctuation_inside_words(
    text: str, selected: str, expected: str
) -> None:
    from tests.conftest import quote_span
    from workbench.core.text import snap_to_words

    start, end = quote_span(text, selected)
    got = snap_to_words(text, start, end)
    assert text[got[0] : got[1]] == expected
