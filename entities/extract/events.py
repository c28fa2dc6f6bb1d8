"""PLOVER event category of a statement, from a lexicon of event words.

`classify_event("Israel would assist Ukraine with an early warning system")` -> "aid".
Each category has weighted word patterns (stems of verbs and nouns named in the PLOVER
and CAMEO codebooks); the category with the highest total weight wins, ties going to
the earlier match. Negated cooperative verbs ("refused to provide", "has no desire to")
count as `reject`. Returns None when no event word is present.
"""

from __future__ import annotations

import re

import regex

from .types import EVENT_TYPES

# (pattern, weight). Patterns are matched case-insensitively on word starts.
_LEXICON: dict[str, list[tuple[str, float]]] = {
    "agree": [
        (r"agree[sd]?\b|agreement|accord\b|deal\b|treaty|ceasefire|cease-fire|truce", 1.0),
        (r"sign(?:s|ed|ing)?\b|accept(?:s|ed|ing)?\b|approv\w*|endors\w*|settle\w*", 0.8),
        (r"willing to|ready to|consent\w*|reach(?:ed|es)? (?:a|an) ", 0.7),
    ],
    "consult": [
        (r"visit\w*|met\b|meet\w*|talks\b|host\w*|invit\w*|discuss\w*|consult\w*", 1.0),
        (r"negotiat\w*|mediat\w*|summit|phone (?:call|conversation)|conversation|call with", 0.9),
        (r"spoke (?:with|to)|speak (?:with|to)|telephon\w*|dialogue|envoy", 0.8),
    ],
    "support": [
        (r"support\w*|back(?:s|ed|ing)?\b|prais\w*|welcom\w*|endors\w*|commend\w*", 1.0),
        (r"on (?:\w+[’']s )?side|solidarity|sympath\w*|defend\w*|forgiv\w*|apolog\w*", 0.8),
        (r"recogni[sz]\w*|congratulat\w*|thank\w*", 0.7),
    ],
    "concede": [
        (r"conced\w*|concession|compromis\w*|eas(?:e|ed|es|ing) (?:restrictions|sanctions)", 1.0),
        (r"releas\w*|lift(?:s|ed|ing)? (?:the )?(?:ban|curfew|restrictions|siege|embargo)", 0.9),
        (
            r"return(?:s|ed)? (?:control|territory)|free(?:d|s)? (?:prisoners|hostages)|pardon\w*",
            0.9,
        ),
        (r"admit\w*|acknowledg\w*|resign\w*|step(?:s|ped)? down", 0.6),
    ],
    "cooperate": [
        (r"cooperat\w*|co-operat\w*|collaborat\w*|partnership|joint\b|coordinat\w*", 1.0),
        (r"work(?:s|ed|ing)? (?:together|with)|exchange\w* (?:intelligence|information)", 0.8),
        (r"share(?:s|d)? (?:intelligence|information)|ties\b|relations\b", 0.5),
    ],
    "aid": [
        (r"aid\b|assist\w*|humanitarian|donat\w*|loan\w*|grant\w*|relief|guarantee", 1.0),
        (r"provid\w*|suppl(?:y|ies|ied|ying)|deliver\w*|send(?:s|ing)?\b|sent\b|gave|give\w*", 0.7),
        (r"weapons|arms\b|ammunition|equipment|hospital|funds|dollars|million|billion", 0.4),
        (r"peacekeep\w*|train(?:s|ed|ing)? (?:troops|forces|soldiers)|shelter|asylum", 0.8),
        (r"help\w*|warning system|vaccin\w*|food|medic\w*", 0.5),
    ],
    "retreat": [
        (r"withdr[ae]w\w*|pull(?:s|ed|ing)? (?:out|back)|retreat\w*|evacuat\w*", 1.0),
        (r"demobili[sz]\w*|disarm\w*|decommission\w*|dismantl\w*|surrender\w*", 0.9),
        (
            r"ceas(?:e|ed|es|ing) (?:fire|fighting|hostilities)|"
            r"halt(?:s|ed)? (?:attacks|offensive)",
            0.8,
        ),
    ],
    "request": [
        (r"ask\w*|request\w*|demand\w*|call(?:s|ed|ing)? (?:for|on)|urg\w*|appeal\w*", 1.0),
        (r"seek\w*|sought|press(?:es|ed|ing)? for|push(?:es|ed|ing)? for|lobb\w*|plead\w*", 0.9),
        (r"insist\w* that|want(?:s|ed)?\b|would like|invit\w*", 0.4),
    ],
    "accuse": [
        (r"accus\w*|blam\w*|condemn\w*|criticiz\w*|criticis\w*|denounc\w*|charg\w*", 1.0),
        (
            r"alleg\w*|disapprov\w*|deplor\w*|censur\w*|rebuk\w*|castigat\w*|"
            r"attack(?:ed|s)? (?:the )?"
            r"(?:policy|decision|government|remarks)",
            0.9,
        ),
        (r"investigat\w*|probe\w*|inquir\w*|complain\w*|fault\w*", 0.6),
    ],
    "reject": [
        (
            r"reject\w*|refus\w*|rebuff\w*|den(?:y|ies|ied)|dismiss\w*|spurn\w*|turn(?:s|ed)? down",
            1.0,
        ),
        (r"veto\w*|oppos\w*|resist\w*|buck(?:s|ed)?\b|declin\w*|balk\w*|ignor\w*|no desire", 0.9),
        (r"boycott\w*|walk(?:s|ed)? out|suspend\w* talks|break(?:s)? off|broke off", 0.8),
    ],
    "threaten": [
        (r"threat\w*|warn\w*|ultimatum|vow\w* to (?:retaliat|attack|strike|punish)", 1.0),
        (r"would (?:respond|retaliate)|retaliat\w*|menac\w*|intimidat\w*", 0.8),
    ],
    "protest": [
        (r"protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es)?\b|strike\b|strikes\b", 1.0),
        (
            r"hunger strike|sit-in|boycott\w*|riot\w*|block(?:ed|s|ing)? (?:roads|streets|access)",
            0.9,
        ),
        (r"picket\w*|dissent\w*|chant\w*|throw\w* stones|stones", 0.7),
    ],
    "sanction": [
        # Withdrawing aid is a sanction, not aid: the whole phrase is one hit, so the aid
        # noun inside it is not counted for `aid` as well.
        (
            "|".join(
                rf"{verb}\w*(?: [\w-]+){{0,4}}? (?:aid|assistance|supplies|deliveries|loans?|"
                r"credits?|funding)\b"
                for verb in (
                    "halt",
                    "suspend",
                    "cut",
                    "reduc",
                    "prohibit",
                    "withheld",
                    "withhold",
                    "stop",
                    "freez",
                    "froze",
                    "end",
                    "block",
                )
            ),
            3.0,
        ),
        (r"sanction\w*|embargo\w*|expel\w*|freez\w*|froze\w*|ban(?:s|ned|ning)?\b", 1.0),
        (
            r"sever\w* (?:ties|relations)|cut\w* (?:ties|off|aid)|"
            r"recall\w* (?:its |the )?ambassador",
            1.0,
        ),
        (r"tariff\w*|boycott\w*|suspend\w*|restrict\w*|downgrad\w*|blacklist\w*", 0.8),
    ],
    "mobilize": [
        (r"mobili[sz]\w*|deploy\w*|mass(?:es|ed|ing)? (?:troops|forces)|on alert|high alert", 1.0),
        (r"reinforc\w*|build-?up|military exercises|drills?\b|troops (?:to|along|near)", 0.9),
    ],
    "coerce": [
        (r"arrest\w*|detain\w*|seiz\w*|confiscat\w*|raid\w*|deport\w*|curfew|crackdown", 1.0),
        (r"imprison\w*|jail\w*|expropriat\w*|censor\w*|martial law|torture\w*|disperse", 0.9),
        (r"forc(?:e|ed|es|ing) (?:to|out)|evict\w*|demolish\w*|impos\w*|blockade\w*", 0.7),
    ],
    "assault": [
        (r"attack\w*|bomb\w*|shell\w*|air ?strikes?|airstrike\w*|kill\w*|clash\w*|fight\w*", 1.0),
        (
            r"fir(?:e|ed|es|ing) (?:on|at|rockets|missiles|shells)|missile\w*|rocket\w*|invad\w*",
            0.9,
        ),
        (r"invasion|assassinat\w*|massacre\w*|shot\b|shoot\w*|wound\w*|occup\w*|battle\w*", 0.9),
        (r"captur\w*|ambush\w*|explos\w*|suicide|gunmen|troops|offensive|war\b", 0.6),
    ],
}


def _alternatives(pattern: str) -> list[str]:
    """Top-level alternatives of a pattern ("a|b(?:c|d)" -> ["a", "b(?:c|d)"])."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        if ch == "(" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif ch == ")" and pattern[i - 1 : i] != "\\":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out


# The lexicon's alternatives, grouped by their first letter, each entry a named group:
# the text is walked word by word and only the alternatives that can start with the
# word's first letter are tried there, which is several times faster than one big
# alternation tried at every position. A hit's category and weight are looked up by the
# group that matched.
_GROUPS: dict[str, tuple[str, float]] = {}
_BY_LETTER: dict[str, list[str]] = {}
for _cat, _pats in _LEXICON.items():
    for _i, (_p, _w) in enumerate(_pats):
        for _j, _alt in enumerate(_alternatives(_p)):
            _name = f"{_cat}_{_i}_{_j}"
            _GROUPS[_name] = (_cat, _w)
            assert _alt[:1].isalpha(), _alt  # every alternative starts with a letter
            _BY_LETTER.setdefault(_alt[0].lower(), []).append(f"(?P<{_name}>{_alt})")
_COMPILED = {
    letter: re.compile("|".join(alts), re.IGNORECASE) for letter, alts in _BY_LETTER.items()
}
_WORD_START_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]")
# Cooperative verbs under a refusal become `reject` ("refused to provide weapons").
_NEGATED_RE = regex.compile(
    r"\b(?:refus\w*|declin\w*|reject\w*|resist\w*|(?:has|have|had|is|are|was|were|do|does|did|"
    r"would|will|could)\s+(?:not|n't|no)\b|not\s+to|no desire|unwilling|avoid\w*)",
    regex.IGNORECASE,
)
assert set(_LEXICON) == set(EVENT_TYPES)


def _scan(text: str) -> tuple[dict[str, float], dict[str, int]]:
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    pos = 0
    for w in _WORD_START_RE.finditer(text):
        start = w.start()
        if start < pos:
            continue
        pattern = _COMPILED.get(w.group().lower())
        m = pattern.match(text, start) if pattern is not None else None
        if m is None:
            continue
        pos = m.end()
        cat, weight = _GROUPS[m.lastgroup]
        scores[cat] = scores.get(cat, 0.0) + weight
        first.setdefault(cat, start)
    if scores and _NEGATED_RE.search(text):
        cooperative = ("aid", "agree", "cooperate", "support", "concede", "consult", "retreat")
        moved = sum(scores.pop(c, 0.0) for c in cooperative)
        if moved:
            scores["reject"] = scores.get("reject", 0.0) + moved
    return scores, first


def classify_event(text: str) -> str | None:
    """Return the PLOVER category (lower case, one of EVENT_TYPES) the text describes,
    or None when it names no interaction. Pure function of the text; never raises."""
    if not text:
        return None
    scores, first = _scan(text)
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], -first.get(c, len(text))))
