"""Extraction of people, countries and attributed claims from an article's text.

Plain Python, no Django and no database. Entry points: `analysis.analyse` runs every
extractor of `analysis.EXTRACTORS` in order on an `types.ArticleText`; the extractors
themselves are `people.extract_people`, `countries.extract_countries`,
`claims.extract_claims` (and `extract_claim_details`) and
`contradictions.find_contradictions`; `events.classify_event` types a statement;
`names` matches person names across articles; `gazetteer.country_records` lists the
countries; `officeholders` is the table of office terms (Wikidata, as plain data loaded
once per process) and `offices` resolves names and titles against it on the article's
date.

Dependencies point one way: `analysis` -> the extractors (`people`, `countries`,
`claims`, `contradictions`) -> their helpers (`offices`, `officeholders`, `outlets`,
`name_words`, `names`, `gazetteer`, `events`, `tokens`) -> `lexicon` (the word tables,
kept as data) and `types`.
"""

EXTRACTOR_VERSION = "2026.11"  # stored on each claim, mention and person; bump when rules change
