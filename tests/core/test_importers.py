"""Reading article files (the importers) and importing them into a project.

The project here is a small fake with the store's ``insert_articles``
contract; the store's own integration test lives with the store.
"""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core import importing
from workbench.core.importers import (
    SUPPORTED_SUFFIXES,
    RowProblem,
    UnreadableFile,
    discover,
    html_import,
    iter_file,
    read_file,
)
from workbench.core.importers.decoding import (
    BINARY_CONTROL,
    BINARY_NUL,
    EMPTY_FILE,
    MAX_ARTICLE_FILE_BYTES,
    MAX_ROW_TEXT_BYTES,
    TOO_LARGE,
    UNDECODABLE,
    decode_bytes,
)
from workbench.core.importers.html_import import NO_TEXT_IN_PAGE, html_to_text, parse_page
from workbench.core.importers.markdown_import import split_front_matter
from workbench.core.importers.plaintext import MAX_TITLE_CHARS, has_text, make_draft
from workbench.core.importers.table import TEXT_TOO_LARGE
from workbench.core.importing import MAX_ROW_PROBLEMS_PER_FILE, import_paths
from workbench.core.model import ArticleDraft, ImportProblem
from workbench.core.text import canonical

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "import"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def only_draft(path: Path) -> ArticleDraft:
    contents = read_file(path)
    assert contents.problems == []
    (draft,) = contents.drafts
    return draft


def unreadable_reason(path: Path) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_file(path)
    return caught.value.reason


class FakeProject:
    """Keeps articles by canonical text, as the store does."""

    def __init__(self) -> None:
        self.articles: dict[str, ArticleDraft] = {}
        self.batch_sizes: list[int] = []

    def insert_articles(self, drafts):
        drafts = list(drafts)
        self.batch_sizes.append(len(drafts))
        ids, skipped = [], 0
        for draft in drafts:
            text = canonical(draft.text)
            assert text, "the store refuses an article without text"
            if text in self.articles:
                skipped += 1
                continue
            self.articles[text] = draft
            ids.append(f"id-{len(self.articles)}")
        return ids, skipped

    def titles(self) -> list[str]:
        return [draft.title for draft in self.articles.values()]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a connection or resolve a name is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during an import")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


# -- decoding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café ☕".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Café ☕".encode(), "utf-8-sig"),
        ("\ufeffCafé ☕".encode("utf-16-le"), "utf-16"),
        ("\ufeffCafé ☕".encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_decode_without_fallback(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == "Café ☕"
    assert decoded.encoding == encoding
    assert not decoded.used_fallback


def test_windows_1252_is_a_recorded_fallback() -> None:
    decoded = decode_bytes("“Café” costs €5".encode("cp1252"))
    assert decoded.text == "“Café” costs €5"
    assert decoded.used_fallback


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", EMPTY_FILE),
        (b" \r\n\t \n", EMPTY_FILE),
        (b"\xef\xbb\xbf", EMPTY_FILE),
        ("\ufeff \r\n".encode("utf-16-le"), EMPTY_FILE),
        (b"caf\xe9 \x81 undefined in Windows-1252", UNDECODABLE),
        (b"PK\x03\x04\x14\x00\x06\x00 a zip file", BINARY_NUL),
        (bytes(range(1, 9)) * 100 + b"some text", BINARY_CONTROL),
        (b"\xef\xbb\xbfcaf\xe9", "not valid UTF-8 (despite its UTF-8 byte-order mark)"),
        (b"\xff\xfea\x00b", "not valid UTF-16 (despite its UTF-16 byte-order mark)"),
    ],
)
def test_undecodable_bytes_give_a_short_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode_bytes(data)
    assert caught.value.reason == reason


def test_nul_bytes_after_the_first_8_kib_do_not_make_a_file_binary() -> None:
    data = b"a" * 9000 + b"\x00" + b"b" * 10
    assert decode_bytes(data).text.endswith("\x00bbbbbbbbbb")


def test_a_few_control_characters_are_kept() -> None:
    assert decode_bytes(b"Page one\x0cPage two\x1b").text == "Page one\x0cPage two\x1b"


def test_a_declared_legacy_encoding_is_tried_before_windows_1252() -> None:
    data = "Москва".encode("koi8-r")
    assert decode_bytes(data, declared_encoding="koi8-r").text == "Москва"
    assert decode_bytes(data, declared_encoding="no-such-codec").encoding == "cp1252"


# -- discovering files ------------------------------------------------------------


def test_discover_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in [
        "b/article-10.txt", "b/article-2.txt", "a.md", "B/c.CSV", "notes.pdf",
        ".hidden.txt", ".git/config.txt", "sub/.cache/x.txt", "sub/page.htm",
    ]:
        write(tmp_path, name, "text")
    files, problems = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a.md", "b/article-2.txt", "b/article-10.txt", "B/c.CSV", "sub/page.htm",
    ]
    assert problems == []


def test_discover_reports_what_was_named_but_cannot_be_imported(tmp_path: Path) -> None:
    pdf = write(tmp_path, "report.pdf", b"%PDF")
    bare = write(tmp_path, "README", "text")
    hidden = write(tmp_path, ".explicitly-named.txt", "text")
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    missing = tmp_path / "missing.txt"
    files, problems = discover([pdf, bare, hidden, empty_folder, missing, hidden])
    assert files == [hidden]
    reasons = {Path(problem.path).name: problem.reason for problem in problems}
    assert reasons["report.pdf"].startswith("cannot import '.pdf' files (supported: .csv,")
    assert reasons["README"].startswith("cannot import files without a suffix")
    assert reasons["empty"].startswith("no files to import in this folder")
    assert reasons["missing.txt"] == "no such file or folder"


def test_discover_lists_a_file_once_when_named_twice(tmp_path: Path) -> None:
    article = write(tmp_path, "a.txt", "text")
    files, _ = discover([tmp_path, article, str(article)])
    assert files == [article]


def test_every_supported_suffix_has_a_reader(tmp_path: Path) -> None:
    expected = {".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".jsonl"}
    assert expected <= set(SUPPORTED_SUFFIXES)


# -- plain text -------------------------------------------------------------------


def test_plain_text_title_is_the_first_non_empty_line_and_text_the_whole_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.txt", "\n  \n  Headline here  \r\nBody line.\r\n")
    draft = only_draft(path)
    assert draft.title == "Headline here"
    assert draft.text == "\n  \n  Headline here  \r\nBody line.\r\n"
    assert draft.source == str(path)


def test_unicode_stress_text_keeps_every_character() -> None:
    raw = (FIXTURES / "unicode-stress.txt").read_bytes().decode("utf-8")
    draft = only_draft(FIXTURES / "unicode-stress.txt")
    assert canonical(draft.text) == canonical(raw)
    for piece in ("🇺🇸", "أحمد الحكيم", "הכחיש", "e\u0301"):
        assert piece in draft.text
    assert draft.title.endswith("🙄")


def test_windows_1252_file_is_read(caplog: pytest.LogCaptureFixture) -> None:
    draft = only_draft(FIXTURES / "windows-1252.txt")
    assert draft.title == "Café owners count the cost"
    assert "“We lost €5,000 in one night,” said Renée Dupré — the owner." in draft.text
    assert "Windows-1252" in caplog.text


def test_utf16_file_is_read() -> None:
    draft = only_draft(FIXTURES / "utf-16.txt")
    assert draft.title == "الوزارة denies strike"
    expected = "الوزارة denies strike\n\nThe ministry דחתה the report 🙂."
    assert canonical(draft.text) == expected


def test_empty_file_is_unreadable() -> None:
    assert unreadable_reason(FIXTURES / "empty.txt") == EMPTY_FILE


def test_binary_file_is_unreadable(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert unreadable_reason(write(tmp_path, "image.txt", png)) == BINARY_NUL


def test_huge_single_article_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: takes no disk space
        handle.write(b"Title\n")
        handle.truncate(MAX_ARTICLE_FILE_BYTES + 1)
    assert unreadable_reason(path) == TOO_LARGE == "larger than the 10 MiB limit for one article"


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    line = b"The ministry denied it.\n"
    data = line * (MAX_ARTICLE_FILE_BYTES // len(line))
    data += b"x" * (MAX_ARTICLE_FILE_BYTES - len(data))
    draft = only_draft(write(tmp_path, "big.txt", data))
    assert len(draft.text) == MAX_ARTICLE_FILE_BYTES


def test_long_first_line_gives_a_shortened_title() -> None:
    draft = make_draft("word " * 10_000)
    assert len(draft.title) == MAX_TITLE_CHARS
    assert draft.title.endswith("…")


def test_titles_and_metadata_are_on_one_line() -> None:
    draft = make_draft("text", title="  Two\r\nlines\t title ", outlet=" Varen\nCourier ")
    assert (draft.title, draft.outlet) == ("Two lines title", "Varen Courier")


@pytest.mark.parametrize("text", ["", " ", "\r\n\t", "\ufeff", "\ufeff \n", "\u2003\u00a0"])
def test_has_text_is_false_for_what_canonicalises_to_nothing(text: str) -> None:
    assert not has_text(text)
    assert canonical(text) == ""


# -- Markdown ---------------------------------------------------------------------


def test_markdown_front_matter_gives_title_and_metadata() -> None:
    draft = only_draft(FIXTURES / "front-matter.md")
    assert draft.title == "Ministry denies depot fire"
    assert (draft.outlet, draft.author, draft.published, draft.url, draft.language) == (
        "Varen Courier", "J. Doe", "2024-03-06", "https://courier.example/denial", "en",
    )
    assert draft.text == (
        "A heading that is not the title\n\n"
        "Kessland's Interior Ministry denied that the depot had been damaged & said so. "
        "This line wraps the same paragraph.\n\n"
        "- first point\n"
        "- second point with a link\n\n"
        "Last paragraph with code & an entity é."
    )


def test_markdown_title_is_the_first_heading_else_the_first_line(tmp_path: Path) -> None:
    with_heading = write(tmp_path, "a.md", "Intro line\n\n## The heading\n\nBody.\n")
    without = write(tmp_path, "b.markdown", "\n\n**Bold** first line\n\nBody.\n")
    assert only_draft(with_heading).title == "The heading"
    assert only_draft(without).title == "Bold first line"


def test_markdown_keeps_no_tags_or_entities(tmp_path: Path) -> None:
    source = (
        "# Title &amp; more\n\n"
        "A <b>bold</b> claim &lt;quoted&gt; ![img](http://images.example/x.png)\n\n"
        "1. first\n2. second\n\n"
        "> a quote\n\n"
        "<style>p { color: red }</style>\n"
        "<script>alert('x')</script>\n"
    )
    text = only_draft(write(tmp_path, "a.md", source)).text
    assert text == "Title & more\n\nA bold claim <quoted>\n\n- first\n- second\n\na quote"


def test_markdown_that_renders_to_nothing_is_unreadable(tmp_path: Path) -> None:
    assert unreadable_reason(FIXTURES / "blank.md") == EMPTY_FILE
    only_image = write(tmp_path, "image.md", "![alt](http://images.example/x.png)\n")
    assert unreadable_reason(only_image).startswith("no text")


def test_a_leading_rule_that_is_not_front_matter_stays_text() -> None:
    source = "---\nJust a rule, then prose: with a colon later\n---\nMore.\n"
    assert split_front_matter(source) == ({}, source)
    assert split_front_matter("---\n---\nBody") == ({}, "Body")


# -- HTML ---------------------------------------------------------------------------


def test_saved_web_page_gives_main_text_and_metadata(no_network: list[object]) -> None:
    draft = only_draft(FIXTURES / "saved-page.html")
    assert draft.title == "Ministry denies depot fire"
    assert draft.outlet == "Varen Courier"
    assert draft.author == "Jane Doe"
    assert draft.published == "2024-03-06"
    assert draft.url == "https://courier.example/2024/03/06/ministry-denies-depot-fire"
    assert draft.language == "en-GB"
    assert "“There was no attack and no fire; this is coalition propaganda,”" in draft.text
    assert '"baseless accusations"' in draft.text
    for unwanted in ("SCRIPT", "STYLE TEXT", "INJECTED", "Sport", "All rights reserved", "<", "&"):
        assert unwanted not in draft.text
    assert "\n\n" in draft.text  # paragraphs stay paragraphs
    assert no_network == []


def test_plain_extraction_takes_over_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch, no_network: list[object]
) -> None:
    monkeypatch.setattr(html_import, "_trafilatura_extract", lambda html: {})
    draft = only_draft(FIXTURES / "saved-page.html")
    assert draft.title == "Ministry denies depot fire"
    assert draft.outlet == "Varen Courier"
    assert draft.published == "2024-03-06T09:30:00+00:00"
    assert draft.text.startswith("Ministry denies depot fire\n\nBy Jane Doe, 6 March 2024\n\n")
    for unwanted in ("SCRIPT", "STYLE TEXT", "INJECTED", "Sport", "All rights reserved"):
        assert unwanted not in draft.text


def test_page_without_text_is_unreadable(tmp_path: Path) -> None:
    page = "<html><head><title>Empty</title><script>var x = 1;</script></head><body></body></html>"
    assert unreadable_reason(write(tmp_path, "a.html", page)) == NO_TEXT_IN_PAGE


def test_short_page_uses_the_title_from_the_head(tmp_path: Path) -> None:
    page = "<title>Short &amp; sweet</title><p>One&nbsp;line.</p>"
    draft = only_draft(write(tmp_path, "a.htm", page))
    assert draft.title == "Short & sweet"
    assert draft.text.replace("\u00a0", " ") == "One line."


def test_page_in_a_declared_legacy_encoding(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="koi8-r"><title>Москва</title></head>'
        "<body><p>Текст.</p></body></html>"
    )
    draft = only_draft(write(tmp_path, "a.html", page.encode("koi8-r")))
    assert (draft.title, draft.text) == ("Москва", "Текст.")


def test_html_to_text_keeps_paragraphs_lines_and_list_items() -> None:
    html = (
        "<h2>Head</h2><p>a<br>b\n   c</p><ul><li><p>x</p><p>y</p></li><li>z<ul><li>n</li></ul></li>"
        "</ul>tail<pre>\n  code\n   more\n</pre><table><tr><th>k</th><th>v</th></tr>"
        "<tr><td>1</td><td>2</td></tr></table>&amp;&lt;&#x1F600;"
    )
    assert html_to_text(html) == (
        "Head\n\na\nb c\n\n- x\n\ny\n\n- z\n- n\n\ntail\n\n"
        "  code\n   more\n\nk | v\n\n1 | 2\n\n&<😀"
    )


def test_plain_extraction_survives_an_unclosed_head_and_ignores_icon_titles() -> None:
    html = "<html><head><title>Real</title><body><svg><title>icon</title></svg><p>Body</p>"
    page = parse_page(html, skip_page_furniture=True)
    assert (page.text, page.meta["title"]) == ("Body", "Real")


def test_importing_the_package_does_not_import_trafilatura_or_qt() -> None:
    code = (
        "import sys, workbench.core.importing, workbench.core.importers;"
        "print('trafilatura' in sys.modules, 'PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# -- tables -------------------------------------------------------------------------


def test_csv_with_quoted_multi_line_fields() -> None:
    contents = read_file(FIXTURES / "multiline.csv")
    first, second, third = contents.drafts
    assert first.title == "Port Varen blast"
    assert first.text == (
        'The coalition said it struck the depot.\r\n\r\n"There was no attack," the ministry said.'
    )
    assert (first.outlet, first.published) == ("Varen Courier", "2024-03-05")
    assert second.title == "First line is the title"
    assert third.text == "Flag 🇺🇸 and e\u0301 combining"
    assert contents.problems == [RowProblem("row 4", "no text")]
    assert first.source.endswith("multiline.csv row 2")


def test_csv_missing_the_text_column_names_it() -> None:
    reason = unreadable_reason(FIXTURES / "missing-text-column.csv")
    assert reason == "no 'text' column in the header row (found: title, body, outlet)"


def test_csv_with_a_header_only_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "title,text\n")
    assert unreadable_reason(path) == "no rows after the header row"


def test_csv_headers_are_case_insensitive_and_delimiter_is_sniffed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "\ufeffTEXT ; Extra ; Title\nBody one;x;T1\nBody two;y;\n")
    first, second = read_file(path).drafts
    assert (first.title, first.text) == ("T1", "Body one")
    assert (second.title, second.text) == ("Body two", "Body two")


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_csv_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text("title,text\nCafé,“Quoted” text\n", encoding=encoding)
    (draft,) = read_file(path).drafts
    assert (draft.title, draft.text) == ("Café", "“Quoted” text")


def test_csv_that_stops_decoding_late_yields_no_rows_at_all(tmp_path: Path) -> None:
    rows = "".join(f"T{i},Text {i}\n" for i in range(5000))
    path = write(tmp_path, "a.csv", b"title,text\n" + rows.encode() + b"bad,\x81\xff\n")
    with pytest.raises(UnreadableFile) as caught:
        next(iter_file(path))
    assert caught.value.reason == UNDECODABLE


def test_csv_row_over_the_size_limit_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text"])
        writer.writerow(["Too big", "x" * (MAX_ROW_TEXT_BYTES + 1)])
        multibyte = "é" * (MAX_ROW_TEXT_BYTES // 2 + 1)  # under the limit in characters
        writer.writerow(["Multibyte", multibyte])
        writer.writerow(["Fine", "small"])
    contents = read_file(path)
    assert [draft.title for draft in contents.drafts] == ["Fine"]
    assert contents.problems == [
        RowProblem("row 2", TEXT_TOO_LARGE),
        RowProblem("row 3", TEXT_TOO_LARGE),
    ]
    assert TEXT_TOO_LARGE == "text larger than the 10 MiB limit for one article"


def test_jsonl_with_a_broken_line() -> None:
    contents = read_file(FIXTURES / "broken-line.jsonl")
    assert [(d.title, d.published) for d in contents.drafts] == [("First", ""), ("Third", "2024")]
    assert contents.drafts[0].outlet == "Courier"
    assert [problem.describe() for problem in contents.problems] == [
        "line 2: invalid JSON (Invalid control character at column 42)",
        "line 5: not a JSON object",
        "line 6: no text",
    ]


def test_jsonl_values_that_are_not_text(tmp_path: Path) -> None:
    lines = [
        {"text": "fine", "title": None, "url": "https://x.example"},
        {"text": ["a", "list"]},
        {"text": "ok", "author": {"name": "nested"}},
        {"text": "lone \ud800 surrogate"},
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    contents = read_file(path)
    assert [(d.title, d.url) for d in contents.drafts] == [("fine", "https://x.example")]
    assert [problem.describe() for problem in contents.problems] == [
        "line 2: 'text' is not text",
        "line 3: 'author' is not text",
        "line 4: 'text' is not valid Unicode (lone surrogate)",
    ]


def test_jsonl_line_with_deep_nesting_or_a_huge_number(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", "[" * 100_000 + "\n" + "9" * 5000 + "\n")
    problems = read_file(path).problems
    assert [problem.where for problem in problems] == ["line 1", "line 2"]
    assert all(problem.reason.startswith("invalid JSON") for problem in problems)


def test_jsonl_keeps_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    text = "one\u2028two\u0085three"
    path = write(tmp_path, "a.jsonl", json.dumps({"text": text}, ensure_ascii=False) + "\r\n")
    assert only_draft(path).text == text


# -- whole-file failures stay per file ---------------------------------------------


def test_a_reader_bug_becomes_an_unreadable_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(html: str, *, skip_page_furniture: bool):
        raise ValueError("boom")

    monkeypatch.setattr(html_import, "parse_page", broken)
    path = write(tmp_path, "a.html", "<p>text</p>")
    assert unreadable_reason(path) == "could not be read (ValueError: boom)"


def test_a_folder_named_like_a_file_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert unreadable_reason(folder).startswith("cannot read the file (")


def test_a_file_without_permission_is_unreadable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path, "secret.txt", "text")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert unreadable_reason(path) == "cannot read the file (permission denied)"


# -- import_paths -------------------------------------------------------------------


def test_import_reads_every_fixture_and_reports_each_bad_one(no_network: list[object]) -> None:
    project = FakeProject()
    report = import_paths(project, [FIXTURES])
    failed = {(Path(p.path).name, p.reason) for p in report.failed}
    assert failed == {
        ("blank.md", EMPTY_FILE),
        ("broken-line.jsonl", "line 2: invalid JSON (Invalid control character at column 42)"),
        ("broken-line.jsonl", "line 5: not a JSON object"),
        ("broken-line.jsonl", "line 6: no text"),
        ("empty.txt", EMPTY_FILE),
        (
            "missing-text-column.csv",
            "no 'text' column in the header row (found: title, body, outlet)",
        ),
        ("multiline.csv", "row 4: no text"),
    }
    assert report.imported == len(project.articles) == 11
    assert report.duplicates == 0
    assert len(report.article_ids) == 11
    assert not report.ok and not report.cancelled
    assert no_network == []


def test_import_counts_duplicates_in_the_project_and_in_the_batch(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Same text\n")
    write(tmp_path, "b.txt", "Same text")  # the same canonical text
    write(tmp_path, "c.csv", "title,text\nOther,Same text\nNew,New text\n")
    project = FakeProject()
    first = import_paths(project, [tmp_path])
    assert (first.imported, first.duplicates, first.failed) == (2, 2, [])
    again = import_paths(project, [tmp_path])
    assert (again.imported, again.duplicates) == (0, 4)
    assert again.ok


def test_import_sends_articles_in_batches_across_files(tmp_path: Path) -> None:
    for number in range(4):
        write(tmp_path, f"{number}.txt", f"Article {number}")
    write(tmp_path, "9.csv", "title,text\n" + "".join(f"R{i},Row {i}\n" for i in range(7)))
    project = FakeProject()
    report = import_paths(project, [tmp_path], batch_size=3)
    assert project.batch_sizes == [3, 3, 3, 2]
    assert report.imported == 11


def test_import_progress_is_per_file_and_ends_at_the_total(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "A")
    b = write(tmp_path, "b.csv", "title,text\n" + "".join(f"R{i},Row {i}\n" for i in range(5)))
    calls: list[tuple[int, int, str]] = []
    import_paths(FakeProject(), [a, b], progress=lambda *call: calls.append(call), batch_size=2)
    assert calls == [
        (0, 2, str(a)),
        (1, 2, str(b)),  # batches went to the project: [A, R0] [R1, R2] [R3, R4]
        (1, 2, str(b)),
        (1, 2, str(b)),
        (1, 2, str(b)),
        (2, 2, ""),
    ]


def test_import_can_be_cancelled_between_files(tmp_path: Path) -> None:
    for name in "abc":
        write(tmp_path, f"{name}.txt", name)
    asked: list[int] = []

    def cancel_after_first_file() -> bool:
        asked.append(1)
        return len(asked) > 1

    project = FakeProject()
    report = import_paths(project, [tmp_path], should_cancel=cancel_after_first_file)
    assert report.cancelled
    assert project.titles() == ["a"]
    assert report.summary().endswith("(cancelled)")


def test_import_can_be_cancelled_between_batches_of_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "title,text\n" + "".join(f"R{i},Row {i}\n" for i in range(100)))
    project = FakeProject()
    report = import_paths(
        project, [path], should_cancel=lambda: len(project.batch_sizes) >= 2, batch_size=10
    )
    assert report.cancelled
    assert report.imported == 20 and project.batch_sizes == [10, 10]


def test_import_never_raises_for_bad_files(tmp_path: Path) -> None:
    write(tmp_path, "binary.txt", bytes(range(256)) * 64)
    write(tmp_path, "bad-encoding.md", b"caf\xe9 \x81\x8d")
    write(tmp_path, "empty.html", b"")
    write(tmp_path, "no-rows.jsonl", b"\n\n")
    write(tmp_path, "good.txt", "Good article")
    with (tmp_path / "huge.htm").open("wb") as handle:
        handle.truncate(MAX_ARTICLE_FILE_BYTES + 10)
    project = FakeProject()
    report = import_paths(project, [tmp_path, tmp_path / "missing.txt"])
    assert report.imported == 1
    assert {Path(p.path).name: p.reason for p in report.failed} == {
        "bad-encoding.md": UNDECODABLE,
        "binary.txt": BINARY_NUL,
        "empty.html": EMPTY_FILE,
        "huge.htm": TOO_LARGE,
        "no-rows.jsonl": EMPTY_FILE,
        "missing.txt": "no such file or folder",
    }


def test_drafts_without_text_are_problems_not_imports(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path, "a.txt", "placeholder")
    drafts = [ArticleDraft(title="t", text="\ufeff \r\n"), ArticleDraft(title="t", text="real")]
    monkeypatch.setattr(importing, "iter_file", lambda path: (draft for draft in drafts))
    project = FakeProject()
    report = import_paths(project, [path])
    assert report.imported == 1
    assert report.failed == [ImportProblem(str(path), "no text")]


def test_many_row_problems_are_summarised(tmp_path: Path) -> None:
    rows = "only a title,\n" * (MAX_ROW_PROBLEMS_PER_FILE + 50)
    path = write(tmp_path, "a.csv", "title,text\n" + rows)
    report = import_paths(FakeProject(), [path])
    assert len(report.failed) == MAX_ROW_PROBLEMS_PER_FILE + 1
    assert report.failed[-1].reason == "50 more rows could not be imported (not listed)"


def test_a_project_error_propagates(tmp_path: Path) -> None:
    class BrokenProject:
        def insert_articles(self, drafts):
            raise RuntimeError("database is locked")

    write(tmp_path, "a.txt", "text")
    with pytest.raises(RuntimeError, match="database is locked"):
        import_paths(BrokenProject(), [tmp_path])


# -- streaming ----------------------------------------------------------------------
# Speed is measured by `make bench` (import_articles_per_s), not by timed tests,
# which flake on shared 2-core machines.


def test_a_large_csv_is_streamed_in_batches(tmp_path: Path) -> None:
    paragraph = "The ministry denied the depot was damaged; the coalition — «again» — insisted. "
    body = (paragraph * 46)[:4000]
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text", "outlet", "published", "url"])
        writer.writerows(
            [f"Article {i}", f"{i}\n\n{body}", "Courier", "2024-03-05", f"https://x/{i}"]
            for i in range(2_500)
        )
    batches: list[int] = []

    def insert(drafts):
        drafts = list(drafts)
        batches.append(len(drafts))
        return [""] * len(drafts), 0

    project = FakeProject()
    project.insert_articles = insert
    report = import_paths(project, [path], batch_size=500)
    assert report.imported == 2_500 and report.ok
    assert batches == [500] * 5
