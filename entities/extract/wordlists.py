"""Word lists for person detection: titles, organisation words, common capitalised words.

General English news vocabulary, not tied to any article. No Django imports.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
    Labour Likud Hamas Hezbollah Taliban NATO EU UN
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


@cache
def first_names() -> frozenset[str]:
    """Given names from the gender-guesser package's name list, when it is installed.

    Optional evidence only: people are still found by titles, apposition and repeated
    surnames without it.
    """
    try:
        import gender_guesser
    except ImportError:
        return frozenset()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    with path.open(encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if "+" not in name and " " not in name and name[:1].isupper():
                names.add(name)
    return frozenset(names - STOP_WORDS)
