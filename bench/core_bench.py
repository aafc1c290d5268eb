"""The core benchmarks: build a synthetic project, then time what analysts wait for.

Phases, in order (each figure is printed as soon as it is measured):

1. corpus   write the synthetic corpus to disk as JSON lines (streamed; not a figure
            of the product, but printed)
2. import   ``import_paths(project, [corpus.jsonl])`` into a fresh project: the real
            import path, the one the command line and the window use
3. tags     the actor pool through the store's API, then the tags with direct SQL
            (``executemany``), see :func:`build_tags`
4. open     ``Project.open`` on the built project, several times
5. search   the article list's full-text search (``list_articles`` + ``count_articles``)
6. export   ``export_csv`` against the ``sqlite3`` shell running the exporter's own SQL
7. write    single tag writes through the store (``add_mention`` / ``add_claim``)

Peak memory is measured per phase (Linux: ``VmHWM``, reset between phases through
``/proc/self/clear_refs``); ``peak_rss_mb`` is the largest, which is what
``ru_maxrss`` of the whole run would say.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import itertools
import pstats
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator

from workbench.core.model import ActorName, ArticleQuery
from workbench.core.store import Project
from workbench.core.text import span_of

from . import Report, Target
from .corpus import Corpus, read_tags, search_words

DEFAULT_ARTICLES, DEFAULT_TAGS = 20_000, 200_000
LARGE_ARTICLES, LARGE_TAGS = 100_000, 1_000_000
PHASES = ("corpus", "import", "tags", "open", "search", "export", "write")

ANALYSTS = ("amira", "tomas", "leila", "kwame")
TAG_BATCH_ARTICLES = 2_000
"""Articles whose tags go in one transaction of the builder."""


def targets(large: bool) -> list[Target]:
    return [
        Target("import_articles_per_s", ">=", 1_000),
        Target("export_time_ratio_vs_sqlite3", "<=", 2.0),
        Target("search_ms_median", "<", 100 if large else 50),
        Target("open_project_ms", "<", 100),
        Target("tag_write_ms_median", "<", 5),
        Target("peak_rss_mb", "<", 300),
    ]


# ------------------------------------------------------------------ helpers

def peak_rss_mb() -> float:
    """This process's peak resident memory (since the last reset of /proc/self/clear_refs), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Memory:
    """Peak resident memory per phase, in MiB."""

    def __init__(self) -> None:
        self.overall = 0.0
        self.resettable = self._reset()

    @staticmethod
    def _reset() -> bool:
        try:
            Path("/proc/self/clear_refs").write_text("5")
            return True
        except OSError:
            return False

    @staticmethod
    def _peak() -> float:
        return peak_rss_mb()

    def phase_peak(self) -> float:
        """The peak since the last call; starts the next phase."""
        peak = self._peak()
        self.overall = max(self.overall, peak)
        self._reset()
        return peak


class Bench:
    """One run: the working folder, the report, the memory meter, the profiler."""

    def __init__(self, args: argparse.Namespace, report: Report, work: Path) -> None:
        self.args = args
        self.report = report
        self.work = work
        self.memory = Memory()
        self.corpus_path = work / "corpus.jsonl"
        self.tags_path = work / "corpus-tags.jsonl"
        self.project_path = work / "bench.workbench"
        self.actor_ids: list[str] = []
        self._profiler: cProfile.Profile | None = None

    @contextmanager
    def phase(self, name: str, *, profile_all: bool = False) -> Iterator[None]:
        """A phase: its peak memory is a figure; with ``--profile NAME`` the calls
        made inside :meth:`profiled` (or the whole phase, ``profile_all``) are profiled."""
        self.memory.phase_peak()  # forget what came before
        self._profiler = cProfile.Profile() if name in (self.args.profile or ()) else None
        try:
            if profile_all:
                with self.profiled():
                    yield
            else:
                yield
        finally:
            if self._profiler:
                self._write_profile(name, self._profiler)
                self._profiler = None
            self.report.add(f"rss_peak_{name}_mb", self.memory.phase_peak(), "MB")

    @contextmanager
    def profiled(self) -> Iterator[None]:
        """Profile the product's calls only (not the bench's own bookkeeping)."""
        if self._profiler is None:
            yield
            return
        self._profiler.enable()
        try:
            yield
        finally:
            self._profiler.disable()

    def _write_profile(self, name: str, profiler: cProfile.Profile) -> None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        path = self.work / f"profile-{name}.txt"
        path.write_text(out.getvalue(), encoding="utf-8")
        self.report.remark(f"profile of {name}: {path}")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# -------------------------------------------------------------------- phases

def write_corpus(bench: Bench, corpus: Corpus) -> None:
    start = time.perf_counter()
    stats = corpus.write_jsonl(bench.corpus_path, bench.tags_path)
    bench.report.add("corpus_write_seconds", time.perf_counter() - start, "s")
    bench.report.remark(
        f"corpus: {stats.articles} articles, {stats.utf8_bytes / 2**20:.0f} MiB of JSON lines, "
        f"{stats.chars / stats.articles:.0f} characters an article, {stats.non_bmp_chars} non-BMP "
        f"characters; {stats.mentions} mentions, {stats.claims} claims, {stats.denials} denials"
    )


def import_corpus(bench: Bench) -> Project:
    from workbench.core.importing import import_paths

    project = Project.create(bench.project_path, analyst="bench")
    with bench.profiled():
        start = time.perf_counter()
        result = import_paths(project, [bench.corpus_path])
        seconds = time.perf_counter() - start
    if result.failed:
        bench.report.remark(f"import problems: {len(result.failed)}, first: {result.failed[0]}")
    if result.imported != bench.args.articles:
        raise SystemExit(f"imported {result.imported} of {bench.args.articles} articles ({result.summary()})")
    bench.report.add("import_seconds", seconds, "s")
    bench.report.add("import_articles_per_s", result.imported / seconds, "articles/s")
    bench.report.add("import_mib_per_s", bench.corpus_path.stat().st_size / 2**20 / seconds, "MiB/s")
    return project


def build_tags(bench: Bench, project: Project, corpus: Corpus) -> None:
    """The actors through the store's public API (one transaction), then every tag
    with ``executemany`` on the project's connection, a transaction per
    :data:`TAG_BATCH_ARTICLES` articles.

    Not the product's path (``add_mention`` and friends make one undoable
    transaction per tag, a few milliseconds each): the bench is not the product.
    What keeps the data as the product would have it:

    * spans are taken from the text as stored: quote, prefix and suffix come from
      :func:`workbench.core.text.span_of`, the store's own function, on the text
      read back from the project; each mention's quote is checked to be its
      actor's name (so the corpus and the project are known to line up);
    * the count triggers fire on every insert, so articles' and actors' tag counts
      stay right, and this is checked at the end;
    * foreign keys are on: every article, actor and denied claim must exist.
    """
    start = time.perf_counter()
    with project.atomic():
        for actor in corpus.actors:
            change = project.add_actor(actor.name, actor.kind, aliases=actor.aliases)
            bench.actor_ids.append(change.created_ids[0])
    names = [{n.casefold() for n in (a.name, *a.aliases)} for a in corpus.actors]
    actor_ids = bench.actor_ids

    db = project.db
    tags = read_tags(bench.tags_path)
    last_seq, batch_number, counts = 0, 0, [0, 0, 0]
    base = datetime(2024, 6, 1, tzinfo=timezone.utc)
    while True:
        rows = db.execute(
            "SELECT seq, id, text FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
            (last_seq, TAG_BATCH_ARTICLES),
        ).fetchall()
        if not rows:
            break
        rng = random.Random(corpus.seed * 31 + batch_number)
        mentions, claims, about, denials = [], [], [], []
        for seq, article_id, text in rows:
            chars, specs = next(tags)
            if len(text) != chars:
                raise SystemExit(f"article {seq}: {len(text)} characters stored, {chars} generated")
            analyst = ANALYSTS[seq % len(ANALYSTS)]
            stamp = (base + timedelta(seconds=seq * 7)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            tag_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in specs]
            for tag_id, spec in zip(tag_ids, specs):
                span = span_of(text, spec.start, spec.end)
                common = (span.start, span.end, span.quote, span.prefix, span.suffix)
                if spec.kind == "mention":
                    if span.quote.casefold() not in names[spec.actor]:
                        raise SystemExit(f"article {seq}: mention {span.quote!r} is not actor "
                                         f"{corpus.actors[spec.actor].name!r}")
                    mentions.append((tag_id, article_id, actor_ids[spec.actor], *common, "",
                                     analyst, stamp, stamp))
                elif spec.kind == "claim":
                    claims.append((tag_id, article_id, *common, actor_ids[spec.actor],
                                   int(spec.anonymous), _actor_or_none(actor_ids, spec.reported_via),
                                   spec.claim_type, spec.summary, "", analyst, stamp, stamp))
                    about += [(tag_id, actor_ids[a], n) for n, a in enumerate(spec.about)]
                else:
                    denied = tag_ids[spec.denied] if spec.denied >= 0 else None
                    denials.append((tag_id, article_id, *common, actor_ids[spec.actor], denied,
                                    spec.summary, None, "", analyst, stamp, stamp))
            last_seq = seq
        with project.atomic():
            db.executemany(_INSERT_MENTION, mentions)
            db.executemany(_INSERT_CLAIM, claims)
            db.executemany(_INSERT_ABOUT, about)
            db.executemany(_INSERT_DENIAL, denials)
        counts[0] += len(mentions)
        counts[1] += len(claims)
        counts[2] += len(denials)
        batch_number += 1
    if next(tags, None) is not None:
        raise SystemExit("the project has fewer articles than the corpus")
    seconds = time.perf_counter() - start
    _check_counts(project, counts)
    bench.report.add("build_tags_seconds", seconds, "s")
    bench.report.add("build_tags_per_s", sum(counts) / seconds, "tags/s")
    bench.report.remark(f"tags built: {counts[0]} mentions, {counts[1]} claims, {counts[2]} denials, "
                        f"{len(actor_ids)} actors")


def _actor_or_none(actor_ids: list[str], index: int) -> str | None:
    return actor_ids[index] if index >= 0 else None


_INSERT_MENTION = (
    "INSERT INTO mentions (id, article_id, actor_id, span_start, span_end, quote, prefix, suffix,"
    " notes, analyst, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_CLAIM = (
    "INSERT INTO claims (id, article_id, span_start, span_end, quote, prefix, suffix, claimant_id,"
    " anonymous, reported_via_id, claim_type, summary, notes, analyst, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ABOUT = "INSERT INTO claim_about (claim_id, actor_id, position) VALUES (?, ?, ?)"
_INSERT_DENIAL = (
    "INSERT INTO denials (id, article_id, span_start, span_end, quote, prefix, suffix, denier_id,"
    " denied_claim_id, summary, reported_via_id, notes, analyst, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _check_counts(project: Project, counts: list[int]) -> None:
    """The count columns the triggers keep must add up to the rows inserted."""
    db = project.db
    for (table, column), expected in zip(
        (("mentions", "mention_count"), ("claims", "claim_count"), ("denials", "denial_count")), counts
    ):
        rows = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        by_article = db.execute(f"SELECT total({column}) FROM articles").fetchone()[0]
        by_actor = db.execute(f"SELECT total({column}) FROM actors").fetchone()[0]
        if not rows == by_article == by_actor == expected:
            raise SystemExit(f"{table}: {rows} rows, counts {by_article} by article, {by_actor} by actor, "
                             f"{expected} inserted")


def measure_open(bench: Bench) -> None:
    samples = []
    for _ in range(bench.args.opens):
        with bench.profiled():
            start = time.perf_counter()
            project = Project.open(bench.project_path)
            samples.append(time.perf_counter() - start)
        project.close()
    bench.report.add("open_project_ms", median_ms(samples), "ms")
    bench.report.add("open_project_ms_max", max(samples) * 1000, "ms")
    # what the open costs that grows with the file: a full read of it
    samples = []
    for _ in range(3):
        db = sqlite3.connect(bench.project_path)
        start = time.perf_counter()
        db.execute("PRAGMA quick_check(1)").fetchone()
        samples.append(time.perf_counter() - start)
        db.close()
    bench.report.add("quick_check_ms", median_ms(samples), "ms")
    bench.report.add("project_file_mb", bench.project_path.stat().st_size / 2**20, "MB")


def measure_search(bench: Bench) -> None:
    words = search_words()
    with Project.open(bench.project_path) as project:
        def one(word: str) -> tuple[float, int, int]:
            query = ArticleQuery(search=word)
            start = time.perf_counter()
            listed = project.list_articles(query, limit=200)
            total = project.count_articles(query)
            return time.perf_counter() - start, len(listed), total

        for word, _ in words:  # warm the connection's page cache, as a session would
            one(word)
        per_word: dict[str, list[float]] = {word: [] for word, _ in words}
        hits: dict[str, int] = {}
        for _ in range(bench.args.repeat):
            for word, _ in words:
                with bench.profiled():
                    seconds, _, total = one(word)
                per_word[word].append(seconds)
                hits[word] = total
    medians = {word: median_ms(samples) for word, samples in per_word.items()}
    for word, why in words:
        bench.report.remark(f"search {word!r} ({why}): {hits[word]} articles, {medians[word]:.1f} ms")
    slowest = max(medians, key=medians.__getitem__)
    bench.report.add("search_ms_median", statistics.median(medians.values()), "ms")
    bench.report.add("search_ms_p90", percentile(list(medians.values()), 0.9), "ms")
    bench.report.add("search_ms_max", medians[slowest], "ms")
    bench.report.remark(f"slowest search: {slowest!r} ({hits[slowest]} articles)")


def measure_export(bench: Bench) -> None:
    from workbench.core.exporters import csv_export

    shell = shutil.which("sqlite3")
    if shell is None:
        bench.report.remark("sqlite3 command-line shell not found on PATH: "
                            "no sqlite3_export_seconds and no export_time_ratio_vs_sqlite3")
    else:
        version = subprocess.run([shell, "--version"], capture_output=True, text=True).stdout.split()
        bench.report.remark(f"sqlite3 shell: {shell}, SQLite {version[0] if version else '?'}")
    ours_dir, shell_dir = bench.work / "export-workbench", bench.work / "export-sqlite3"
    script = _shell_script(csv_export, shell_dir) if shell else ""
    ours, theirs, rows = [], [], 0
    for _ in range(bench.args.repeat):
        with bench.profiled():
            start = time.perf_counter()
            result = csv_export.export_csv(bench.project_path, ours_dir)
            ours.append(time.perf_counter() - start)
        rows = sum(result.rows.values())
        if shell:
            shell_dir.mkdir(exist_ok=True)
            start = time.perf_counter()
            subprocess.run([shell, "-batch", "-readonly", str(bench.project_path)], input=script,
                           text=True, check=True, capture_output=True)
            theirs.append(time.perf_counter() - start)
    seconds = statistics.median(ours)
    bench.report.add("export_rows", rows, "rows")
    bench.report.add("export_seconds", seconds, "s")
    bench.report.add("export_rows_per_s", rows / seconds, "rows/s")
    bench.report.add("export_mb", sum(p.stat().st_size for p in ours_dir.glob("*.csv")) / 2**20, "MB")
    if shell:
        shell_seconds = statistics.median(theirs)
        bench.report.add("sqlite3_export_seconds", shell_seconds, "s")
        bench.report.add("export_time_ratio_vs_sqlite3", seconds / shell_seconds, "x")
        _compare_exports(bench, ours_dir, shell_dir)
    bench.report.remark(
        "export runs (s): workbench " + ", ".join(f"{s:.2f}" for s in ours)
        + ("; sqlite3 shell " + ", ".join(f"{s:.2f}" for s in theirs) if theirs else "")
    )


def _shell_script(csv_export, out_dir: Path) -> str:
    """The exporter's own five queries (neutralised, as the default export), for the
    sqlite3 shell: ``.mode csv``, ``.headers on``, ``.once FILE``."""
    lines = [".headers on", ".mode csv"]
    for spec in csv_export.csv_files(False):
        target = str(out_dir / spec.name).replace("'", "''")
        lines += [f".once '{target}'", spec.column_sql(raw=False).rstrip().rstrip(";") + ";"]
    return "\n".join(lines) + "\n"


def _compare_exports(bench: Bench, ours: Path, theirs: Path) -> None:
    """Same rows? Compare every file as parsed CSV (the shell quotes more fields,
    and writes an empty string as ``""``), header rows aside (the shell names the
    columns as the SQL does, the exporter as the spec does)."""
    differ = []
    for path in sorted(ours.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as a, (theirs / path.name).open(encoding="utf-8", newline="") as b:
            rows_a, rows_b = csv.reader(a), csv.reader(b)
            next(rows_a, None), next(rows_b, None)
            if any(x != y for x, y in itertools.zip_longest(rows_a, rows_b)):
                differ.append(path.name)
    bench.report.remark("sqlite3 shell output: " + (
        "the same rows as the exporter's (parsed as CSV)" if not differ else f"differs in {', '.join(differ)}"))


_WORD = re.compile(r"\w+")


def measure_tag_writes(bench: Bench) -> None:
    """``add_mention`` and ``add_claim``, each its own committed transaction
    (``synchronous = FULL``), with an existing actor (by id or by name) or a new one."""
    count = bench.args.writes
    rng = random.Random(5)
    with Project.open(bench.project_path, analyst="bench") as project:
        total = project.db.execute("SELECT max(seq) FROM articles").fetchone()[0]
        chosen = [project.db.execute("SELECT id, text FROM articles WHERE seq = ?",
                                     (rng.randint(1, total),)).fetchone() for _ in range(count)]
        actor = project.db.execute("SELECT id, name FROM actors ORDER BY mention_count DESC LIMIT 1").fetchone()
        kinds: dict[str, list[float]] = {}
        writes: list[tuple[str, Callable[[], object]]] = []
        for n, (article_id, text) in enumerate(chosen):
            words = list(_WORD.finditer(text))
            first = rng.randrange(len(words) - 3)
            one = (words[first].start(), words[first].end())
            many = (words[first].start(), words[first + 3].end())
            match n % 4:
                case 0:
                    writes.append(("mention, existing actor by id",
                                   lambda a=article_id, s=one: project.add_mention(a, *s, actor[0])))
                case 1:
                    writes.append(("mention, existing actor by name",
                                   lambda a=article_id, s=one: project.add_mention(a, *s, ActorName(actor[1]))))
                case 2:
                    writes.append(("mention, new actor",
                                   lambda a=article_id, s=one, n=n: project.add_mention(a, *s, ActorName(f"Bench actor {n}"))))
                case 3:
                    writes.append(("claim, existing claimant, new subject", lambda a=article_id, s=many, n=n: project.add_claim(
                        a, *s, ActorName(actor[1]), claim_type="attribution",
                        about=[ActorName(f"Bench subject {n}")], summary="bench claim")))
        samples = []
        for label, write in writes:
            with bench.profiled():
                start = time.perf_counter()
                write()
                seconds = time.perf_counter() - start
            samples.append(seconds)
            kinds.setdefault(label, []).append(seconds)
    for label, values in kinds.items():
        bench.report.remark(f"tag write, {label}: median {median_ms(values):.2f} ms, max {max(values) * 1000:.1f} ms")
    bench.report.add("tag_write_ms_median", median_ms(samples), "ms")
    bench.report.add("tag_write_ms_p90", percentile(samples, 0.9) * 1000, "ms")
    bench.report.add("tag_write_ms_max", max(samples) * 1000, "ms")


# ---------------------------------------------------------------------- run

def run(args: argparse.Namespace, report: Report, work: Path) -> Path:
    """All core phases; returns the path of the built project (closed)."""
    bench = Bench(args, report, work)
    report.targets += targets(args.large)
    corpus = Corpus(args.articles, args.tags, seed=args.seed)
    report.remark(f"building {args.articles} articles and {args.tags} tags (seed {args.seed}) in {work}")
    build_start = time.perf_counter()
    with bench.phase("corpus", profile_all=True):
        write_corpus(bench, corpus)
    with bench.phase("import"):
        project = import_corpus(bench)
    try:
        with bench.phase("tags", profile_all=True):
            build_tags(bench, project, corpus)
    finally:
        project.close()
    report.add("build_seconds", time.perf_counter() - build_start, "s")
    with bench.phase("open"):
        measure_open(bench)
    with bench.phase("search"):
        measure_search(bench)
    with bench.phase("export"):
        measure_export(bench)
    with bench.phase("write"):
        measure_tag_writes(bench)
    report.add("peak_rss_mb", bench.memory.overall, "MB")
    if not bench.memory.resettable:
        report.remark("could not reset the peak between phases: each phase's peak includes earlier ones")
    return bench.project_path
