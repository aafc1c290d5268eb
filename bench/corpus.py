"""A deterministic synthetic corpus: news-like articles, an actor pool, and tags.

Everything comes from one seeded :class:`random.Random`, so the same
``(articles, tags, seed)`` gives byte-for-byte the same files on every machine.
Articles are about 4 KB of text built from sentence templates, with accented
names and places, curly quotes, some Arabic, and now and then an emoji (a
character outside the BMP, two UTF-16 units), so that code-point offsets are
exercised. Every tag sits on real words: a mention on an actor's name, a claim
or a denial on a whole sentence that names its actor.

The text is generated already canonical (NFC, ``\\n``, no trailing white space),
so the offsets computed here are the offsets the store keeps.

Nothing is held in memory beyond one article: :meth:`Corpus.articles` is a
generator and :meth:`Corpus.write_jsonl` streams to disk, so a 100,000-article
corpus costs the same memory as a 100-article one.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

TARGET_CHARS = 4000
"""Roughly how long an article's text is (code points; a little more as UTF-8)."""

MENTION_SHARE, CLAIM_SHARE = 0.5, 0.3  # the rest (0.2) are denials


def _nfc(*values: str) -> list[str]:
    return [unicodedata.normalize("NFC", v) for v in values]


# ----------------------------------------------------------------- vocabulary

PLACES = _nfc(
    "Bogotá", "Kraków", "São Tomé", "Zürich", "Qal‘at Ṣāliḥ", "Port Varen", "Kessland",
    "Marrakesh", "Goma", "Ağrı", "Düsseldorf", "Brăila", "Łódź", "Jérémie", "Tōhoku",
    "Aleppo", "Mosul", "Tripoli", "Sanaa", "Mogadishu", "Juba", "Bamako", "Niamey", "Gao",
    "Kidal", "Idlib", "Hodeidah", "Marib", "Benghazi", "Misrata", "Sirte", "Kherson",
    "Ostrava Heights", "Northgate", "the Delta province", "the eastern border",
    "the old harbour", "the capital", "the airport road", "Camp Tessaly", "Valdória",
    "Nueva Esperanza", "Ciudad Bolívar", "Saint-Étienne-du-Lac", "Mar Elías",
)

EVENTS = (
    "attack", "drone strike", "shelling", "ambush", "explosion", "raid", "blockade",
    "kidnapping", "airstrike", "car bombing", "rocket fire", "assault on the checkpoint",
    "attack on the convoy", "sabotage of the pipeline", "strike on the fuel depot",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
LANDMARKS = ("market", "central mosque", "bus station", "hospital", "main bridge",
             "police station", "university", "grain silos", "power plant", "water works")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "a dozen", "dozens of",
           "at least ten", "more than twenty", "about forty")

CLAIM_TYPES = ("responsibility", "attribution", "factual", "threat", "other")

# Organisations: (name, kind, aliases)
ORGANISATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Veloria", "state", ("the Velorian state",)),
    ("Kastovia", "state", ()),
    ("the Republic of Ostrava", "state", ("Ostrava",)),
    ("Marrania", "state", ()),
    ("the Velorian Ministry of Defence", "government", ("Velorian MoD",)),
    ("the Kastovian Interior Ministry", "government", ()),
    ("the Kessland Interior Ministry", "government", ()),
    ("the Ostravan Foreign Ministry", "government", ()),
    ("the Presidential Guard", "government", ()),
    ("the National Police", "government", ()),
    ("the Northern Coalition", "armed_group", ("Coalition du Nord",)),
    ("the Southern Liberation Front", "armed_group", ("Front de Libération du Sud", "SLF")),
    ("the Brigadas Núñez", "armed_group", ()),
    ("the Delta Martyrs Battalion", "armed_group", ("كتيبة شهداء الدلتا",)),
    ("the Ṣāliḥ Brigade", "armed_group", ()),
    ("the Free Highlands Army", "armed_group", ("FHA",)),
    ("the Eastern Shield militia", "armed_group", ()),
    ("the Harbour Defence Committee", "armed_group", ()),
    ("Ansar al-Wadi", "armed_group", ("أنصار الوادي",)),
    ("the Popular Mobilisation of Kessland", "armed_group", ()),
    ("the Party of National Renewal", "party", ("PNR",)),
    ("the Movimiento Ciudadano Libre", "party", ()),
    ("the Unity and Justice Party", "party", ()),
    ("the Green Alliance", "party", ()),
    ("the Workers' League", "party", ()),
    ("the United Nations mission", "international_org", ("UN mission",)),
    ("the African Union", "international_org", ("AU",)),
    ("the International Committee of the Red Cross", "international_org", ("ICRC",)),
    ("Médecins Sans Frontières", "international_org", ("MSF",)),
    ("the Regional Observer Mission", "international_org", ()),
    ("the Ceasefire Monitoring Group", "international_org", ()),
    ("Human Rights Monitor", "other", ()),
    ("the Chamber of Commerce", "other", ()),
    ("the Teachers' Union", "other", ()),
)

OUTLETS = _nfc(
    "The Daily Courier", "Radio Al-Nour", "Agence Sud-Presse", "Canal 24", "The Harbour Times",
    "Kessland Today", "El Observador", "Velorian State TV", "Frontline Wire", "Le Quotidien du Lac",
    "Al-Wadi Channel", "The Morning Ledger", "News Today Network", "Radio Libre", "The Monitor",
)

FIRST_NAMES = _nfc(
    "Ahmad", "José", "Søren", "Mehmet", "Élodie", "Łukasz", "Ngozi", "Fatima", "Ivan", "Amira",
    "Carlos", "Hana", "Omar", "Lucía", "Yusuf", "Anneke", "Dmitri", "Leïla", "Tomás", "Aisha",
    "Kwame", "Mariana", "Björn", "Zainab", "Pierre", "Nadia", "Hamid", "Inés", "Ravi", "Olga",
    "Samir", "Chloé", "Ibrahim", "Marta", "Khalid", "Agnieszka", "Musa", "Renée", "Tariq", "Sofía",
)
LAST_NAMES = _nfc(
    "al-Hakim", "Núñez", "Østergaard", "Yılmaz", "Marchand", "Wójcik", "Adébáyọ̀", "Haddad",
    "Petrenko", "Mansour", "Gutiérrez", "Nováková", "Farouk", "Ibáñez", "Demir", "de Vries",
    "Volkov", "Benali", "Esteves", "Diallo", "Mensah", "Araújo", "Lindqvist", "Okafor",
    "Lefèvre", "Rahimi", "Saleh", "Castaño", "Iyer", "Kovalenko", "Khoury", "Dubois",
    "Abdullah", "Kowalczyk", "Said", "Brennan", "Nasser", "Morales", "Aziz", "Ferreira",
)
ROLES = (
    "spokesman", "spokeswoman", "commander", "minister", "deputy minister", "governor",
    "senior official", "negotiator", "field coordinator", "representative",
)

ARABIC_PHRASES = _nfc("بيان رسمي", "لا للحرب", "وقف إطلاق النار", "الحكومة المؤقتة", "مصدر أمني")
EMOJI = ("📷", "🙏", "🚨", "🕊️", "📻")


def _longtail_words(count: int) -> list[str]:
    """Plausible surnames for the long tail of the vocabulary (residents, doctors,
    witnesses): each is a word of its own, so searches can hit rare words."""
    rng = random.Random(7)  # fixed, whatever the corpus seed
    onsets = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br",
              "dr", "kh", "sh", "tr", "gr", "st", "ch")
    vowels = ("a", "e", "i", "o", "u", "ou", "ai", "ei", "á", "é", "ö")
    codas = ("", "n", "r", "s", "l", "k", "m", "nd", "rt", "sk")
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < count:
        syllables = rng.randint(2, 4)
        word = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                       for _ in range(syllables)).capitalize()
        if word not in seen and len(word) >= 5:
            seen.add(word)
            words.append(unicodedata.normalize("NFC", word))
    return words


LONGTAIL = _longtail_words(20_000)
_LONGTAIL_CUM = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(LONGTAIL))))


# ------------------------------------------------------------------- the data

@dataclass(frozen=True, slots=True)
class CorpusActor:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class TagSpec:
    """One tag of a generated article; offsets are code points into its text."""

    kind: str  # "mention", "claim" or "denial"
    start: int
    end: int
    actor: int  # index into Corpus.actors: the mentioned actor, claimant or denier
    claim_type: str | None = None
    anonymous: bool = False
    about: tuple[int, ...] = ()
    reported_via: int = -1  # index into Corpus.actors, or -1
    denied: int = -1  # index of a claim among this article's tags, or -1
    summary: str = ""

    def as_list(self) -> list:
        return [self.kind, self.start, self.end, self.actor, self.claim_type, int(self.anonymous),
                list(self.about), self.reported_via, self.denied, self.summary]

    @classmethod
    def from_list(cls, row: list) -> "TagSpec":
        kind, start, end, actor, claim_type, anonymous, about, via, denied, summary = row
        return cls(kind, start, end, actor, claim_type, bool(anonymous), tuple(about), via, denied, summary)


@dataclass(slots=True)
class GeneratedArticle:
    number: int
    title: str
    text: str
    outlet: str
    author: str
    published: str
    url: str
    language: str
    tags: list[TagSpec] = field(default_factory=list)

    def record(self) -> dict[str, str]:
        """The row an importer reads (a .jsonl line or a .csv row)."""
        return {"title": self.title, "text": self.text, "outlet": self.outlet,
                "author": self.author, "published": self.published, "url": self.url,
                "language": self.language}


@dataclass(slots=True)
class CorpusStats:
    articles: int = 0
    chars: int = 0
    utf8_bytes: int = 0
    mentions: int = 0
    claims: int = 0
    denials: int = 0
    non_bmp_chars: int = 0

    @property
    def tags(self) -> int:
        return self.mentions + self.claims + self.denials


# ------------------------------------------------------------------ generator

class _Piece:
    """A sentence and the tags inside it, offsets relative to the sentence."""

    __slots__ = ("text", "tags")

    def __init__(self, text: str, tags: list[tuple[int, int, TagSpec]] | None = None) -> None:
        self.text = text
        self.tags = tags or []


class Corpus:
    """``articles`` articles carrying ``tags`` tags in all, from ``seed``."""

    def __init__(self, articles: int, tags: int, seed: int = 20240611) -> None:
        if articles < 1 or tags < 0:
            raise ValueError("a corpus needs at least one article and no negative tag count")
        self.n_articles = articles
        self.n_tags = tags
        self.seed = seed
        self.actors = self._actor_pool()
        self.outlet_actor = {a.name: i for i, a in enumerate(self.actors) if a.kind == "media"}
        # popularity: a few actors are everywhere, most are rare
        self._actor_cum = list(itertools.accumulate(1.0 / (r + 1) ** 0.8 for r in range(len(self.actors))))
        self._actor_order = list(range(len(self.actors)))
        random.Random(seed + 1).shuffle(self._actor_order)

    # actors ------------------------------------------------------------

    def _actor_pool(self) -> list[CorpusActor]:
        rng = random.Random(self.seed)
        pool = [CorpusActor(*_nfc(name), kind, tuple(_nfc(*aliases))) for name, kind, aliases in ORGANISATIONS]
        pool += [CorpusActor(outlet, "media") for outlet in OUTLETS]
        people = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        rng.shuffle(people)
        for name in people[:250]:
            aliases = ()
            if name.startswith("Ahmad al-Hakim"):
                aliases = tuple(_nfc("أحمد الحكيم"))
            pool.append(CorpusActor(name, "person", aliases))
        return pool

    def tag_count(self, number: int) -> int:
        """How many tags article ``number`` (0-based) carries; the counts add up to
        exactly ``n_tags``. Pairs of articles trade tags, so counts vary (0 to
        about twice the mean) without the total changing."""
        def even_share(i: int) -> int:
            return self.n_tags * (i + 1) // self.n_articles - self.n_tags * i // self.n_articles

        pair = number - number % 2
        if pair + 1 >= self.n_articles:
            return even_share(number)
        a, b = even_share(pair), even_share(pair + 1)
        swing = random.Random(self.seed * 1_000_003 + pair).randint(-min(a, b), min(a, b))
        return a + swing if number == pair else b - swing

    # articles ----------------------------------------------------------

    def articles(self) -> Iterator[GeneratedArticle]:
        for number in range(self.n_articles):
            yield self.article(number)

    def article(self, number: int) -> GeneratedArticle:
        """Article ``number``, the same every time (its own seeded generator)."""
        rng = random.Random(self.seed * 7_919 + number)
        place = rng.choice(PLACES)
        event = rng.choice(EVENTS)
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        day, month, year = rng.randint(1, 28), rng.randrange(12), rng.choice((2022, 2023, 2024))
        published = f"{year}-{month + 1:02d}-{day:02d}"
        ctx = _Context(rng, self, place, event, WEEKDAYS[rng.randrange(7)])

        tagged: list[_Piece] = []
        tags: list[TagSpec] = []
        n = self.tag_count(number)
        claims_so_far: list[int] = []
        for _ in range(n):
            roll = rng.random()
            if roll < MENTION_SHARE:
                piece = ctx.mention_sentence()
            elif roll < MENTION_SHARE + CLAIM_SHARE:
                piece = ctx.claim_sentence()
                claims_so_far.append(len(tags))
            else:
                piece = ctx.denial_sentence(claims_so_far)
            tags.append(piece.tags[0][2])
            tagged.append(piece)

        # filler until the article is long enough, then scatter the tagged sentences in it
        length = sum(len(p.text) + 1 for p in tagged)
        filler: list[_Piece] = []
        while length < TARGET_CHARS:
            piece = ctx.filler_sentence()
            filler.append(piece)
            length += len(piece.text) + 1
        pieces = filler
        for piece in tagged:
            pieces.insert(rng.randint(0, len(pieces)), piece)
        if rng.random() < 0.5:  # a dateline and a lead sentence
            pieces.insert(0, _Piece(f"{place.upper()} — {rng.choice(_LEADS).format(event=event, place=place, day=ctx.weekday)}"))

        text, title = _layout(rng, pieces, place, event, outlet)
        assert unicodedata.is_normalized("NFC", text), "generated text must be canonical"
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        slug = "-".join(title.lower().split()[:6])
        return GeneratedArticle(
            number=number, title=title, text=text, outlet=outlet, author=author,
            published=published, url=f"https://news.example/{year}/{number}/{slug}",
            language="en", tags=tags,
        )

    # files -------------------------------------------------------------

    def write_jsonl(self, articles_path: Path, tags_path: Path | None = None) -> CorpusStats:
        """Write the articles as JSON lines (one article a line, as the importer
        reads them) and, beside them, the tags of each article in the same order
        (one JSON line per article: ``[chars, [tag, ...]]``). Streams."""
        stats = CorpusStats()
        tags_out = tags_path.open("w", encoding="utf-8") if tags_path else None
        try:
            with articles_path.open("w", encoding="utf-8", newline="\n") as out:
                for article in self.articles():
                    line = json.dumps(article.record(), ensure_ascii=False)
                    out.write(line + "\n")
                    stats.articles += 1
                    stats.chars += len(article.text)
                    stats.utf8_bytes += len(line.encode("utf-8")) + 1
                    stats.non_bmp_chars += len(article.text.encode("utf-16-le")) // 2 - len(article.text)
                    for tag in article.tags:
                        if tag.kind == "mention":
                            stats.mentions += 1
                        elif tag.kind == "claim":
                            stats.claims += 1
                        else:
                            stats.denials += 1
                    if tags_out:
                        tags_out.write(json.dumps([len(article.text), [t.as_list() for t in article.tags]],
                                                  ensure_ascii=False) + "\n")
        finally:
            if tags_out:
                tags_out.close()
        return stats


def read_tags(tags_path: Path) -> Iterator[tuple[int, list[TagSpec]]]:
    """The tags file written by :meth:`Corpus.write_jsonl`, one article at a time."""
    with tags_path.open(encoding="utf-8") as handle:
        for line in handle:
            chars, rows = json.loads(line)
            yield chars, [TagSpec.from_list(r) for r in rows]


def search_words() -> list[tuple[str, str]]:
    """About 30 searches of varying frequency, as (what an analyst types, why).

    The store turns the last word into a prefix query, as the article list does
    while the analyst types."""
    longtail = [(LONGTAIL[rank], f"long-tail name, rank {rank}") for rank in (0, 3, 30, 300, 3000, 15000)]
    return [
        ("said", "in nearly every article"),
        ("the", "in every article; also a prefix of there, their, ..."),
        ("officials", "very common"),
        ("ceasefire", "common"),
        ("spokesman", "common"),
        ("denied", "denial sentences"),
        ("responsibility", "claim sentences"),
        ("Bogota", "accented place, typed without the accent"),
        ("Kraków", "accented place"),
        ("Łódź", "non-Latin-1 letters"),
        ("Qal‘at", "modifier letter apostrophe"),
        ("Northern Coalition", "two words"),
        ("Brigadas Núñez", "two words, accented"),
        ("Ahmad al-Hakim", "a person: three tokens"),
        ("hospital", "landmark"),
        ("convoy", "event word"),
        ("drone strike", "two words"),
        ("بيان", "Arabic"),
        ("وقف إطلاق", "Arabic, two words"),
        ("negot", "prefix while typing"),
        ("inde", "short prefix"),
        ("Velorian", "organisation stem"),
        ("Médecins", "accented organisation"),
        *longtail,
        ("Zzyzxqua", "absent"),
    ]


# --------------------------------------------------------------- sentences

_LEADS = (
    "Residents woke to the sound of the {event} early on {day}, and by mid-morning the roads out of {place} were crowded.",
    "The {event} on {day} was the most serious incident in {place} since the ceasefire was agreed.",
    "Officials in {place} gave conflicting accounts on {day} of the {event} and of who was behind it.",
)

_FILLER = (
    "Residents of {place} reported {number} explosions overnight, according to local officials.",
    "The {event} took place near the {landmark} shortly after {hour} in the morning, witnesses said.",
    "Aid agencies said {number} families had been displaced from {place} since {day}.",
    "Electricity and water supplies in {place} remained cut on {day}, residents told reporters.",
    "Footage shared on social media, which could not be independently verified, appeared to show smoke rising over the {landmark}.",
    "Talks on a ceasefire are due to resume next week, diplomats said, although no date has been set.",
    "Schools in {place} stayed closed for a {ordinal} day and shops opened only briefly.",
    "Doctors at the {landmark} in {place} said they had treated {number} people with shrapnel wounds.",
    "The road between {place} and {place2} was reopened on {day} after being closed for {number} days.",
    "Prices of bread and fuel in {place} have doubled since the beginning of {month}, traders said.",
    "{resident}, a shopkeeper in {place}, said he had closed his shop after the {event}.",
    "“We heard {number} blasts and then nothing,” said {resident}, who lives near the {landmark}.",
    "A local doctor, {resident}, said the hospital was short of blood and anaesthetics.",
    "Dr {resident} told the {outlet} that ambulances could not reach the {landmark}.",
    "Negotiators from both sides met in {place2} on {day}, but no agreement was announced.",
    "Independent observers have not been allowed into {place} since {month}.",
    "The United Nations said humanitarian access to {place} remained severely restricted.",
    "Mobile phone networks in the area were down for much of {day}, making it hard to confirm casualty figures.",
    "A statement read on local radio ({arabic}) called for calm in {place}.",
    "Banners reading «{arabic}» were hung on the walls of the {landmark}.",
    "The {event} came {number} weeks after a similar incident on the outskirts of {place2}.",
    "Analysts said the fighting could threaten the fragile ceasefire and the planned exchange of prisoners.",
    "Families of the missing gathered outside the {landmark} on {day}, demanding news of their relatives.",
    "It was not possible to independently verify the casualty figures given by either side.",
    "Convoys carrying food and medicine were turned back at a checkpoint outside {place}, aid workers said.",
)

_MENTION = (
    "Forces loyal to {A} were seen moving towards {place} on {day}.",
    "{A} has not commented publicly on the {event}.",
    "Representatives of {A} met mediators in {place2} late on {day}.",
    "Supporters of {A} held a rally in the centre of {place}.",
    "The {event} happened in an area long contested by {A}.",
    "Local people said fighters from {A} had set up a checkpoint near the {landmark}.",
    "A delegation sent by {A} arrived in {place} on {day}.",
)

# claim templates: (template, claim type, who it is about: "B" or "")
_CLAIMS = (
    ("{A} said it had carried out the {event} in {place}, calling it a response to recent raids.", "responsibility", ""),
    ("{A} claimed responsibility for the {event}, in a statement posted online on {day}.", "responsibility", ""),
    ("{A} blamed {B} for the {event} near the {landmark}.", "attribution", "B"),
    ("{A} accused {B} of shelling residential areas of {place}.", "attribution", "B"),
    ("According to {A}, {number} fighters were killed in the clashes near {place}.", "factual", ""),
    ("{A} said the convoy had been carrying weapons, not food.", "factual", ""),
    ("{A} warned that it would target {place2} if the blockade was not lifted.", "threat", ""),
    ("Two officials from {A}, who spoke on condition of anonymity, said {B} had planned the {event}.", "attribution", "B"),
    ("{A} said the {event} was the work of foreign fighters, the {outlet} reported.", "attribution", ""),
)

_DENIALS = (
    "{A} denied any involvement in the {event} in {place}.",
    "A spokesman for {A} rejected the accusation, calling it “baseless propaganda”.",
    "{A} dismissed reports that its fighters had entered {place}.",
    "{A} said it had “nothing to do” with the {event} and called for an inquiry.",
    "In a statement, {A} denied that the {landmark} had been hit.",
)


class _Context:
    """Fills templates for one article."""

    def __init__(self, rng: random.Random, corpus: Corpus, place: str, event: str, weekday: str) -> None:
        self.rng = rng
        self.corpus = corpus
        self.place = place
        self.event = event
        self.weekday = weekday

    def actor(self) -> int:
        rank = bisect.bisect_left(self.corpus._actor_cum, self.rng.random() * self.corpus._actor_cum[-1])
        return self.corpus._actor_order[min(rank, len(self.corpus.actors) - 1)]

    def resident(self) -> str:
        rank = bisect.bisect_left(_LONGTAIL_CUM, self.rng.random() * _LONGTAIL_CUM[-1])
        return f"{self.rng.choice(FIRST_NAMES)} {LONGTAIL[min(rank, len(LONGTAIL) - 1)]}"

    def values(self) -> dict[str, str]:
        rng = self.rng
        return {
            "place": self.place if rng.random() < 0.6 else rng.choice(PLACES),
            "place2": rng.choice(PLACES),
            "event": self.event if rng.random() < 0.7 else rng.choice(EVENTS),
            "day": self.weekday if rng.random() < 0.7 else rng.choice(WEEKDAYS),
            "month": rng.choice(MONTHS),
            "landmark": rng.choice(LANDMARKS),
            "number": rng.choice(NUMBERS),
            "hour": rng.choice(("five", "six", "seven", "eight", "nine", "ten")),
            "ordinal": rng.choice(("second", "third", "fourth", "fifth")),
            "outlet": rng.choice(OUTLETS),
            "arabic": rng.choice(ARABIC_PHRASES),
        }

    def filler_sentence(self) -> _Piece:
        values = self.values()
        values["resident"] = self.resident()
        text = self.rng.choice(_FILLER).format(**values)
        if self.rng.random() < 0.01:
            text += " " + self.rng.choice(EMOJI)
        return _Piece(text)

    def _with_actor(self, template: str, actor: int, tag: TagSpec, span: str, **extra: str) -> _Piece:
        """Fill ``template``; the tag covers the actor's name ("name") or the sentence ("sentence")."""
        name = self.corpus.actors[actor].name
        text = template.format(A=name, **(self.values() | extra))
        if text.startswith("the "):
            text = "The " + text[4:]
        if span == "name":
            start = text.index(name[1:]) - 1  # the name may have been capitalised
            end = start + len(name)
        else:
            start, end = 0, len(text)
        tag.start, tag.end = start, end
        return _Piece(text, [(start, end, tag)])

    def mention_sentence(self) -> _Piece:
        actor = self.actor()
        tag = TagSpec("mention", 0, 0, actor)
        return self._with_actor(self.rng.choice(_MENTION), actor, tag, "name")

    def claim_sentence(self) -> _Piece:
        rng = self.rng
        template, claim_type, about = rng.choice(_CLAIMS)
        actor = self.actor()
        other = self.actor()
        if other == actor:
            other = (other + 1) % len(self.corpus.actors)
        outlet = rng.choice(OUTLETS)
        tag = TagSpec(
            "claim", 0, 0, actor, claim_type=claim_type,
            anonymous="anonymity" in template,
            about=(other,) if about else (),
            reported_via=self.corpus.outlet_actor[outlet] if "{outlet}" in template else -1,
            summary=f"{claim_type.capitalize()} claim about the {self.event}",
        )
        return self._with_actor(template, actor, tag, "sentence", B=self.corpus.actors[other].name, outlet=outlet)

    def denial_sentence(self, claims_so_far: list[int]) -> _Piece:
        actor = self.actor()
        denied = self.rng.choice(claims_so_far) if claims_so_far and self.rng.random() < 0.6 else -1
        tag = TagSpec("denial", 0, 0, actor, denied=denied, summary=f"Denies role in the {self.event}")
        return self._with_actor(self.rng.choice(_DENIALS), actor, tag, "sentence")


def _layout(rng: random.Random, pieces: list[_Piece], place: str, event: str, outlet: str) -> tuple[str, str]:
    """Join sentences into paragraphs and fix each tag's offsets into the whole text."""
    parts: list[str] = []
    offset = 0
    i = 0
    while i < len(pieces):
        size = rng.randint(2, 5)
        for j, piece in enumerate(pieces[i : i + size]):
            if j:
                parts.append(" ")
                offset += 1
            for start, end, tag in piece.tags:
                tag.start, tag.end = offset + start, offset + end
            parts.append(piece.text)
            offset += len(piece.text)
        i += size
        if i < len(pieces):
            parts.append("\n\n")
            offset += 2
    if rng.random() < 0.15:
        caption = f"\n\n{rng.choice(EMOJI[:1])} Photo: {outlet}"
        parts.append(caption)
    title = f"{event.capitalize()} in {place}: {rng.choice(_TITLE_ENDS)}"
    return "".join(parts), title


_TITLE_ENDS = (
    "conflicting accounts", "claims and denials", "residents describe night of fear",
    "mediators call for calm", "what we know so far", "death toll rises",
    "aid blocked at checkpoint", "armed groups trade blame",
)
