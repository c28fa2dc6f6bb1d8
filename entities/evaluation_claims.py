"""Measure the claim extractor and the event classifier on public corpora.

    python -m entities.evaluation_claims polnear PATH [--split dev|train] [--limit N]
    python -m entities.evaluation_claims plover PATH

PolNeAR (brat standoff: Source, Cue and Content spans joined by an Attribution
relation): content precision/recall/F1 with lenient span overlap, with exact span match,
and with exact match after normalising surrounding quote marks, punctuation and a
leading "that"; cue P/R/F1 (exact and overlap); speaker accuracy among the matched
claims (our speaker phrase overlaps the gold source). Our content span is the claim's
`content_span` (with the complementiser and quote marks, as PolNeAR annotates it).
When one article was annotated by several annotators, the first annotation file (sorted
by name) is the gold.

Strict figures, the headline: `one_to_one` pairs predictions and gold attributions one to
one (greedy, best Dice first), a pair counting when the Dice coefficient of their content
tokens (lower-cased words, counted with repetition) is at least 0.5; `who_said_what` is
the recall, over gold attributions whose source is not a pronoun, of those matched one to
one by a prediction whose speaker phrase overlaps the gold source.

PLOVER-GSR: accuracy and macro-F1 of `classify_event` on the gold sentences, with the
gold categories mapped onto the product's taxonomy (DEMAND -> request, DISAPPROVE ->
accuse, FIGHT -> assault); INVESTIGATE has no counterpart and is left out.

Plain module: no Django. Reads the dataset from the path given; copies nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from entities.extract.claims import extract_claim_details
from entities.extract.events import classify_event
from entities.extract.lexicon import rows
from entities.extract.types import EVENT_TYPES, ArticleText


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    source: list[tuple[int, int]]

    @property
    def extent(self) -> tuple[int, int]:
        return min(a for a, _ in self.content), max(b for _, b in self.content)


def parse_ann(text: str) -> list[GoldAttribution]:
    """Attributions of one brat .ann file that have a content span."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for line in text.splitlines():
        if re.match(r"T\d+\t", line):
            tid, info, *_ = line.split("\t")
            _label, ranges = info.split(" ", 1)
            spans[tid] = [tuple(map(int, r.split())) for r in ranges.split(";")]
    out = []
    for line in text.splitlines():
        if not re.match(r"E\d+\t", line):
            continue
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for part in line.split("\t")[1].split():
            role, _, tid = part.partition(":")
            role = re.sub(r"\d+$", "", role)
            if role in roles and tid in spans:
                roles[role].extend(spans[tid])
        if roles["Content"]:
            out.append(GoldAttribution(roles["Content"], roles["Cue"], roles["Source"]))
    return out


def _overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for b in spans)


_NORM_STRIP = " \t\n.,;:!?“”\"‘’'—–-()"


def _norm(s: str) -> str:
    s = s.strip(_NORM_STRIP)
    s = re.sub(r"^that\s+", "", s, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", s.strip(_NORM_STRIP)).lower()


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _polnear_articles(root: Path, split: str):
    base = root / "data" / split if (root / "data").is_dir() else root / split
    for txt in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            yield txt.read_text(encoding="utf-8"), anns[0].read_text(encoding="utf-8")


_TOKEN = re.compile(r"\w+")
DICE_MIN = 0.5


def _tokens(text: str) -> Counter:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def _dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def _one_to_one(body: str, gold: list[GoldAttribution], details) -> list[tuple[int, int]]:
    """(prediction, gold) index pairs, each side used once, Dice >= DICE_MIN, best first."""
    gold_tokens = [sum((_tokens(body[a:b]) for a, b in g.content), Counter()) for g in gold]
    scored = []
    for i, d in enumerate(details):
        mine = _tokens(body[d.content_span[0] : d.content_span[1]])
        for j, theirs in enumerate(gold_tokens):
            score = _dice(mine, theirs)
            if score >= DICE_MIN:
                scored.append((score, i, j))
    pairs, used_pred, used_gold = [], set(), set()
    for _score, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


def _pronoun_source(body: str, g: GoldAttribution) -> bool:
    words = " ".join(body[a:b] for a, b in g.source).lower().split()
    return len(words) == 1 and words[0] in {row[0] for row in rows("claims/pronouns.tsv")}


def evaluate_polnear(root: Path, split: str = "dev", limit: int | None = None) -> dict:
    """Scores of `extract_claims` on one PolNeAR split (see module docstring)."""
    counts = Counter()
    elapsed = 0.0
    for n, (body, ann) in enumerate(_polnear_articles(root, split)):
        if limit is not None and n >= limit:
            break
        gold = parse_ann(ann)
        t0 = time.perf_counter()
        details = extract_claim_details(ArticleText(title="", body=body), [], [])
        elapsed += time.perf_counter() - t0
        counts["articles"] += 1
        counts["gold"] += len(gold)
        counts["pred"] += len(details)
        used: set[int] = set()
        gold_cues = [c for g in gold for c in g.cue]
        for d in details:
            span = d.content_span
            # Lenient: the gold attribution whose content overlaps most, each used once.
            best, best_ov = None, 0
            for i, g in enumerate(gold):
                ov = _overlap(span, g.content)
                if i not in used and ov > best_ov:
                    best, best_ov = i, ov
            if d.cue_span in [tuple(x) for x in gold_cues]:
                counts["cue_exact"] += 1
            if any(_overlap(d.cue_span, [gc]) for gc in gold_cues):
                counts["cue_overlap"] += 1
            if best is None:
                continue
            used.add(best)
            g = gold[best]
            counts["lenient"] += 1
            if span == g.extent:
                counts["exact"] += 1
            if _norm(body[span[0] : span[1]]) == _norm(body[g.extent[0] : g.extent[1]]):
                counts["norm_exact"] += 1
            if g.source:
                counts["speaker_total"] += 1
                if _overlap(d.speaker_span, g.source):
                    counts["speaker_ok"] += 1
        counts["gold_cues"] += len(gold)
        pairs = _one_to_one(body, gold, details)
        counts["one_to_one"] += len(pairs)
        named = [j for j, g in enumerate(gold) if g.source and not _pronoun_source(body, g)]
        counts["named_sources"] += len(named)
        named_set = set(named)
        counts["who_said_what"] += sum(
            1
            for i, j in pairs
            if j in named_set and _overlap(details[i].speaker_span, gold[j].source)
        )
    pred, gold_n = counts["pred"], counts["gold"]
    return {
        "split": split,
        "articles": counts["articles"],
        "gold_attributions": gold_n,
        "predicted_claims": pred,
        "one_to_one": _prf(counts["one_to_one"], pred, gold_n),
        "who_said_what_recall": round(counts["who_said_what"] / counts["named_sources"], 3)
        if counts["named_sources"]
        else None,
        "content_lenient": _prf(counts["lenient"], pred, gold_n),
        "content_exact": _prf(counts["exact"], pred, gold_n),
        "content_exact_normalised": _prf(counts["norm_exact"], pred, gold_n),
        "cue_exact": _prf(counts["cue_exact"], pred, counts["gold_cues"]),
        "cue_overlap": _prf(counts["cue_overlap"], pred, counts["gold_cues"]),
        "speaker_accuracy": round(counts["speaker_ok"] / counts["speaker_total"], 3)
        if counts["speaker_total"]
        else None,
        "ms_per_article": round(1000 * elapsed / max(1, counts["articles"]), 2),
    }


_PLOVER_MAP = {"DEMAND": "request", "DISAPPROVE": "accuse", "FIGHT": "assault"}


def evaluate_plover(path: Path) -> dict:
    """Accuracy and macro-F1 of `classify_event` on PLOVER-GSR sentences."""
    file = path / "PLOVER_GSR_CAMEO.json" if path.is_dir() else path
    records = json.loads(file.read_text(encoding="utf-8"))
    pairs = []
    for rec in records:
        event = rec.get("event", "")
        gold = _PLOVER_MAP.get(event, event.lower())
        if gold in EVENT_TYPES and rec.get("text"):
            pairs.append((gold, classify_event(rec["text"])))
    correct = sum(g == p for g, p in pairs)
    f1s = {}
    for cat in sorted({g for g, _ in pairs}):
        tp = sum(g == cat and p == cat for g, p in pairs)
        n_pred = sum(p == cat for _, p in pairs)
        n_gold = sum(g == cat for g, _ in pairs)
        f1s[cat] = _prf(tp, n_pred, n_gold)["f1"]
    return {
        "sentences": len(pairs),
        "accuracy": round(correct / len(pairs), 3) if pairs else 0.0,
        "macro_f1": round(sum(f1s.values()) / len(f1s), 3) if f1s else 0.0,
        "no_prediction": sum(p is None for _, p in pairs),
        "f1_per_category": f1s,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the scores as JSON."""
    parser = argparse.ArgumentParser(prog="evaluate_claims")
    parser.add_argument("dataset", choices=["polnear", "plover"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if args.dataset == "polnear":
        result = evaluate_polnear(args.path, args.split, args.limit)
    else:
        result = evaluate_plover(args.path)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
