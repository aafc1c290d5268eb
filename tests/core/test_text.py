"""Canonical text and offsets: code points inside, UTF-16 only at the Qt boundary."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import quote_span
from workbench.core.model import ActorName, ArticleDraft
from workbench.core.store import Project
from workbench.core.text import (
    OffsetMap,
    canonical,
    code_point_offset,
    reanchor,
    sha256_hex,
    snap_to_words,
    span_of,
    trim_whitespace,
    utf16_offset,
)

PROPERTIES = settings(
    deadline=None,
    max_examples=150,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# any code point but lone surrogates (which a str from a file or Qt never holds)
CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.text(CHARS, max_size=60)
# texts rich in what breaks offsets: astral emoji, flags, combining marks, CR/LF, RTL
TRICKY = st.lists(
    st.one_of(
        CHARS,
        st.sampled_from(
            ["🙄", "🇺", "🇸", "𝔘", "\u0301", "\u0308", "e", "\r", "\n", "\r\n", " ", "\t",
             "\ufeff", "أ", "ح", "ש", "\u05b0", "é", "ﬁ", "Å", "\u212b", "\u00a0", "\u2028"]
        ),
    ),
    max_size=40,
).map("".join)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ------------------------------------------------------------------ canonical


@PROPERTIES
@given(TRICKY)
@example("\ufeff\ufeffdouble bom")
@example("a\r\r\nb \r\n\t ")
@example("e\u0301\u0327 ")
def test_canonical_is_idempotent_nfc_lf_and_trimmed(raw: str) -> None:
    text = canonical(raw)
    assert canonical(text) == text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert text == text.rstrip()
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffTitle\r\nBody\r\n\r\n", "Title\nBody"),
        ("old mac\rline\r", "old mac\nline"),
        ("Jose\u0301 Nu\u0301n\u0303ez", "José Núñez"),
        ("  leading kept\n\n\t  ", "  leading kept"),
        ("\u212bngstr\u00f6m", "\u00c5ngstr\u00f6m"),  # the Ångström sign becomes Å
        ("ﬁne", "ﬁne"),  # NFC, not NFKC: ligatures stay
    ],
)
def test_canonical_examples(raw: str, expected: str) -> None:
    assert canonical(raw) == expected


def test_sha256_is_of_the_utf8_text() -> None:
    assert sha256_hex("é🙄") == hashlib.sha256("é🙄".encode("utf-8")).hexdigest()
    assert sha256_hex("é") != sha256_hex("e\u0301")


# ------------------------------------------------------------------- offsets


@PROPERTIES
@given(TRICKY)
@example("🙄")
@example("a🇺🇸b𝔘")
def test_offset_map_round_trips(text: str) -> None:
    offsets = OffsetMap(text)
    assert offsets.length == len(text)
    assert offsets.utf16_length == utf16_len(text)
    for i in range(len(text) + 1):
        u16 = offsets.to_utf16(i)
        assert u16 == utf16_len(text[:i])
        assert offsets.to_code_point(u16) == i
        assert utf16_offset(text, i) == u16
        assert code_point_offset(text, u16) == i


@PROPERTIES
@given(TRICKY)
@example("x🙄y")
def test_offset_inside_a_surrogate_pair_snaps_back(text: str) -> None:
    offsets = OffsetMap(text)
    for i, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            first = offsets.to_utf16(i)
            assert offsets.to_code_point(first + 1) == i
            assert offsets.to_code_point(first + 2) == i + 1


@PROPERTIES
@given(TRICKY, st.integers(-5, 200))
def test_to_code_point_never_leaves_the_text(text: str, u16: int) -> None:
    offsets = OffsetMap(text)
    cp = offsets.to_code_point(u16)
    assert 0 <= cp <= len(text)
    assert offsets.to_utf16(cp) <= max(0, min(u16, offsets.utf16_length))
    assert offsets.to_utf16(u16) == offsets.to_utf16(max(0, min(u16, len(text))))


def test_offsets_of_known_characters() -> None:
    text = "a🙄b🇺🇸c"
    offsets = OffsetMap(text)
    assert [offsets.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert [offsets.to_code_point(u) for u in range(10)] == [0, 1, 1, 2, 3, 3, 4, 4, 5, 6]
    assert offsets.to_utf16(-3) == 0 and offsets.to_utf16(99) == 9
    assert offsets.to_code_point(-1) == 0 and offsets.to_code_point(99) == 6


# ----------------------------------------------------------- span and reanchor


WORD_CHARS = st.text(st.sampled_from("abc é🙄ש\n.,"), max_size=40)


@PROPERTIES
@given(WORD_CHARS, st.text(st.sampled_from("xyz 🙄é"), min_size=1, max_size=10), WORD_CHARS, WORD_CHARS)
def test_reanchor_finds_a_quote_moved_by_an_insertion(before: str, quote: str, after: str, inserted: str) -> None:
    quote = "§" + quote  # the only "§" in the text: one place it can be
    text = before + quote + after
    span = span_of(text, len(before), len(before) + len(quote))
    assert text[span.start : span.end] == span.quote == quote
    assert span.prefix == before[-32:] and span.suffix == after[:32]
    assert reanchor(text, span) == (span.start, span.end)
    moved = inserted + text
    assert reanchor(moved, span) == (span.start + len(inserted), span.end + len(inserted))
    assert reanchor(before + after, span) is None


@PROPERTIES
@given(TEXT, st.integers(0, 70), st.integers(0, 70))
def test_span_of_is_text_quote_selector(text: str, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    if not 0 <= start < end <= len(text):
        with pytest.raises(ValueError):
            span_of(text, start, end)
        return
    span = span_of(text, start, end, context=5)
    assert span.prefix + span.quote + span.suffix == text[max(0, start - 5) : end + 5]


def test_reanchor_picks_the_occurrence_whose_context_fits() -> None:
    text = "The ministry denied it on Monday. Later the ministry denied it again, firmly."
    start, end = quote_span(text, "the ministry denied it", 0)
    span = span_of(text, start, end)
    edited = "UPDATE: the ministry denied it twice.\n\n" + text
    found = reanchor(edited, span)
    assert found is not None and edited[found[0] : found[1]] == span.quote
    assert found[0] == start + len("UPDATE: the ministry denied it twice.\n\n")


# --------------------------------------------------------------- snap to words


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        ("The minister denied it.", "inis", "minister"),
        ("The minister denied it.", " minister ", "minister"),
        ("The minister denied it.", "denied it.", "denied it."),  # punctuation stays
        ("the coalition's drones", "ition", "coalition's"),
        ("Strike 🙄 today", "🙄", "🙄"),
        ("Strike 🙄today", "to", "today"),
        ("Qal‘at Ṣāliḥ was", "āli", "Ṣāliḥ"),
        ("said q\u0301x now", "q", "q\u0301x"),  # a combining mark with no precomposed form
        ("قال أحمد الحكيم إن", "حم", "أحمد"),
        ("كتب مُحَمَّد", "حَ", "مُحَمَّد"),  # harakat are marks inside the word
        ("שר החוץ הכחיש את הדיווח", "כחי", "הכחיש"),
        ("José Núñez, denied", "ú", "Núñez"),
        ("well-known group", "know", "well-known"),
    ],
)
def test_snap_to_words(text: str, selected: str, expected: str) -> None:
    start, end = quote_span(text, selected)
    got = snap_to_words(text, start, end)
    assert text[got[0] : got[1]] == expected
    assert snap_to_words(text, end, start) == got  # a backwards selection


def test_combining_marks_compose_in_canonical_text() -> None:
    text = canonical("Caf\u0065\u0301 Erdo\u0308s")
    assert text == "Café Erdös" and len(text) == 10
    start, end = snap_to_words(text, 3, 4)
    assert text[start:end] == "Café"


def test_snap_of_only_white_space_is_empty() -> None:
    assert snap_to_words("a   b", 1, 4) in {(1, 1), (4, 4), (2, 2), (3, 3)}
    start, end = snap_to_words("a   b", 1, 4)
    assert start == end
    assert trim_whitespace(" \n x \t", 0, 6) == (3, 4)


@PROPERTIES
@given(TRICKY, st.integers(-3, 70), st.integers(-3, 70))
@example("", 1, 1)
@example("abc", 5, 6)
@example("abc", -3, -1)
def test_snap_to_words_properties(text: str, a: int, b: int) -> None:
    start, end = snap_to_words(text, a, b)
    assert 0 <= start <= end <= len(text)
    lo, hi = (min(max(x, 0), len(text)) for x in sorted((a, b)))
    trimmed = trim_whitespace(text, lo, hi)
    if start < end:
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert start <= trimmed[0] and trimmed[1] <= end
    assert snap_to_words(text, start, end) == (start, end)


# ------------------------------------------------ through the store, CRLF input


def test_tag_offsets_survive_crlf_input(project: Project) -> None:
    raw = "Flash\r\n\r\nAl-Hakim 🙄 said\r\nthe \U0001F1FA\U0001F1F8 group (José) lied.\r\n  \r\n"
    (article_id,), _ = project.insert_articles([ArticleDraft(title="", text=raw)])
    text = project.article_text(article_id)
    assert text == canonical(raw) and "\r" not in text
    for quote in ("said", "group (José)", "José", "🙄", "\U0001F1FA\U0001F1F8"):
        start, end = quote_span(text, quote)
        change = project.add_mention(article_id, start, end, ActorName(quote))
        mention = project.get_tag("mention", change.ids_of("mention")[0])
        assert text[mention.span.start : mention.span.end] == mention.span.quote == quote
        # the Qt boundary: a UTF-16 selection of the quote maps to the same code points
        offsets = OffsetMap(text)
        u16_start, u16_end = offsets.to_utf16(start), offsets.to_utf16(end)
        utf16 = text.encode("utf-16-le")
        assert utf16[2 * u16_start : 2 * u16_end].decode("utf-16-le") == quote
        assert (offsets.to_code_point(u16_start), offsets.to_code_point(u16_end)) == (start, end)
    assert project.check().ok
    # the same file imported again is a duplicate, whatever its line ends
    _, dupes = project.insert_articles([ArticleDraft(title="x", text=raw.replace("\r\n", "\n"))])
    assert dupes == 1
