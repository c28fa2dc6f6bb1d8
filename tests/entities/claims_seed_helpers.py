"""Seed articles as ArticleText plus hand-made people lists, for the claim tests.

The seeds are scraped pages; this splits them the simple way (headline, standfirst,
body without byline, captions and the registration footer) so the claim tests do not
depend on the article parser. People are listed by hand: arranging input.
"""

from __future__ import annotations

import re
from pathlib import Path

from entities.extract.types import ArticleText, PersonResult, Span

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "articles" / "sample_data"
FALLBACK_DIR = Path("/work/shared/seeds")
SEED_ZELENSKY = "000_27024b9a8a95804f.txt"
SEED_REZNIKOV = "003_1dca181fe05a6f0c.txt"

PEOPLE = [
    ("Volodymyr Zelensky", "UA", ["Volodymyr Zelensky", "Volodymr Zelensky", "Zelensky"]),
    ("Benjamin Netanyahu", "IL", ["Benjamin Netanyahu", "Netanyahu"]),
    ("Eli Cohen", "IL", ["Eli Cohen", "Cohen"]),
    ("Yuli Edelstein", "IL", ["Yuli Edelstein", "Edelstein"]),
    ("Ze’ev Elkin", "IL", ["Ze’ev Elkin", "Elkin"]),
    ("Oleksii Reznikov", "UA", ["Oleksii Reznikov", "Reznikov"]),
    ("Yoav Gallant", "IL", ["Yoav Gallant", "Gallant"]),
]


def seed_text(name: str) -> str:
    path = SAMPLE_DIR / name
    if not path.exists():
        path = FALLBACK_DIR / name
    return path.read_text(encoding="utf-8")


def seed_article(name: str) -> ArticleText:
    raw = seed_text(name).split("read more:")[0]
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip() and ln.strip() != "search"]
    body = [ln for ln in lines[2:] if not ln.endswith(")") and " is The Times of Israel" not in ln]
    return ArticleText(title=lines[0], standfirst=lines[1], body="\n\n".join(body))


def hand_people(article: ArticleText) -> list[PersonResult]:
    people = []
    fields = (
        ("headline", article.title),
        ("standfirst", article.standfirst),
        ("body", article.body),
    )
    for name, country, forms in PEOPLE:
        mentions: list[Span] = []
        for loc, value in fields:
            taken: list[tuple[int, int]] = []
            for form in forms:  # longest first, so "Eli Cohen" is one mention
                for m in re.finditer(re.escape(form), value or ""):
                    if not any(a <= m.start() < b for a, b in taken):
                        taken.append(m.span())
                        mentions.append(Span(m.start(), m.end(), loc, form))
        people.append(
            PersonResult(name=name, country=country, mentions=mentions, surface_forms=forms)
        )
    return people
