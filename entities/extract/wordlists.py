"""Word lists for person detection: titles, organisation words, common capitalised words.

General English news vocabulary, not tied to any article. No Django imports.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex

from entities.extract.tokens import word_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Political and public titles as written before a name or as a role reference.
# Multi-word titles are matched longest first.
TITLES = (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Premier",
    "Foreign Minister", "Defense Minister", "Defence Minister", "Finance Minister",
    "Interior Minister", "Justice Minister", "Health Minister", "Economy Minister",
    "Energy Minister", "Education Minister", "Trade Minister", "Agriculture Minister",
    "Transport Minister", "Culture Minister", "Environment Minister", "Intelligence Minister",
    "Diaspora Minister", "Strategic Affairs Minister", "National Security Minister",
    "Communications Minister", "Tourism Minister", "Labor Minister", "Labour Minister",
    "Minister", "Deputy Minister", "Deputy Foreign Minister", "Deputy Defense Minister",
    "Foreign Secretary", "Home Secretary", "Defence Secretary", "Defense Secretary",
    "Secretary of State", "Secretary-General", "Secretary General", "Secretary",
    "Chancellor", "King", "Queen", "Crown Prince", "Prince", "Emir", "Sultan", "Pope",
    "Ambassador", "Envoy", "Special Envoy", "Senator", "Sen", "Rep", "Representative",
    "Congressman", "Congresswoman", "Governor", "Gov", "Mayor", "General", "Gen", "Lt",
    "Colonel", "Col", "Admiral", "Adm", "Commander", "Chief of Staff", "Spokesman",
    "Spokeswoman", "Spokesperson", "MK", "MP", "MEP", "Knesset member", "Speaker",
    "Opposition Leader", "Opposition leader", "Chairman", "Chairwoman", "Chief Justice",
    "Attorney General", "Attorney-General", "Justice", "Judge", "Director", "Chief",
    "Lawmaker", "Legislator", "Deputy", "Officer", "Sheikh", "Ayatollah", "Supreme Leader",
    "Leader", "Counterpart", "counterpart",
)  # fmt: skip

# Honorifics introduce a person but are not a role.
HONORIFICS = _words(
    """
    Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Rabbi Rev
    """
)

# Titles that say which country the holder serves.
TITLE_COUNTRY = {"MK": "IL", "Knesset member": "IL"}

# Titles too vague to resolve a bare reference ("the minister", "the leader") to one person.
VAGUE_TITLES = _words(
    """
    Minister Secretary Chief Director Officer Leader Deputy Justice Judge Speaker
    General Commander Counterpart Lawmaker Legislator Representative Envoy Ambassador
    Spokesman Spokeswoman Spokesperson Chairman Chairwoman Gen Lt Col Adm Sen Rep Gov
    """
)

# A capitalised word that makes a phrase an organisation, a place or an event, not a person.
ORG_WORDS = _words(
    """
    Ministry Party Agency News Times Post Press Photo Photos University College School
    Council Forces Force Army Navy Unity Assembly Association Institute Committee
    Commission Court Parliament Bank Company Corporation Corp Inc Ltd Group Union League
    Movement Front Organization Organisation Foundation Fund Center Centre Office
    Department Service Services Authority Administration Embassy Consulate Palace
    Hospital Airport Street Square Avenue Road Bridge Station Church Mosque Synagogue
    Temple Hall House Tower Museum Gallery Times Herald Journal Tribune Telegraph
    Guardian Gazette Daily Weekly Review Radio Television TV Channel Network Airlines
    Airways Media Hayom Independent Today Summit Conference Games Cup Olympics Festival
    Award Prize Treaty Agreement Accord Act Law Bill Plan Program Programme Project
    Initiative Operation War Revolution Crisis Statement Declaration Resolution
    Convention Charter Alliance Coalition Bloc Federation Republic Kingdom Empire State
    States Province County District Region City Island Islands Sea Ocean River Lake
    Mountain Mountains Valley Desert Gulf Bay Strait Peninsula Coast Square Airport Base
    Mission Security Intelligence Police Guard Guards Brigade Battalion Division Corps
    Command Systems System Technologies Technology Group Holdings Partners Capital
    Markets Exchange Index Stock Reserve Monetary Economic Forum Club Team FC Twitter
    Facebook Telegram Instagram YouTube Google Apple Microsoft Amazon GPO AFP AP Reuters
    Getty POOL Pool Wikinews Wikipedia Associated Defense Defence Foreign Affairs Health
    Finance Interior Justice Education Energy Trade Economy Agriculture Transport
    Environment Communications Tourism Labor Labour National International Global World
    Federal Central Democratic Republican Liberal Conservative Socialist Communist Green
    Labour Likud Hamas Hezbollah Taliban NATO EU UN Democrats Republicans Conservatives
    Liberals Socialists Greens Democrat Republican GOP Library Libraries Collection
    Collections Arts
    """
)

# Capitalised words that start sentences or headlines and are never part of a name.
STOP_WORDS = _words(
    """
    A An The This That These Those There Their They Them Then Than Thus Though Through
    He She It We You I His Her Its Our Your My Me Us Him Who Whom Whose What When Where
    Why How Which While Whether If Unless Until Since Because As At By For From In Into
    Of On Onto Over Under Upon With Without Within After Before During Between Among
    Against About Above Across Along Around Behind Below Beside Beyond Despite Except
    Inside Near Off Outside Past Toward Towards And But Or Nor So Yet Also Still Even
    Just Only Both Either Neither Each Every All Any Some Many Much More Most Few
    Several Such No Not Another Other Others One Two Three Four Five Six Seven Eight
    Nine Ten First Second Third Last Next New Old Former Late Early Recent Current
    Acting Interim Deputy Senior Top Chief Head Lead Official Officials Source Sources
    Spokesman According Meanwhile However Moreover Furthermore Although Already Earlier
    Later Now Today Yesterday Tomorrow Tonight Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October
    November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec File Read Sign
    Register Log Please Get Never Check Already Enter Or Continue Image Photo Video
    Watch Listen Share Updated Published Breaking Exclusive Analysis Opinion Editorial
    Live Update Report Reports Reporting Says Said Say Told Asked Added Noted Warned
    Claims Claimed Sees Seeking Seeks Wants Calls Urges Vows Plans Jewish Christian
    Muslim Arab Arabs Hebrew English Western Eastern Northern Southern West East North
    South European Europe Asian Asia African Africa Middle Latin God Allah Jesus Mr Mrs
    Ms Dr Sir Lord Lady Rabbi Rev Prof Miss Dame
    """
)

SPEECH_VERBS = _words(
    """
    said says told tells added asked stated announced declared insisted argued warned
    wrote tweeted posted noted explained claimed denied confirmed stressed urged called
    replied responded acknowledged admitted suggested estimated believes believed thinks
    has had have is was will would could can did does met meets visited visits
    """
)

# Lower-case nouns for people that introduce a name written right after them ("defender
# Kyle Walker", "activist Cyd Ho") or in an apposition (", a spokesman for ...").
PERSON_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson official officials diplomat lawyer attorney analyst
    professor researcher scientist expert author writer novelist poet journalist reporter
    correspondent editor columnist photographer activist campaigner member leader
    candidate politician lawmaker legislator senator councillor councilor player coach
    captain striker defender midfielder goalkeeper manager director executive founder
    chairman chairwoman chief head president minister secretary ambassador envoy
    negotiator adviser advisor aide commander general officer soldier veteran resident
    student teacher doctor nurse priest imam rabbi pastor bishop singer actor actress
    artist musician filmmaker director producer businessman businesswoman entrepreneur
    billionaire tycoon economist historian blogger dissident opponent critic rival
    challenger incumbent mayor governor judge prosecutor investigator detective survivor
    witness victim mother father son daughter wife husband brother sister widow
    colleague friend premier chancellor counterpart ceo CEO deputy
    """
)

# Lowercase particles inside names ("Ursula von der Leyen", "Bashar al-Assad").
PARTICLES = _words(
    """
    de del della der di da dos du van von bin ibn al el la le ben
    """
)


@cache
def title_keys() -> dict[tuple[str, ...], str]:
    """Token tuple of a title -> the title as canonically written."""
    out: dict[tuple[str, ...], str] = {}
    for title in TITLES:
        out[word_key(title)] = title
        out[word_key(title.lower())] = title
    return out


# Faker locales whose name lists are written in Latin script. Their union covers the
# given names of Europe, the Americas, Turkey, Central Asia, South Asia (romanised),
# Indonesia, East and West Africa; Japanese and Chinese come romanised. Scripts Faker only
# has in their own alphabet (Arabic, Hebrew, Cyrillic, Persian...) are covered by the
# curated `data/given_names.txt`.
_NAME_LOCALES = (
    "az_AZ", "cs_CZ", "da_DK", "de_AT", "de_CH", "de_DE", "en", "en_GB", "en_IE", "en_IN",
    "en_KE", "en_NG", "en_NZ", "en_PK", "en_US", "es_AR", "es_CL", "es_CO", "es_ES", "es_MX",
    "et_EE", "fi_FI", "fr_BE", "fr_CA", "fr_DZ", "fr_FR", "ga_IE", "ha_NG", "hr_HR", "hu_HU",
    "id_ID", "ig_NG", "it_IT", "ja_JP", "lt_LT", "lv_LV", "nl_BE", "nl_NL", "no_NO", "pl_PL",
    "pt_BR", "pt_PT", "ro_RO", "sk_SK", "sl_SI", "sv_SE", "sw", "tr_TR", "tw_GH", "uz_UZ",
    "yo_NG", "zh_CN", "zh_TW", "zu_ZA",
)  # fmt: skip

# Names in those lists that are also everyday English words: as the first word of a
# capitalised run they far more often start a sentence or a phrase ("Will", "Justice
# Department", "Summer Olympics") than a person's name.
NOT_GIVEN = _words(
    """
    Said Will An Can Made Among My Long Media Us Lot Case General Less Early Man Job Major
    Little Governor Gun Ever Victory Young Line Press Judge Server Son Chance Reason Else
    Author Love True Wage Per Justice Star Friend Beat Price Floor Tone Worth Lawyer Wing
    Era Haven Ties Peace Mate Roll Cash Lady Carry Add Red Male Spring Forum Math Link
    Council Unique Charity Doctor North South East West Loan Lies Harsh Jail Baby Boss
    Green Constant Fate Sister Jet Mile Harm Unknown Cap Loyal Rock Stone Urban Sad
    Journey Comfort Innocent Liberty Brain Minor Joke King Tiny Gang Tea Owe Winter
    Pastor Lone Silver Valid Kick Lean Bent Admiral Mad Sincere Gala Lucky Lane Sky Rush
    Marine Skip Sole Prince Rein Pink Storm Fed Con Echo River Blessing Elder Royal
    Essence Odd Peer Captain Orange Fleet Fares Heaven Chip Metro Miracle Marry Grit
    Junior Golden Unnamed Wolf Raid Pleasant Till Roar Branch Sing Marshal Treasure
    Mentor Cliff China Wash Toy Mat Emit Oral Shade Canal Precious Forest Pleas Infant
    Destiny Diamond Darling Lemon Summer Union Unity Bay Field Land Street Market Trade Art
    Service Ocean Sea Bank Court Church Temple Mission Holiday Christmas Easter Sunday
    Monday Tuesday Wednesday Thursday Friday Saturday Noble Pilot Major Cardinal Bishop
    """
)

_LATIN_NAME = regex.compile(r"\p{Lu}[\p{Latin}'’\-]*")


@cache
def first_names() -> frozenset[str]:
    """Given names: Faker's first-name lists (MIT) for `_NAME_LOCALES` plus the curated list.

    Evidence only, loaded on first use (about 0.3 s, a few MB, once per process): people
    are still found by titles, honorifics, speech verbs and repeated surnames without it.
    """
    import importlib

    names: set[str] = set()
    for locale in _NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:  # a locale dropped by a later Faker release: use the others
            continue
        for attr, value in vars(provider).items():
            if attr.startswith("first_") and isinstance(value, (list, tuple, dict)):
                names.update(_title(n) for n in value if isinstance(n, str))
    text = (Path(__file__).resolve().parent.parent / "data" / "given_names.txt").read_text(
        encoding="utf-8"
    )
    for line in text.splitlines():
        if not line.startswith("#"):
            names.update(line.split())
    names = {n for n in names if _LATIN_NAME.fullmatch(n)}
    # "Bill" names a person more often than a draft law when it starts a name.
    return frozenset(names - STOP_WORDS - NOT_GIVEN - (ORG_WORDS - {"Bill"}))


def _title(name: str) -> str:
    # zh_TW romanisations are upper case ("CHIA-HAO"); prose writes "Chia-hao".
    return name.capitalize() if name.isupper() and len(name) > 1 else name
