"""Build `wikinews.jsonl` from the GUM corpus's Wikinews documents (run by hand).

    python articles/demo_data/build_wikinews.py PATH/TO/gum-wikinews/dep

Each CoNLL-U document becomes one JSON record: its title, creation date, source URL, the
text rebuilt from its tokens (spaces where the tokens had them), paragraphs as written, and
the licence line shown on its article page. Needs only the standard library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RIGHTS = "Text from Wikinews ({url}), licensed CC BY 2.5; via the GUM corpus (Georgetown)."


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[list[str]] = []
    tokens: list[str] = []
    skip_to = 0  # the last word of a multiword token already written
    in_word = False  # inside <w>...</w>: the parts of one written word ("six-member")

    def close_sentence():
        nonlocal skip_to
        skip_to = 0
        if tokens:
            paragraphs[-1].append("".join(tokens).strip())
            tokens.clear()

    for line in lines:
        if line.startswith("# newpar") and not line.startswith("# newpar_block"):
            close_sentence()
            paragraphs.append([])
        elif not line.strip():
            close_sentence()
        elif not line.startswith("#"):
            columns = line.split("\t")
            number, form, misc = columns[0], columns[1], columns[9]
            if "." in number:
                continue  # an empty node: no text
            if "-" in number:  # "Trump's" written once for the words "Trump" and "'s"
                skip_to = int(number.split("-")[1])
            elif int(number) <= skip_to:
                continue
            in_word = in_word or "XML=<w>" in misc
            if "XML=</w>" in misc:
                in_word = False
            space = "" if in_word or "SpaceAfter=No" in misc else " "
            tokens.append(form + space)
    close_sentence()
    return [" ".join(sentences) for sentences in paragraphs if sentences]


def record(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta = {}
    for line in lines:
        if line.startswith("# meta::"):
            key, _, value = line[len("# meta::") :].partition(" = ")
            meta[key] = value
    paragraphs = _paragraphs(lines)
    if paragraphs and paragraphs[0] == meta["title"]:
        paragraphs = paragraphs[1:]  # the headline is the title, not the body
    return {
        "url": meta["sourceURL"],
        "title": meta["title"],
        "published": meta["dateCreated"],
        "author": "Wikinews",
        "body": "\n\n".join(paragraphs),
        "rights": RIGHTS.format(url=meta["sourceURL"]),
    }


def main(folder: str) -> None:
    out = Path(__file__).with_name("wikinews.jsonl")
    records = [record(path) for path in sorted(Path(folder).glob("GUM_news_*.conllu"))]
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    print(f"{len(records)} articles written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
