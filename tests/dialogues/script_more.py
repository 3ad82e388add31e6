"""More dialogues (issue 11, item 4): say what was understood, and ask when unsure — typos, two
episodes in one message, counts, "all night", sides named apart, "same episode?", and the time-zone
question under the first entry of someone without a zone. Written as people type. The format is
documented at the top of tests/dialogues/script.py (13:00 in Madrid on the harness clock)."""

from __future__ import annotations

from tests.dialogues.script import Dialogue, d

ASKS = "Did I get this right?"
STARTS = "SELECT group_concat(substr(started_at_utc, 12, 5), ' ') FROM episodes WHERE user_id = {user}"
SIDES = "SELECT group_concat(side, ' ') FROM episodes WHERE user_id = {user}"
ZONE = "SELECT timezone FROM users WHERE user_id = {user}"

MORE_DIALOGUES: list[Dialogue] = [
    # ----- a clear line: no friction ----------------------------------------------------------------
    d(
        "clear line saved at once",
        "Left calf 7/10 2 min",
        said=("✅ Saved",),
        not_said=(ASKS,),
        stored=1,
        fields={"region": "calf", "side": "left", "intensity": 7, "duration_seconds": 120},
    ),
    d(
        "side after a run and the kind word",
        "calf cramp after 25k long run, right, 7/10, 3 mins",
        said=("✅ Saved", "right calf"),
        stored=1,
        fields={"side": "right", "intensity": 7, "duration_seconds": 180},
    ),
    d(
        "this morning is not night",
        "shoulder blade spasm, left, 3/10, 10 mins, this morning",
        said=("✅ Saved",),
        stored=1,
        fields={"side": "left", "nocturnal": 0, "duration_seconds": 600},
    ),
    # ----- a typo or a conflict asks first ----------------------------------------------------------
    d(
        "typo asks then saves",
        "LEFT CALFF 7/10",
        "[Yes, save]",
        said_any=(ASKS, "calff"),
        said=("✅ Saved",),
        stored=1,
        fields={"region": "calf", "side": "left"},
    ),
    d("typo asks, nothing saved yet", "rigth calff 6/10 2 min", said=(ASKS,), stored=0),
    d(
        "left and right named apart",
        "left calf 7/10 .. actually right",
        said=(ASKS, "both left and right"),
        stored=0,
    ),
    d("dont save saves nothing", "left calff 7/10", "[Don't save]", said=("Not saved",), stored=0),
    d(
        "fix it opens the review",
        "left calff 7/10",
        "[Fix it]",
        "[Strength]",
        "[5]",
        "[Save]",
        said=("✅ Saved",),
        stored=1,
        fields={"intensity": 5},
    ),
    d(
        "typed yes under the question",
        "left calff 7/10",
        "yes",
        said=("✅ Saved",),
        stored=1,
    ),
    d(
        "a question while it asks keeps it",
        "left calff 7/10",
        "how do i stop a cramp",
        said=("/log to finish",),
        stored=0,
    ),
    d(
        "log resumes the question",
        "left calff 7/10",
        "thanks",
        "/log",
        "[Yes, save]",
        said=("✅ Saved",),
        stored=1,
    ),
    # ----- two episodes in one message --------------------------------------------------------------
    d(
        "older man two episodes in capitals",
        "LEFT CALF CRAMP AT 2AM 8/10, 20 MINUTES LATER THE RIGHT ONE TOO",
        "[Save both]",
        said=("✅ Saved",),
        said_any=("Entry 2:",),
        stored=2,
        sql=((SIDES, "left right"), (STARTS, "01:00 01:20")),
    ),
    d(
        "two places joined by and",
        "left calf 7/10 at 3am and right foot 4/10 at 5am",
        "[Save both]",
        stored=2,
        fields={"region": "foot", "side": "right", "intensity": 4},
        sql=((STARTS, "02:00 04:00"),),
    ),
    d(
        "save only the first",
        "left calf 7/10 at 3am and right foot 4/10 at 5am",
        "[only the first]",
        stored=1,
        fields={"region": "calf"},
    ),
    d(
        "minutes later is not a duration",
        "left calf 6/10, 20 minutes later the other one",
        "[Save both]",
        stored=2,
        fields={"side": "right", "duration_seconds": None},
    ),
    # ----- counts -------------------------------------------------------------------------------------
    d(
        "woke me up 3 times as 3 entries",
        "calf cramp woke me up 3 times 7/10",
        "[Save 3 entries]",
        said_any=("one entry, or 3",),
        stored=3,
        fields={"notes": "3 times (3 of 3)"},
    ),
    d(
        "twice saved as one keeps the word",
        "/log left calf 7/10 2 min woke me twice, after the cold walk, felt like a knot",
        "[Save as one]",
        said=("Notes: twice, felt like a knot",),
        stored=1,
        fields={"notes": "twice, felt like a knot", "trigger_text": "the cold walk"},
    ),
    d(
        "3 cramps last night",
        "3 CRAMPS LAST NIGHT calf 6/10",
        said=("one entry, or 3",),
        stored=0,
    ),
    d(
        "all night without a start asks",
        "calf cramps all night 6/10",
        "[Yes, save]",
        said_any=("All night",),
        stored=1,
        fields={"duration_seconds": None, "nocturnal": 1},
    ),
    d(
        "formula words are kept and shown",
        'left calf 7/10 2 min =HYPERLINK("x") zebra',
        said=("zebra",),
        stored=1,
    ),
    # ----- same episode? ------------------------------------------------------------------------------
    d(
        "any entry near one of the same place asks",
        "left calf 7/10 2 min",
        "calf 8/10",
        said=("same episode",),
        stored=1,
    ),
    d(
        "same episode updates it",
        "left calf 7/10 2 min",
        "calf 8/10 after the stairs",
        "[Same episode]",
        said=("Changes saved",),
        stored=1,
        fields={"intensity": 8, "side": "left"},
    ),
    d(
        "guided flow asks same episode",
        "left calf 7/10 2 min",
        "/log",
        "[Calf]",
        "[6]",
        "[Save]",
        said=("same episode",),
        stored=1,
    ),
    d(
        "guided flow a new one",
        "left calf 7/10 2 min",
        "/log",
        "[Calf]",
        "[6]",
        "[Save]",
        "[A new one]",
        said=("✅ Saved",),
        stored=2,
    ),
    d("another place is not asked", "left calf 7/10 2 min", "right foot 5/10", said=("✅ Saved",), stored=2),
    d(
        "emergency with a guessed entry keeps it unsaved",
        "left calf 8/10 woke me 3 times, it's swollen and red",
        said=("/log to finish",),
        not_said=(ASKS,),
        stored=0,
    ),
    d(
        "emergency guessed entry then log finishes it",
        "left calf 8/10 woke me 3 times, it's swollen and red",
        "/log",
        "[Save as one]",
        said=("✅ Saved",),
        stored=1,
    ),
    # ----- no zone yet ----------------------------------------------------------------------------------
    d(
        "no zone first entry asks for the city",
        "left calf 7/10 at 3am",
        said=("✅ Saved", "Which city", "saved this in UTC"),
        stored=1,
        zone=False,
    ),
    d(
        "no zone city moves the entry",
        "left calf 7/10 at 3am",
        "madrid",
        said=("Time zone set: Europe/Madrid", "Changes saved"),
        stored=1,
        zone=False,
        fields={"timezone": "Europe/Madrid"},
        sql=((STARTS, "02:00"), (ZONE, "Europe/Madrid")),
    ),
    d(
        "no zone keep the default",
        "left calf 7/10 at 3am",
        "[Keep UTC]",
        said=("Time zone set: UTC",),
        stored=1,
        zone=False,
        sql=((ZONE, "UTC"), (STARTS, "03:00")),
    ),
    d(
        "no zone other text leaves the question",
        "left calf 7/10 2 min",
        "how do i stop a cramp",
        "Madrid",
        not_said=("Time zone set",),
        stored=1,
        zone=False,
        sql=((ZONE, None),),
    ),
]
