"""The extractors' word tables, kept as data files beside this module. No Django imports.

`.txt` files hold one entry per line; `.tsv` files one row per line, cells separated by a
tab. Blank lines and lines starting with `#` are left out. Each file is read once per
process; what a table means is written at the top of its file.

Folders: `people/` (person names and titles), `places/` (the country gazetteer; its
`build_places.py` regenerates `places.tsv`), `claims/` (attribution cues and speaker
phrases), `events/` and `contradictions/`; shared text tables sit at the top.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files


@cache
def entries(name: str) -> tuple[str, ...]:
    """Entries of the `.txt` table `name` (a path below this folder), in file order."""
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """Entries of the `.txt` table `name` as a set."""
    return frozenset(entries(name))


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of the `.tsv` table `name`, in file order, cells as written (empty ones kept)."""
    with files(__package__).joinpath(name).open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(tuple(r) for r in reader if r and not r[0].startswith("#"))
