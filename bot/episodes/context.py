"""What set it off, what came with it, what was tried: triggers, symptoms, relief, "it helped".

Some words are both a trigger and a relief ("stretching", "walk", "hot bath", "cold"). They are
decided per clause: a relief word in the clause ("helped", "tried", "used") makes them relief; a
trigger cue before them ("after", "during", "while") makes them a trigger; otherwise each has a
default (stretching and ice are relief, a hot bath stays undecided).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from bot.episodes.lexicon import word_set
from bot.episodes.model import TRIGGER_TEXT_MAX_CHARS
from bot.episodes.textscan import Scan
from bot.episodes.vocabulary import Helped, Relief, Symptom, Trigger

TRIGGER_OWNER = "trigger"
RELIEF_OWNER = "relief"
HELPED_OWNER = "helped"


def _rx(alternatives: str) -> re.Pattern[str]:
    """Whole-word regex from " | "-separated alternatives; a space inside one matches any whitespace."""
    parts = [alt.strip().replace(" ?", r"\s*").replace(" ", r"\s+") for alt in alternatives.split(" | ")]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


# Always a trigger, wherever they stand. Tried in this order (dehydration before "drinking").
_TRIGGERS: tuple[tuple[re.Pattern[str], Trigger], ...] = (
    (
        _rx(
            "no (?:idea|clue)(?: why)? | (?:don'?t|do not|dunno) know why | dunno why"
            " | (?:for )?no (?:obvious |particular |apparent |real )?reason | out of (?:nowhere|the blue)"
            " | randomly | no trigger | unknown (?:cause|trigger)"
        ),
        Trigger.UNKNOWN,
    ),
    (
        _rx(
            "a cold(?! ?(?:shower|bath|water|night|room|floor|day|wind|drink|compress|pack|towel|spell))"
            " | (?:bladder |chest |urinary |kidney |ear )?infection | utis? | flu | fever | covid | virus"
            " | viral | (?:a|stomach|tummy) bug | (?:been|being|was|am|feeling|felt) (?:ill|sick|poorly|unwell)"
        ),
        Trigger.INFECTION,
    ),
    (
        _rx(
            "dehydrat\\w* | thirsty | not (?:drinking|drunk|drank) enough(?: water)?"
            " | didn'?t drink (?:enough|much)(?: water)? | not enough (?:water|fluids?)"
        ),
        Trigger.DEHYDRATION,
    ),
    (
        _rx(
            "tight (?:clothes|clothing|jeans|trousers|pants|socks|shoes|boots|waistband|belt|leggings|bra|sheets)"
            " | tights | skinny jeans"
        ),
        Trigger.TIGHT_CLOTHING,
    ),
    (
        _rx(
            "constipat\\w* | full bladder | bladder (?:was )?full | need(?:ed)? (?:to )?(?:pee|wee|the (?:toilet|loo"
            "|bathroom)) | bowels?"
        ),
        Trigger.CONSTIPATION_BLADDER,
    ),
    (
        _rx(
            "new (?:meds?|medicines?|medications?|pills?|tablets?|drugs?|doses?|prescription)"
            " | (?:started|starting|changed|changing|increased|upped|raised|lowered|reduced|switched) (?:my )?"
            "(?:meds?|medicines?|medication|doses?|dosage|pills?|tablets?) | dose (?:change|increase|reduction)"
        ),
        Trigger.NEW_MEDICATION,
    ),
    (
        _rx(
            "coffees? | caffeine | espresso | energy drinks? | cola | coke | red ?bull | alcohol | wine | beers?"
            " | booze | gin | vodka | whiske?y | rum | cocktails? | pints? | prosecco | champagne | hangover"
            " | hung ?over | drinks | drinking"
        ),
        Trigger.CAFFEINE_ALCOHOL,
    ),
    (
        _rx("stress\\w* | anxious | anxiety | worried | worrying | argument | panic\\w* | nervous"),
        Trigger.STRESS,
    ),
    (
        _rx("long day | no sleep | lack of sleep | bad night | poor sleep | overtired | worn out"),
        Trigger.FATIGUE,
    ),
    (
        _rx(
            "sleeping position | slept (?:funny|wrong|awkward(?:ly)?|on it) | awkward position"
            " | sitting(?: (?:too )?long)? | sat(?! up)(?: (?:too )?long)? | long (?:drive|flight|car ride|journey)"
            " | driving | drove | desk | computer | posture | crossed legs | cross[ -]legged | kneeling | knelt"
            " | stood all day | standing (?:all day|too long|for (?:ages|hours))"
        ),
        Trigger.POSTURE,
    ),
    (
        _rx(
            "pointed (?:my )?toes | pointing (?:my )?toes | (?:turned|turning|rolled|rolling) over | yawn\\w*"
        ),
        Trigger.STRETCHING_MOVING,
    ),
    (
        _rx(
            "garden\\w* | weeding | digging | running | (?:a|my|the|long|short) run | jog\\w* | gym"
            " | work(?:ing|ed)? ?out | workouts? | exercis\\w* | training | trained | cycling | cycled | bike ride"
            " | biking | swim\\w* | swam | hik\\w* | football | soccer | tennis | golf | danc\\w* | sports?"
            " | lifting | weights | squats | housework | hoover\\w* | vacuum\\w* | (?:climbing )?stairs"
            " | over ?did it | overexert\\w* | long walk | hockey | yoga | pilates"
        ),
        Trigger.EXERCISE,
    ),
    (
        _rx(
            "hot (?:weather|day|days|room) | heat ?wave | the heat | too hot | overheat\\w* | sauna | hot tub"
        ),
        Trigger.HEAT,
    ),
    (
        _rx(
            "cold (?:weather|water|room|night|air|wind|house) | got cold | freezing | chilly | the cold | winter"
        ),
        Trigger.COLD,
    ),
)


@dataclass(frozen=True, slots=True)
class _Either:
    """A word that is a trigger or a relief depending on its clause."""

    pattern: re.Pattern[str]
    trigger: Trigger | None
    relief: Relief | None
    default: str  # "trigger", "relief" or "none"


_EITHER: tuple[_Either, ...] = (
    _Either(_rx("stretch\\w*"), Trigger.STRETCHING_MOVING, Relief.STRETCHING, "relief"),
    _Either(_rx("walk(?:ing|ed|s)? | paced | pacing"), Trigger.EXERCISE, Relief.WALKING, "none"),
    _Either(
        _rx("(?:heat|hot|heating|warm) (?:pack|pad|water bottle|compress|towel) | heating pad"),
        None,
        Relief.HEAT,
        "relief",
    ),
    _Either(_rx("(?:hot|warm) (?:bath|shower) | heat"), Trigger.HEAT, Relief.HEAT, "none"),
    _Either(
        _rx("ice(?: pack)? | iced | (?:cold|cool) (?:pack|compress|towel|floor) | cooling"),
        Trigger.COLD,
        Relief.COLD,
        "relief",
    ),
    _Either(_rx("cold"), Trigger.COLD, Relief.COLD, "none"),
    _Either(_rx("tired(?:ness)? | fatigue\\w* | exhaust\\w*"), Trigger.FATIGUE, None, "none"),
)

_RELIEFS: tuple[tuple[re.Pattern[str], Relief], ...] = (
    (_rx("massag\\w* | rubb(?:ed|ing) | rubs? | kneaded | foam roll\\w* | rolled it"), Relief.MASSAGE),
    (
        _rx(
            "(?:took|taken|take|had|popped|used) (?:my |a |an |some |extra |the )?(?:prn |rescue )?"
            "(?:meds?|medication|medicines?|pills?|tablets?|painkillers?|baclofen|tizanidine|diazepam|valium|quinine"
            "|magnesium|ibuprofen|paracetamol|tylenol|advil|gabapentin|pregabalin|sativex|cbd|dose)"
            " | extra (?:dose|baclofen|tizanidine)"
        ),
        Relief.AS_NEEDED_MEDICATION,
    ),
    (
        _rx("walk(?:ing|ed)? (?:it )?off | walk(?:ing|ed)? around | (?:got|stood) up and walked"),
        Relief.WALKING,
    ),
    (
        _rx("did nothing | didn'?t do anything | just waited | waited (?:it out|for it) | rode it out"),
        Relief.NOTHING,
    ),
    (
        _rx("flexed (?:my )?(?:foot|toes|ankle) | pulled (?:my )?toes(?: (?:up|back|towards me))?"),
        Relief.STRETCHING,
    ),
)

_HELPED: tuple[tuple[re.Pattern[str], Helped], ...] = (
    (
        _rx(
            "(?:didn'?t|did not|doesn'?t|does not|not|never|wasn'?t|won'?t|hasn'?t|isn'?t)"
            " (?:really |much |seem to |even )?(?:help\\w*|work\\w*|do anything|make a difference)"
            " | nothing (?:helped|helps|worked|works) | no (?:help|relief|difference|luck) | useless"
            " | made it worse | got worse"
        ),
        Helped.NO,
    ),
    (
        _rx(
            "(?:help\\w*|eased|relieved|worked|better) (?:a (?:little|bit|tad)(?: bit)?|slightly|somewhat|partly"
            "|partially|kinda|kind of|sort of|some)"
            " | (?:a (?:little|bit)|slightly|somewhat|partly|partially|kinda|kind of|sort of)"
            " (?:help\\w*|eased|better|worked|relieved) | bit better"
        ),
        Helped.PARTLY,
    ),
    (
        _rx(
            "helped | helps | worked | eased(?: it)? | relieved(?: it)? | fixed it | sorted it | stopped it"
            " | went away | got better | that did it | stopped (?:after|when|with|once)"
        ),
        Helped.YES,
    ),
)

_SYMPTOMS: tuple[tuple[re.Pattern[str], Symptom], ...] = (
    (
        _rx(
            "pain(?:s|ful|fully)? | hurt(?:s|ing)? | sore(?:ness)? | agon(?:y|ising|izing) | aches? | aching"
            " | achy | excruciating | killing me | ouch+ | ow+"
        ),
        Symptom.PAIN,
    ),
    (_rx("numb(?:ness)? | dead (?:leg|feeling) | no feeling"), Symptom.NUMBNESS),
    (
        _rx("tingl\\w* | pins (?:and|&|n) needles | prickl\\w* | buzzing | fizzy | electric\\w*"),
        Symptom.TINGLING,
    ),
    (_rx("weak(?:ness)? | gave way | giving way | buckled"), Symptom.WEAKNESS),
    (_rx("tired(?:ness)? | fatigue\\w* | exhaust\\w* | knackered | drained | wiped out"), Symptom.FATIGUE),
)
_CLAUSE_BREAK = re.compile(r"[,.;!?()]|\b(?:but|then|and\s+then|which|until|till)\b")
_TRIGGER_CUE = re.compile(
    r"\b(?:after|during|while|whilst|from|because(?:\s+of)?|cos|cuz|due\s+to|caused\s+by|triggered\s+by"
    r"|brought\s+on\s+by|following|when|since|too\s+much|too\s+many|too\s+long)\b"
)
# "stopped after stretching": a word of success in the clause outweighs the trigger cue "after".
_SUCCESS = re.compile(
    r"\b(?:help\w*|eased|relieved|worked|better|fixed|sorted|stopped|went\s+away|gone|settled|released)\b"
)
_RELIEF_CUE = re.compile(r"\b(?:tried|try(?:ing)?|used|using|applied|put|took|did|until\s+i|till\s+i)\b")
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|without|never|zero|\w+n't|dont|didnt|doesnt|wasnt|isnt|cant|wont|havent|hasnt)\s+(?:\w+\s+)?$"
)
# Free-text capture after a cue ("after gardening" -> "gardening") stops at these words.
_CAPTURE_CUE = re.compile(
    r"\b(?:after|during|while|whilst|because\s+of|due\s+to|caused\s+by|triggered\s+by|brought\s+on\s+by)\s+"
)
_CAPTURE_WORD = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")
_CAPTURE_STOP = word_set(
    "and but then so which that it now still lasted i im i'm was is until till when woke waking wake "
    "sleep sleeping asleep slept helped"
)
_CAPTURE_SKIP_ONLY = word_set("that it this i a an the some my")
_CAPTURE_TRAILING = word_set("for of with in on at to a an the my")
_CAPTURE_MAX_WORDS = 6
# Owners a trigger's free text may run through ("2 hours of gardening").
_CAPTURE_OWNERS = frozenset({None, TRIGGER_OWNER, "trigger_context"})

T = TypeVar("T")


@dataclass(slots=True)
class ContextFacts:
    triggers: list[Trigger] = field(default_factory=list)
    symptoms: list[Symptom] = field(default_factory=list)
    relief: list[Relief] = field(default_factory=list)
    relief_helped: Helped | None = None
    trigger_spans: list[tuple[int, int]] = field(default_factory=list)


def extract_context(scan: Scan) -> ContextFacts:
    """Read and claim triggers, relief and "it helped"; read symptoms (not claimed)."""
    facts = ContextFacts()
    for pattern, trigger in _TRIGGERS:
        for match in scan.take(pattern, TRIGGER_OWNER):
            _add(facts.triggers, trigger)
            if trigger is not Trigger.UNKNOWN:
                facts.trigger_spans.append(match.span())
    for pattern, helped in _HELPED:
        for _ in scan.take(pattern, HELPED_OWNER):
            facts.relief_helped = facts.relief_helped or helped
    for pattern, relief in _RELIEFS:
        for _ in scan.take(pattern, RELIEF_OWNER):
            _add(facts.relief, relief)
    _read_either(scan, facts)
    _read_symptoms(scan, facts)
    if not facts.relief and facts.relief_helped is not Helped.NO:
        facts.relief_helped = None  # "it went away" with nothing tried says nothing about relief
    return facts


def _read_either(scan: Scan, facts: ContextFacts) -> None:
    """Words that are a trigger or a relief depending on their clause ("after a walk" / "walked it off")."""
    clauses = _clause_bounds(scan.text)
    for either in _EITHER:
        for match in scan.matches(either.pattern):
            role = _role(scan.text, clauses, match.start(), either.default)
            if role == "trigger" and either.trigger is not None:
                scan.claim(*match.span(), TRIGGER_OWNER)
                _add(facts.triggers, either.trigger)
                facts.trigger_spans.append(match.span())
            elif role == "relief" and either.relief is not None:
                scan.claim(*match.span(), RELIEF_OWNER)
                _add(facts.relief, either.relief)


def _add(items: list[T], item: T) -> None:
    if item not in items:
        items.append(item)


def _clause_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _role(text: str, clauses: list[tuple[int, int]], position: int, default: str) -> str:
    start, end = next(((s, e) for s, e in clauses if s <= position <= e), (0, len(text)))
    succeeded = _SUCCESS.search(text, start, end) is not None
    if _TRIGGER_CUE.search(text, start, position) and not succeeded:
        return "trigger"
    if succeeded or _RELIEF_CUE.search(text, start, end):
        return "relief"
    return default


def _read_symptoms(scan: Scan, facts: ContextFacts) -> None:
    for pattern, symptom in _SYMPTOMS:
        for match in scan.matches(pattern):
            if _NEGATION_BEFORE.search(scan.text, max(0, match.start() - 20), match.start()):
                continue
            _add(facts.symptoms, symptom)


def trigger_text(scan: Scan, trigger_spans: list[tuple[int, int]]) -> str | None:
    """The user's own words for the trigger: what follows "after"/"during"/... up to the end of the
    clause or the next recognised field, plus any trigger word said without a cue. Call it last,
    when the other fields have claimed their words."""
    pieces: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for cue in _CAPTURE_CUE.finditer(scan.text):
        span = _capture(scan, cue.end())
        if span is not None:
            pieces.append((span[0], scan.text[span[0] : span[1]]))
            covered.append(span)
    for start, end in trigger_spans:
        if not any(s <= start and end <= e for s, e in covered):
            pieces.append((start, scan.text[start:end]))
    texts = list(dict.fromkeys(text.strip() for _, text in sorted(pieces) if text.strip()))
    joined = "; ".join(texts)[:TRIGGER_TEXT_MAX_CHARS].strip()
    return joined or None


def _capture(scan: Scan, start: int) -> tuple[int, int] | None:
    end, taken = start, 0
    for word in _CAPTURE_WORD.finditer(scan.text, start):
        token = word.group()
        if taken >= _CAPTURE_MAX_WORDS or token in _CAPTURE_STOP:
            break
        if not (token[0].isalnum() or token[0] == "'"):
            if token in "-/&+":
                continue
            break
        owners = {scan.owner_at(i) for i in range(word.start(), word.end())}
        if not owners <= _CAPTURE_OWNERS or (token[0].isdigit() and owners == {None}):
            break  # another field starts here (an unclaimed number is about to become an intensity)
        end, taken = word.end(), taken + 1
    words = scan.text[start:end].split()
    while words and words[-1] in _CAPTURE_TRAILING:  # "gardening for" when "10 min" was the episode's
        end -= len(words.pop()) + 1
    if not words or all(word in _CAPTURE_SKIP_ONLY for word in words):
        return None
    return start, end
