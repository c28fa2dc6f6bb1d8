"""Attributed claims: who said what, about whom, asserted or denied.

`extract_claims` reads the headline, standfirst and body of an article, sentence by
sentence, and recognises the attribution forms of news prose:

- trailing attribution: "C, an Israeli official told X on Wednesday." / "“Q,” he said."
- inverted trailing attribution: "C, said the official."
- forward attribution: "X said (that) C", "X told Y (on Monday) that C",
  "X denied that C", "X confirmed a report that C", "X announced new measures ..."
- "according to": "According to X, C" and "C, according to X"
- participle: "X pushed for ..., saying C" (the speaker is the clause's subject)

- split and continued quotations, one claim whose text joins the parts: "“X,” he said,
  “Y.”", "“X,” he said. “Y.”", "“X?” she asked. “Y.”", a quoted paragraph left open
  and continued by the next one that opens with a quote mark, and "X said:" followed by
  the quotation in the next sentence or paragraph
- a quotation first, then its speaker and cue, whatever clause follows: "“C,” she said,
  and the crowd ..."
- "with" and a participle: "..., with spokesman X saying C" (the speaker is X)
- relative clauses: "X, who said C, voted ..." (the content ends before the main
  clause's verb), "economists who argue that C", and after an inverted attribution
  "“C,” said X, who added that D" (a second claim of X)
- belief, intent and particle cues: "X wants to ...", "X called for ...", "X accused Y of",
  "X thinks she has ..." (a belief verb before a clause without "that")
- a headline's "Name: statement"; reportative passives: "it was reported that C" (speaker
  kind `media`), "it is said/claimed that C" (`anonymous`), "X was quoted as saying C"
- ", adding that D" after an attribution: a second claim of the same speaker
- quotations typed with straight quotes or two apostrophes (''Q,'' he said) read like
  curly ones

Nested attributions keep the outermost one, so "A told B that C, a source said" is the
source's claim whose content is "A told B that C"; coordinated ones ("A said X, while B
said Y") give one claim each.

Stance: `deny` when the cue is a denial verb (denied, rejected, dismissed, refuted,
disputed). A speaker asserting a negative ("the ministry says no request was made") is
`assert` with negative content; `entities.extract.contradictions` reads negation in the
content.

Never touches the database; works on strings and the people/countries found by the
other extractors.

Modules, in the order they depend on each other: `spans` (sentences, content spans),
`places` (country words), `speakers` (speaker phrases: recognise, classify, resolve),
`cues` (reporting verbs), `subjects` (where a cue's speaker phrase is), `finders` (the
attribution constructions), `assembly` (claims of an article).
"""

from entities.extract.claims.assembly import ClaimDetail, extract_claim_details, extract_claims

__all__ = ("ClaimDetail", "extract_claim_details", "extract_claims")
