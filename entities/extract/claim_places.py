"""Country lookup for speaker phrases: "Israeli" -> IL, "Kyiv" -> UA, "Ukraine" -> UA.

Kept apart so a fuller gazetteer can replace it: `country_of_word` is the only entry
point the claim extractor uses. Built on pycountry names plus small tables of demonyms
and capitals that pycountry lacks. Works offline.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Demonyms and capitals for countries that appear in diplomatic news; pycountry has
# neither. Extend freely: the extractor uses no other source.
_DEMONYMS = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "american": "US", "argentine": "AR",
    "armenian": "AM", "australian": "AU", "austrian": "AT", "azerbaijani": "AZ",
    "bahraini": "BH", "bangladeshi": "BD", "belarusian": "BY", "belgian": "BE",
    "bolivian": "BO", "bosnian": "BA", "brazilian": "BR", "british": "GB", "bulgarian": "BG",
    "cambodian": "KH", "canadian": "CA", "chilean": "CL", "chinese": "CN",
    "colombian": "CO", "croatian": "HR", "cuban": "CU", "cypriot": "CY", "czech": "CZ",
    "danish": "DK", "dutch": "NL", "egyptian": "EG", "emirati": "AE", "eritrean": "ER",
    "estonian": "EE", "ethiopian": "ET", "finnish": "FI", "french": "FR", "georgian": "GE",
    "german": "DE", "ghanaian": "GH", "greek": "GR", "hungarian": "HU", "icelandic": "IS",
    "indian": "IN", "indonesian": "ID", "iranian": "IR", "iraqi": "IQ", "irish": "IE",
    "israeli": "IL", "italian": "IT", "japanese": "JP", "jordanian": "JO",
    "kazakh": "KZ", "kenyan": "KE", "korean": "KR", "kosovar": "XK", "kuwaiti": "KW",
    "latvian": "LV", "lebanese": "LB", "libyan": "LY", "lithuanian": "LT",
    "malaysian": "MY", "mexican": "MX", "moldovan": "MD", "moroccan": "MA",
    "nigerian": "NG", "norwegian": "NO", "omani": "OM", "pakistani": "PK",
    "palestinian": "PS", "peruvian": "PE", "philippine": "PH", "filipino": "PH",
    "polish": "PL", "portuguese": "PT", "qatari": "QA", "romanian": "RO", "russian": "RU",
    "saudi": "SA", "serbian": "RS", "singaporean": "SG", "slovak": "SK",
    "slovenian": "SI", "somali": "SO", "spanish": "ES", "sudanese": "SD", "swedish": "SE",
    "swiss": "CH", "syrian": "SY", "taiwanese": "TW", "thai": "TH", "tunisian": "TN",
    "turkish": "TR", "ukrainian": "UA", "venezuelan": "VE", "vietnamese": "VN",
    "yemeni": "YE", "zimbabwean": "ZW", "u.s.": "US", "us": "US", "uk": "GB",
}  # fmt: skip
_CAPITALS = {
    "kyiv": "UA", "kiev": "UA", "jerusalem": "IL", "moscow": "RU", "washington": "US",
    "london": "GB", "paris": "FR", "berlin": "DE", "beijing": "CN", "tehran": "IR",
    "ankara": "TR", "cairo": "EG", "damascus": "SY", "beirut": "LB", "amman": "JO",
    "riyadh": "SA", "doha": "QA", "abu dhabi": "AE", "baghdad": "IQ", "kabul": "AF",
    "islamabad": "PK", "new delhi": "IN", "tokyo": "JP", "seoul": "KR", "pyongyang": "KP",
    "warsaw": "PL", "rome": "IT", "madrid": "ES", "brussels": "BE", "minsk": "BY",
    "tbilisi": "GE", "baku": "AZ", "yerevan": "AM", "ottawa": "CA", "canberra": "AU",
    "budapest": "HU", "bucharest": "RO", "vienna": "AT", "athens": "GR", "tripoli": "LY",
    "khartoum": "SD", "caracas": "VE", "havana": "CU", "taipei": "TW", "ramallah": "PS",
}  # fmt: skip
_NAMES = {
    "america": "US", "united states": "US", "britain": "GB", "great britain": "GB",
    "russia": "RU", "iran": "IR", "syria": "SY", "south korea": "KR", "north korea": "KP",
    "korea": "KR", "taiwan": "TW", "vietnam": "VN", "palestine": "PS", "turkey": "TR",
    "czech republic": "CZ", "moldova": "MD", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "laos": "LA", "the netherlands": "NL", "holland": "NL",
}  # fmt: skip


@lru_cache(maxsize=4096)
def country_of_word(word: str) -> str | None:
    """Return the ISO2 code a country name, capital or demonym denotes, else None.

    Case-insensitive; accepts plurals of demonyms ("Ukrainians") and possessives
    ("Israel's"). Never guesses from partial words.
    """
    key = word.strip().lower().removesuffix("'s").removesuffix("’s").strip()
    if not key:
        return None
    for table in (_DEMONYMS, _CAPITALS, _NAMES):
        if key in table:
            return table[key]
    if key.endswith("s") and key[:-1] in _DEMONYMS:
        return _DEMONYMS[key[:-1]]
    if len(key) < 4:
        return None
    return _pycountry_names().get(key)


@lru_cache(maxsize=1)
def _pycountry_names() -> dict[str, str]:
    # The same exact, case-insensitive match as pycountry's `lookup` on names, but one
    # dict read instead of a scan of every country per word.
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.setdefault(value.lower(), c.alpha_2)
    return names


def countries_in_phrase(phrase: str) -> list[str]:
    """ISO2 codes of every country word in a short phrase, in order, without repeats.

    Tries two-word sequences first so "South Korea" is not read as "Korea".
    """
    words = [w.strip(",.;:()“”\"'") for w in phrase.split()]
    found: list[str] = []
    i = 0
    while i < len(words):
        code = None
        if i + 1 < len(words) and words[i][:1].isupper() and words[i + 1][:1].isupper():
            code = country_of_word(f"{words[i]} {words[i + 1]}")
            if code:
                i += 1
        if code is None and words[i][:1].isupper():
            code = country_of_word(words[i])
        if code and code not in found:
            found.append(code)
        i += 1
    return found
