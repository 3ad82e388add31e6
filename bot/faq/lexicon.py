"""Lay words, brand names and common misspellings mapped to the words the FAQ uses.

Each pattern is searched in the normalised (lower-case) text; on a hit the canonical words are
appended, so the original words still count and the canonical ones add recall. The same expansion
runs over the entries when the index is built, so both sides speak the same words.
"""

from __future__ import annotations

import re

# Pure synonyms are replaced (not added to) so one idea counts once: "multiple sclerosis" is "ms".
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    (r"\bmultiple sclerosis\b", "ms"),
    (r"\behlers[ -]?danlos(?: syndrome)?\b", "eds"),
)

REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in _REPLACEMENTS
)

_LAY_TERMS: tuple[tuple[str, str], ...] = (
    # body regions
    (r"\bchar(?:ley|lie|ly)[ -]?hors", "calf cramp"),
    (r"\bback of (?:the |my |your )?(?:thigh|leg|knee)s?\b", "hamstring"),
    (r"\bhamstrung\b|\bham ?string\b|\bhammy\b", "hamstring"),
    (r"\bfront of (?:the |my |your )?thighs?\b|\bquads?\b|\bquadricep", "front thigh quadriceps"),
    (r"\bcarf\b|\bcaff\b|\bcalve\b|\bcalves\b", "calf"),
    (r"\btoes?\b|\barch of (?:my |the )?foot\b|\bsole\b", "foot"),
    (r"\bjaw\b", "jaw"),
    # kinds of tightness
    (r"\bseiz(?:e|es|ed|ing) up\b|\block(?:s|ed|ing)? up\b", "spasm stiffness"),
    (r"\btight(?:ness|ens|ening)?\b|\brigid\b|\bstiff\b", "stiffness spasm"),
    (r"\bjerk(?:s|ing|y)?\b|\bkick(?:s|ing)? out\b", "spasm"),
    (r"\bknot(?:s|ted)?\b", "cramp"),
    (r"\btwitch(?:es|ing|y)?\b|\bflicker|\bfasciculation", "twitching"),
    (r"\bshak(?:e|ing|y)\b|\bbounc(?:e|ing)\b|\btapping\b", "clonus"),
    # time of day
    (
        r"\bat night\b|\bnight ?time\b|\bnite\b|\bin bed\b|\basleep\b|\bsleep(?:ing)?\b|\bwakes? me\b|\bwoke me\b"
        r"|\bnocturnal\b",
        "night",
    ),
    # people and conditions
    (r"\bpregnan|\bexpecting a baby\b|\bpreggers\b|\btrimester\b|\bbump\b", "pregnancy"),
    (r"\bh?eds\b|\bhsd\b|\bhypermob|\bdouble[ -]jointed\b|\bbendy\b|\bloose joints?\b", "hypermobility eds"),
    (r"\brls\b|\brestless leg", "restless legs"),
    (r"\bblood clot|\bclot\b|\bthrombosis\b", "dvt clot"),
    (r"\buti\b|\bwater infection\b|\burine infection\b|\bbladder infection\b|\bcystitis\b", "uti infection"),
    (r"\bpee\b|\bwee\b|\bpeeing\b", "urine"),
    (r"\bpoo\b|\bbunged up\b|\bcan'?t go\b|\bconstipat\w*", "constipation"),
    (
        r"\bathlet|\brunn(?:er|ing)\b|\bsport|\bmarathon|\bfootball|\bsoccer|\bgym\b|\btraining\b|\bworkout"
        r"|\bleague\b|\bmatch(?:es)?\b|\bgames?\b|\bcycling\b|\bswimming\b|\brace\b",
        "exercise sport",
    ),
    (r"\bold(?:er)? age\b|\belderly\b|\bgetting older\b|\bover (?:50|60|65|70)\b", "age older"),
    # medicines
    (r"\bbac?c?l[ao]f[ei]n\b|\bbaclof\w*|\bbackl?ofen\b|\blioresal\b|\blyflex\b", "baclofen"),
    (r"\btizan\w*|\bzanaflex\b", "tizanidine"),
    (r"\bgabapent\w*|\bneurontin\b|\bgaba pentin\b", "gabapentin"),
    (r"\bdantrol\w*|\bdantrium\b", "dantrolene"),
    (r"\bdiazepam\b|\bvalium\b|\bclonazepam\b|\bbenzo", "benzodiazepine"),
    (r"\bbotox\b|\bbotulinum\b", "botulinum toxin injection"),
    (r"\bsativex\b|\bnabiximol\w*|\bcannabis\b|\bweed\b|\bthc\b|\bcbd\b", "nabiximols cannabis"),
    (r"\bquinin\w*|\bqualaquin\b", "quinine"),
    (r"\bmagnes\w*|\bmag\b", "magnesium"),
    (r"\bstatin|\w+vastatin\b|\blipitor\b|\bzocor\b|\bcrestor\b|\bcholesterol (?:pill|tablet|med)", "statin"),
    (
        r"\bwater (?:pill|tablet)s?\b|\bfurosemide\b|\blasix\b|\bbendroflumethiazide\b|\bthiazide\b",
        "diuretic",
    ),
    (r"\bpump\b|\bintrathecal\b|\bitb\b", "intrathecal baclofen pump"),
    (r"\bmuscle relax\w*|\brelaxers?\b", "muscle relaxant medicine"),
    (r"\bcoffee\b|\btea\b|\bcola\b|\benergy drinks?\b|\bespresso\b", "caffeine"),
    (r"\bbooze\b|\bbeer\b|\bwine\b|\bdrinking alcohol\b", "alcohol"),
    (r"\bmeds\b|\bpills?\b|\btablets?\b|\bdrugs?\b|\bprescription\b", "medicine"),
    (r"\bwhat(?:'s|s| is| are| does)\b|\bmeaning\b|\bmean\b|\bdefin\w*|\bexplain", "definition"),
    (r"\breasons?\b|\bwhat makes\b|\bbrings? on\b|\bsets? off\b|\btriggers?\b", "cause"),
    # seriousness, help-seeking and the bot itself
    (r"\bdangerous\b|\bharmful\b|\bbad sign\b|\bsomething wrong\b|\bworr(?:y|ied|ying)\b", "serious"),
    (
        r"\burgent care\b|\bseek help\b|\bget help\b|\bget (?:it )?checked\b|\bsee (?:a|my) (?:doctor|gp)\b",
        "see doctor",
    ),
    (
        r"\bwhat can be done\b|\bbe done about\b|\bmanag(?:e|ing|ement)\b|\bcure\b|\bremed(?:y|ies)\b",
        "treatment",
    ),
    (r"\bare you\b|\bwho are you\b|\bthis bot\b|\bchat ?bot\b|\bthis app\b", "bot"),
    # care and tools
    (r"\bphysio\b|\bpt\b|\bphysical therap", "physiotherapy"),
    (r"\bgp\b|\bdoc\b|\bdr\b|\bphysician\b|\bneuro\b|\bneurologist\b|\bms nurse\b", "doctor"),
    (r"\blog\b|\blogging\b|\btrack(?:ing|er)?\b|\bjournal\b|\brecord\b|\bnotes?\b", "diary"),
    (r"\bdrank\b|\bdrunk\b", "drink"),
    (
        r"\bwhat (?:do|can|should) (?:you|i|we) do\b|\bwhat to do\b|\bget rid of\b|\brelieve\b|\bmake it stop\b",
        "stop ease",
    ),
    (r"\bdrink(?:ing)? (?:water|fluids?)\b|\bthirst|\bdehydrat|\bwater\b|\bfluids?\b", "hydration"),
    (r"\belectrolyte|\bsalts?\b|\bminerals?\b|\bpotassium\b|\bsodium\b|\bcalcium\b", "electrolyte"),
    (r"\bvitamins?\b|\bdeficien|\blacking\b", "vitamin electrolyte"),
    (r"\bheat(?:ing)? pad\b|\bhot (?:water )?bottle\b|\bwarm bath\b|\bhot shower\b", "heat"),
    (r"\bice\b|\bcold pack\b", "ice cold"),
    (r"\bwarm(?:ing)? ?up\b", "warm-up"),
)

LAY_TERMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), canonical) for pattern, canonical in _LAY_TERMS
)


# Words that show a question is about this library's subject. A match is only "confident" when the
# question (or the canonical words its lay terms map to) contains one: "banana phone" shares a word
# with the potassium entry but is not a question about cramps.
DOMAIN_WORDS = frozenset(
    """
    cramp cramps cramping spasm spasms spasticity spastic stiff stiffness tight tightness tense tension tone
    muscle muscles twitch twitching fasciculation clonus charley hug seize seizing ache aching sore soreness
    pain painful contracture joint joints
    leg legs calf thigh hamstring quadriceps foot feet toe toes jaw lockjaw neck trunk
    ms sclerosis myelin relapse eds hypermobility hypermobile hsd restless claudication neuropathy
    baclofen tizanidine gabapentin dantrolene benzodiazepine diazepam clonazepam botulinum botox nabiximols
    sativex cannabis quinine tonic magnesium potassium calcium electrolyte vitamin statin diuretic medicine
    relaxant pump intrathecal
    dvt clot thrombosis tetanus rhabdomyolysis urine uti infection fever swallow swallowing breathing chest
    pregnancy pregnant nocturnal hydration dehydration pickle soap stretch stretching stretches warm-up
    heat ice physiotherapy physio diary trigger triggers clinician doctor nurse appointment neurologist neurology
    bot
    """.split()  # noqa: SIM905 - a word block is easier to review than a quoted list
)


def expand(text: str) -> str:
    """Append canonical words for every lay term found in already-normalised text.

    Only words not already present are added, so a question that already says "multiple
    sclerosis" is not weighted three times towards MS entries.
    """
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    present = set(text.split())
    extra: list[str] = []
    for pattern, canonical in LAY_TERMS:
        if pattern.search(text):
            for word in canonical.split():
                if word not in present:
                    present.add(word)
                    extra.append(word)
    return f"{text} {' '.join(extra)}" if extra else text
