"""A small, realistic world mirroring the two seed articles, built with the factories.

The text comes from the seed files in articles/sample_data; headline, standfirst,
captions and body are split the way the parser does, and every mention and claim gets
the offsets of its text, as the pipeline will store them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from articles.models import Article
from entities.models import Claim
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    OutletFactory,
    PersonFactory,
    claim_at,
    contradiction,
    country,
    mention_at,
)

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"
FIRST_SEED = SAMPLES / "000_27024b9a8a95804f.txt"
SECOND_SEED = SAMPLES / "003_1dca181fe05a6f0c.txt"
_CREDIT = re.compile(r"^(?P<text>.*?)\s*\((?P<credit>[^()]*)\)$")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def first_seed_fields() -> dict:
    lines = _lines(FIRST_SEED)
    end = lines.index("read more:")
    captions, body = [], []
    for line in lines[4:end]:
        match = _CREDIT.match(line)
        if match:
            caption = {"text": match["text"], "credit": match["credit"]}
            if caption not in captions:
                captions.append(caption)
        else:
            body.append(line)
    return {
        "title": lines[1],
        "standfirst": lines[2],
        "byline": ["Lazar Berman"],
        "captions": captions,
        "body": "\n\n".join(body),
    }


def second_seed_fields() -> dict:
    lines = _lines(SECOND_SEED)
    return {
        "title": lines[0],
        "standfirst": lines[1],
        "byline": ["Lazar Berman"],
        "captions": [],
        "body": "\n\n".join(lines[3:]),
    }


# Surface forms, longest first, as the extractors report them.
PEOPLE = {
    "volodymyr-zelensky": (
        "Volodymyr Zelensky",
        "President",
        "UA",
        ["Volodymyr Zelensky", "Volodymr Zelensky", "Zelensky"],
    ),
    "benjamin-netanyahu": (
        "Benjamin Netanyahu",
        "Prime Minister",
        "IL",
        ["Benjamin Netanyahu", "Netanyahu"],
    ),
    "eli-cohen": ("Eli Cohen", "Foreign Minister", "IL", ["Eli Cohen", "Cohen"]),
    "yuli-edelstein": (
        "Yuli Edelstein",
        "Member of the Knesset",
        "IL",
        ["Yuli Edelstein", "Edelstein"],
    ),
    "zeev-elkin": ("Ze’ev Elkin", "Member of the Knesset", "IL", ["Ze’ev Elkin", "Elkin"]),
    "emmanuel-macron": ("Emmanuel Macron", "President", "FR", ["Emmanuel Macron"]),
    "olaf-scholz": ("Olaf Scholz", "Chancellor", "DE", ["Olaf Scholz"]),
    "oleksii-reznikov": (
        "Oleksii Reznikov",
        "Defense Minister",
        "UA",
        ["Oleksii Reznikov", "Reznikov"],
    ),
    "yoav-gallant": ("Yoav Gallant", "Defense Minister", "IL", ["Yoav Gallant", "Gallant"]),
}
COUNTRIES = {
    "UA": ["Ukrainians", "Ukrainian", "Ukraine"],
    "IL": ["Israeli", "Israel"],
    "RU": ["Russian", "Russia"],
    "FR": ["France"],
    "DE": ["German"],
    "SY": ["Syria"],
    "IR": ["Iran"],
    "US": ["US"],
}


@dataclass
class World:
    first: Article
    second: Article
    people: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)


def annotate(article: Article, text: str, location: str, lexicon: dict, field_index=None):
    """Creates a mention for every whole-word occurrence of a surface form in `text`."""
    forms = sorted(lexicon, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")
    for match in pattern.finditer(text):
        occurrence = text[: match.start()].count(match.group())
        mention_at(
            article,
            lexicon[match.group()],
            match.group(),
            location=location,
            occurrence=occurrence,
            field_index=field_index,
        )


def _lexicon(people: dict) -> dict:
    lexicon = {}
    for slug, (_, _, _, forms) in PEOPLE.items():
        for form in forms:
            lexicon[form] = people[slug]
    for code, forms in COUNTRIES.items():
        for form in forms:
            lexicon[form] = country(code)
    return lexicon


def _annotate_article(article: Article, lexicon: dict) -> None:
    annotate(article, article.title, "headline", lexicon)
    annotate(article, article.standfirst, "standfirst", lexicon)
    for index, caption in enumerate(article.captions):
        annotate(article, caption["text"], "caption", lexicon, field_index=index)
    annotate(article, article.body, "body", lexicon)


def build_world() -> World:
    """Both seeds with their people, countries, mentions, claims and one contradiction."""
    outlet = OutletFactory(
        name="The Times of Israel", domain="timesofisrael.com", country=country("IL")
    )
    people = {}
    for slug, (name, role, code, forms) in PEOPLE.items():
        person = PersonFactory(slug=slug, name=name, role=role, country=country(code))
        for form in forms:
            AliasFactory(person=person, name=form, normalized=form.lower())
        people[slug] = person
    berman = PersonFactory(slug="lazar-berman", name="Lazar Berman", role="journalist")

    first = ArticleFactory(
        outlet=outlet,
        url="https://www.timesofisrael.com/zelensky-seeking-netanyahu-visit-to-kyiv/",
        published=date(2023, 2, 22),
        published_source=Article.DateSource.INFERRED,
        **first_seed_fields(),
    )
    second = ArticleFactory(
        outlet=outlet,
        url="https://www.timesofisrael.com/ukraine-claims-israeli-defense-minister-rebuffing/",
        published=date(2023, 6, 11),
        published_source=Article.DateSource.INFERRED,
        **second_seed_fields(),
    )
    lexicon = _lexicon(people)
    for article in (first, second):
        _annotate_article(article, lexicon)
        mention_at(article, berman, "Lazar Berman", location="byline", field_index=0)

    il, ua = country("IL"), country("UA")
    claims = {
        "invitation": claim_at(
            first,
            "Ukrainian President Volodymyr Zelensky told visiting Israeli officials that he "
            "would like to see Prime Minister Benjamin Netanyahu visit Kyiv",
            speaker_label="an Israeli diplomatic source",
            speaker_kind="anonymous",
            speaker_country=il,
            cue="told",
            event_type="consult",
            subject_people=[people["volodymyr-zelensky"], people["benjamin-netanyahu"]],
            subject_countries=[ua],
        ),
        "no_plans": claim_at(
            first,
            "there are currently no concrete plans in the works for Netanyahu to visit Ukraine",
            speaker_label="The official",
            speaker_kind="anonymous",
            speaker_country=il,
            cue="said",
            event_type="consult",
            subject_people=[people["benjamin-netanyahu"]],
            subject_countries=[ua],
        ),
        "three_to_six_months": claim_at(
            first,
            "it would take between 3-6 months for the system to arrive",
            speaker_label="Eli Cohen",
            speaker_kind="person",
            speaker_person=people["eli-cohen"],
            speaker_country=il,
            cue="said",
            event_type="aid",
            subject_countries=[ua],
        ),
        "joint_statement": claim_at(
            first,
            "We support tangible cooperation between Israel and Ukraine in air defense and "
            "missile defense and in more defensive measures",
            speaker_label="Elkin and Edelstein",
            speaker_kind="group",
            speaker_country=il,
            cue="told",
            quote=True,
            event_type="support",
            subject_people=[people["volodymyr-zelensky"]],
            subject_countries=[ua],
        ),
        "unable_to_arrange": claim_at(
            second,
            "Ukraine has been unable to arrange a phone conversation between the country’s "
            "Defense Minister Oleksii Reznikov and his Israeli counterpart, Yoav Gallant",
            speaker_label="Ukrainian officials",
            speaker_kind="anonymous",
            speaker_country=ua,
            cue="told",
            event_type="request",
            subject_people=[people["yoav-gallant"]],
            subject_countries=[il],
        ),
        "denial": claim_at(
            second,
            "there have been repeated official requests from Kyiv",
            speaker_label="a Defense Ministry official",
            speaker_kind="anonymous",
            speaker_country=il,
            cue="denied",
            stance=Claim.Stance.DENY,
            event_type="request",
            subject_countries=[ua],
        ),
        "september": claim_at(
            second,
            "That system is on track to be deployed in September",
            speaker_label="a Ukrainian official",
            speaker_kind="anonymous",
            speaker_country=ua,
            cue="told",
            event_type="aid",
            subject_countries=[il],
        ),
    }
    contradiction(
        claims["unable_to_arrange"],
        claims["denial"],
        "Ukraine says its requests went unanswered; the Israeli Defense Ministry denies "
        "repeated official requests were made.",
    )
    return World(first=first, second=second, people=people, claims=claims)
