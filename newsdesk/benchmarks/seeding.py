"""`benchmark seed`: a synthetic archive shaped like a real one, reproducible from a seed.

What makes pages slow on a real archive is its skew, so the data set has it:
- popularity follows Zipf's law: a few countries, country pairs, people and outlets are in
  thousands of articles (and their claims), most in a handful;
- bodies are sentences of news vocabulary whose word frequencies are Zipf-like too, so a
  search term can be found in nearly every article ("said", "minister"), in a few percent
  ("ceasefire") or in a handful ("desalination");
- publication dates mostly follow the order articles were added (with some backfill), and
  a share of articles is undated;
- every mention and claim has the offsets of its text in the body; a claim's speaker is named
  in its article, and its subject is mostly the other country of the article's relation.

The same `--seed` and `--articles` give the same rows (ids aside). It ends with VACUUM ANALYZE,
so the planner and the visibility map are as on a settled database.
"""

from __future__ import annotations

import bisect
import itertools
import random
import time
from datetime import date, timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify

from articles.models import Article, Outlet
from entities.models import Claim, Country, Mention, Person

# Countries at the head of the popularity ranking (the rest follow in a shuffled order).
HEAD_COUNTRIES = ["UA", "US", "RU", "IL", "CN", "GB", "FR", "DE", "IR", "TR", "PL", "IN"]

DATA = Path(__file__).resolve().parent / "data"


def _words(name: str) -> list[str]:
    """The words of a data file, in order; lines starting with # are comments."""
    lines = (DATA / name).read_text().splitlines()
    return [word for line in lines if not line.startswith("#") for word in line.split()]


# Most frequent first. The first CORE_WORDS make up the sentences (rank r drawn with weight
# 1 / r: in nearly every article); each article also has TOPICS words of the rest, drawn with
# weight 1 / r ** 2, so the last of them are in a few dozen articles of 100,000.
VOCABULARY = _words("vocabulary.txt")
CORE_WORDS = 60
TOPICS = 3
FUNCTION_WORDS = ("the", "of", "and", "to", "in", "on", "for", "with", "that", "a", "at")
CUES = ["said", "told reporters", "said in a statement", "told", "announced", "warned"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EVENT_TYPES = ["consult", "cooperate", "support", "request", "aid", "accuse", "reject",
               "threaten", "agree", "protest", "sanction", "mobilize", "concede", "retreat",
               "coerce", "assault"]  # fmt: skip
ROLES = ["Foreign Minister", "President", "Prime Minister", "Defence Minister", "Ambassador",
         "Spokesperson", "Envoy", "Finance Minister", "Energy Minister", "General"]  # fmt: skip
FIRST = _words("given_names.txt")
LAST = _words("family_names.txt")

PEOPLE = 3_000
OUTLETS = 40
PAIRS = 2_000
UNDATED_SHARE = 0.05
BACKFILL_SHARE = 0.1  # articles added long after their date
FIRST_DAY = date(2020, 1, 1)
DAYS = 5 * 365


class Zipf:
    """Draws ranks 0..n-1 with weight 1 / (rank + 1) ** exponent."""

    def __init__(self, n: int, rng: random.Random, exponent: float = 1.0):
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (r + 1) ** exponent for r in range(n)))

    def rank(self) -> int:
        return bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])

    def ranks(self, k: int) -> list[int]:
        total = self.cumulative[-1]
        return [bisect.bisect(self.cumulative, self.rng.random() * total) for _ in range(k)]


class Writer:
    """Builds one article body paragraph by paragraph, keeping the offsets of names."""

    def __init__(self, rng: random.Random, words: Zipf, topics: list[str]):
        self.rng = rng
        self.words = words
        self.topics = topics
        self.paragraphs: list[str] = []
        self.length = 0
        self.current: list[str] = []
        self.current_length = 0

    def clause(self, n: int) -> str:
        rng = self.rng
        out = []
        for rank in self.words.ranks(n):
            if rng.random() < 0.35:
                out.append(rng.choice(FUNCTION_WORDS))
            out.append(VOCABULARY[rank])
            if self.topics and rng.random() < 0.04:
                out.append(rng.choice(self.topics))
        return " ".join(out)

    def _offset(self) -> int:
        # Paragraphs are joined by a blank line ("\n\n"); sentences by one space.
        base = self.length + 2 * len(self.paragraphs)
        return base + self.current_length + (1 if self.current else 0)

    def sentence(self, parts: list[str | tuple[str, object]]) -> tuple[list, int, int]:
        """Adds a sentence made of text and (name, entity) parts; returns the names' spans
        [(entity, start, end, text)] and the sentence's own start and end."""
        start = self._offset()
        text, spans = "", []
        for part in parts:
            if isinstance(part, tuple):
                name, entity = part
                spans.append((entity, start + len(text), start + len(text) + len(name), name))
                text += name
            else:
                text += part
        self.current_length += len(text) + (1 if self.current else 0)
        self.current.append(text)
        return spans, start, start + len(text)

    def filler(self) -> None:
        self.sentence([self.clause(self.rng.randint(6, 14)).capitalize() + "."])

    def break_paragraph(self) -> None:
        if self.current:
            paragraph = " ".join(self.current)
            self.paragraphs.append(paragraph)
            self.length += len(paragraph)
            self.current, self.current_length = [], 0

    def body(self) -> str:
        self.break_paragraph()
        return "\n\n".join(self.paragraphs)


def _countries_by_popularity(rng: random.Random) -> list[Country]:
    countries = list(Country.objects.order_by("iso2"))
    head = [c for code in HEAD_COUNTRIES for c in countries if c.iso2 == code]
    tail = [c for c in countries if c.iso2 not in HEAD_COUNTRIES]
    rng.shuffle(tail)
    return head + tail


def _pairs_by_popularity(countries: list[Country], rng: random.Random) -> list[tuple]:
    """PAIRS country pairs, pairs of popular countries first (by the product of ranks)."""
    ranked = Zipf(len(countries), rng, exponent=0.9)
    seen = set()
    while len(seen) < PAIRS:
        a, b = ranked.rank(), ranked.rank()
        if a != b:
            seen.add((min(a, b), max(a, b)))
    ordered = sorted(seen, key=lambda pair: ((pair[0] + 1) * (pair[1] + 1), pair))
    return [(countries[a], countries[b]) for a, b in ordered]


def _people(countries: list[Country], rng: random.Random, tag: str) -> list[Person]:
    """PEOPLE people, most popular first; popular people mostly belong to popular countries."""
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(names)
    by_country = Zipf(len(countries), rng, exponent=1.1)
    roles = Zipf(len(ROLES), rng)
    wanted = [
        Person(
            name=name,
            slug=f"bench-{tag}-{slugify(name)}",
            role=ROLES[roles.rank()],
            country=countries[by_country.rank()],
        )
        for name in names[:PEOPLE]
    ]
    existing = set(
        Person.objects.filter(slug__startswith=f"bench-{tag}-").values_list("slug", flat=True)
    )
    Person.objects.bulk_create([p for p in wanted if p.slug not in existing], batch_size=1000)
    people = {p.slug: p for p in Person.objects.filter(slug__startswith=f"bench-{tag}-")}
    return [people[p.slug] for p in wanted]


def seed(
    *, articles: int, rng_seed: int = 7, batch: int = 2000, vacuum: bool = True, out=print
) -> None:
    """Inserts `articles` articles (with outlets, people, mentions and claims) shaped as the
    module docstring says, then (`vacuum`) runs VACUUM ANALYZE, which cannot run inside a
    transaction. Run it on a database of its own."""
    rng = random.Random(rng_seed)
    tag = f"s{rng_seed}"
    countries = _countries_by_popularity(rng)
    pairs = _pairs_by_popularity(countries, rng)
    people = _people(countries, rng, tag)
    people_by_country: dict[int, list[int]] = {}
    for rank, person in enumerate(people):
        people_by_country.setdefault(person.country_id, []).append(rank)
    outlets = [
        Outlet.objects.get_or_create(
            name=f"Bench Outlet {i}", defaults={"domain": f"outlet{i}.bench.test"}
        )[0]
        for i in range(OUTLETS)
    ]
    pick_pair = Zipf(len(pairs), rng)
    pick_country = Zipf(len(countries), rng)
    pick_person = Zipf(len(people), rng, exponent=1.05)
    pick_outlet = Zipf(len(outlets), rng)
    pick_event = Zipf(len(EVENT_TYPES), rng)
    words = Zipf(CORE_WORDS, rng)
    topics = Zipf(len(VOCABULARY) - CORE_WORDS, rng, exponent=2.0)

    offset = Article.objects.filter(content_hash__startswith=f"bench-{tag}-").count()
    made, t0 = 0, time.perf_counter()
    while made < articles:
        size = min(batch, articles - made)
        rows, extras = [], []
        for i in range(size):
            n = offset + made + i
            article, extra = _article(
                n=n, total=offset + articles, tag=tag, rng=rng, words=words,
                topics=[VOCABULARY[CORE_WORDS + r] for r in topics.ranks(TOPICS)],
                pair=pairs[pick_pair.rank()],
                countries=[countries[r] for r in pick_country.ranks(rng.randint(0, 3))],
                people=_article_people(rng, pick_person, people, people_by_country,
                                       pairs, pick_pair),
                outlet=outlets[pick_outlet.rank()], event=lambda: EVENT_TYPES[pick_event.rank()],
            )  # fmt: skip
            rows.append(article)
            extras.append(extra)
        with transaction.atomic():
            _store(rows, extras)
        made += size
        out(f"seeded {made}/{articles} articles ({made / (time.perf_counter() - t0):.0f}/s)")
    if vacuum:
        out("VACUUM ANALYZE ...")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    out(f"done in {time.perf_counter() - t0:.0f} s")


def _article_people(rng, pick_person, people, people_by_country, pairs, pick_pair):
    """Two to five people: mostly the globally popular, some from a relation's countries."""
    chosen = [people[r] for r in pick_person.ranks(rng.randint(1, 3))]
    a, b = pairs[pick_pair.rank()]
    for country in (a, b):
        ranks = people_by_country.get(country.pk)
        if ranks and rng.random() < 0.6:
            chosen.append(people[ranks[min(len(ranks) - 1, int(rng.expovariate(0.5)))]])
    return list({p.pk: p for p in chosen}.values())


def _article(*, n, total, tag, rng, words, topics, pair, countries, people, outlet, event):
    a, b = pair
    named_countries = list({c.pk: c for c in [a, b, *countries]}.values())
    writer = Writer(rng, words, topics)
    mentions, claims = [], []
    verb = rng.choice(["agreed", "met", "clashed", "spoke"])
    spans, _, _ = writer.sentence(
        [(a.name, a), " and ", (b.name, b),
         f" {verb} on {rng.choice(WEEKDAYS)} over {writer.clause(5)}."]
    )  # fmt: skip
    mentions.extend(spans)
    for index in range(rng.randint(10, 16)):
        if index % 4 == 3:
            writer.break_paragraph()
        roll = rng.random()
        if roll < 0.25 and people:
            speaker = rng.choice(people)
            other = b if speaker.country_id == a.pk else a
            cue = rng.choice(CUES)
            spans, start, end = writer.sentence(
                [(speaker.name, speaker), f" {cue} that ", (other.name, other),
                 " " + writer.clause(rng.randint(6, 12)) + "."]
            )  # fmt: skip
            mentions.extend(spans)
            claims.append((speaker, other, start, end, cue, rng.random() < 0.7))
        elif roll < 0.45:
            country = rng.choice(named_countries)
            spans, _, _ = writer.sentence(
                [writer.clause(rng.randint(5, 10)).capitalize() + " in ", (country.name, country),
                 ", officials said on " + rng.choice(WEEKDAYS) + "."]
            )  # fmt: skip
            mentions.extend(spans)
        elif roll < 0.55 and people:
            person = rng.choice(people)
            spans, _, _ = writer.sentence(
                [(person.name, person), ", the " + (person.role or "official").lower() + ", "
                 + writer.clause(rng.randint(5, 10)) + "."]
            )  # fmt: skip
            mentions.extend(spans)
        else:
            writer.filler()
    body = writer.body()
    if rng.random() < UNDATED_SHARE:
        published = None
    elif rng.random() < BACKFILL_SHARE:
        published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    else:
        day = int(DAYS * n / max(total, 1)) + rng.randint(-20, 3)
        published = FIRST_DAY + timedelta(days=min(max(day, 0), DAYS))
    title = f"{a.name} and {b.name}: {writer.clause(rng.randint(3, 6))}"
    article = Article(
        outlet=outlet,
        title=title[:1].upper() + title[1:],
        body=body,
        content_hash=f"bench-{tag}-{n:012d}",
        canonical_url=f"https://bench.test/{tag}/{n}",
        published=published,
        published_source="metadata" if published else "none",
        published_precision="day" if published else "none",
    )
    claim_rows = []
    for speaker, subject, start, end, cue, with_subject in claims:
        claim_rows.append(
            {
                "speaker": speaker,
                "subject": subject if with_subject else None,
                "start": start,
                "end": end,
                "cue": cue,
                "text": body[start:end],
                "stance": "deny" if rng.random() < 0.1 else "assert",
                "event_type": event() if rng.random() < 0.8 else "",
                "confidence": rng.random(),
            }
        )
    return article, (mentions, claim_rows)


def _store(rows: list[Article], extras: list) -> None:
    created = Article.objects.bulk_create(rows)
    mentions, claims, subjects = [], [], []
    for article, (spans, claim_rows) in zip(created, extras, strict=True):
        for entity, start, end, text in spans:
            is_person = isinstance(entity, Person)
            mentions.append(
                Mention(article=article, person=entity if is_person else None,
                        country=None if is_person else entity, location="body",
                        start=start, end=end, text=text)
            )  # fmt: skip
        for row in claim_rows:
            speaker = row["speaker"]
            claims.append(
                Claim(article=article, text=row["text"], start=row["start"], end=row["end"],
                      speaker_label=speaker.name, speaker_kind="person", speaker_person=speaker,
                      speaker_country_id=speaker.country_id, cue=row["cue"],
                      stance=row["stance"], event_type=row["event_type"],
                      confidence=row["confidence"])
            )  # fmt: skip
            subjects.append(row["subject"])
    Mention.objects.bulk_create(mentions, batch_size=5000)
    Claim.objects.bulk_create(claims, batch_size=5000)
    through = Claim.subject_countries.through
    through.objects.bulk_create(
        [
            through(claim_id=claim.pk, country_id=subject.pk)
            for claim, subject in zip(claims, subjects, strict=True)
            if subject is not None
        ],
        batch_size=5000,
    )
