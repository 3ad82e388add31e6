"""Fixed vocabularies for an episode. Codes are snake_case and stable: they go into the
database, callback data and the CSV export, so never rename one; add new ones instead."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    CRAMP = "cramp"
    SPASM = "spasm"
    STIFFNESS = "stiffness"
    TWITCH = "twitch"


class Region(StrEnum):
    CALF = "calf"
    FOOT = "foot"
    THIGH_FRONT = "thigh_front"
    HAMSTRING = "hamstring"
    HIP_GROIN = "hip_groin"
    LOWER_BACK = "lower_back"
    UPPER_BACK = "upper_back"
    NECK_SHOULDER = "neck_shoulder"
    ARM_HAND = "arm_hand"
    ABDOMEN = "abdomen"
    JAW_FACE = "jaw_face"
    WHOLE_LEG = "whole_leg"
    OTHER = "other"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NA = "na"


class Trigger(StrEnum):
    EXERCISE = "exercise"
    STRETCHING_MOVING = "stretching_moving"
    HEAT = "heat"
    COLD = "cold"
    DEHYDRATION = "dehydration"
    STRESS = "stress"
    FATIGUE = "fatigue"
    POSTURE = "posture"
    INFECTION = "infection"
    CONSTIPATION_BLADDER = "constipation_bladder"
    TIGHT_CLOTHING = "tight_clothing"
    CAFFEINE_ALCOHOL = "caffeine_alcohol"
    NEW_MEDICATION = "new_medication"
    UNKNOWN = "unknown"


class Symptom(StrEnum):
    PAIN = "pain"
    FATIGUE = "fatigue"
    NUMBNESS = "numbness"
    TINGLING = "tingling"
    WEAKNESS = "weakness"


class Relief(StrEnum):
    STRETCHING = "stretching"
    MASSAGE = "massage"
    HEAT = "heat"
    COLD = "cold"
    WALKING = "walking"
    AS_NEEDED_MEDICATION = "as_needed_medication"
    RELAXATION = "relaxation"  # breathing / relaxation (a guided routine is offered after saving)
    NOTHING = "nothing"


class Helped(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


# Human labels, used in replies, buttons, history lines, charts and the PDF.
REGION_LABELS: dict[Region, str] = {
    Region.CALF: "calf",
    Region.FOOT: "foot",
    Region.THIGH_FRONT: "front of thigh",
    Region.HAMSTRING: "hamstring",
    Region.HIP_GROIN: "hip / groin",
    Region.LOWER_BACK: "lower back",
    Region.UPPER_BACK: "upper back",
    Region.NECK_SHOULDER: "neck / shoulder",
    Region.ARM_HAND: "arm / hand",
    Region.ABDOMEN: "abdomen",
    Region.JAW_FACE: "jaw / face",
    Region.WHOLE_LEG: "whole leg",
    Region.OTHER: "other",
}
SIDE_LABELS: dict[Side, str] = {Side.LEFT: "left", Side.RIGHT: "right", Side.BOTH: "both sides", Side.NA: ""}
KIND_LABELS: dict[Kind, str] = {
    Kind.CRAMP: "cramp",
    Kind.SPASM: "spasm",
    Kind.STIFFNESS: "stiffness",
    Kind.TWITCH: "twitch / jerk",
}
TRIGGER_LABELS: dict[Trigger, str] = {
    Trigger.EXERCISE: "exercise / overuse",
    Trigger.STRETCHING_MOVING: "stretching or moving",
    Trigger.HEAT: "heat",
    Trigger.COLD: "cold",
    Trigger.DEHYDRATION: "dehydration",
    Trigger.STRESS: "stress",
    Trigger.FATIGUE: "fatigue",
    Trigger.POSTURE: "posture / sleep position",
    Trigger.INFECTION: "infection / illness",
    Trigger.CONSTIPATION_BLADDER: "constipation / full bladder",
    Trigger.TIGHT_CLOTHING: "tight clothing",
    Trigger.CAFFEINE_ALCOHOL: "caffeine / alcohol",
    Trigger.NEW_MEDICATION: "new medication",
    Trigger.UNKNOWN: "unknown",
}
SYMPTOM_LABELS: dict[Symptom, str] = {s: s.value for s in Symptom}
RELIEF_LABELS: dict[Relief, str] = {
    Relief.STRETCHING: "stretching",
    Relief.MASSAGE: "massage",
    Relief.HEAT: "heat",
    Relief.COLD: "cold",
    Relief.WALKING: "walking",
    Relief.AS_NEEDED_MEDICATION: "as-needed medication",
    Relief.RELAXATION: "relaxation / breathing",
    Relief.NOTHING: "nothing",
}
HELPED_LABELS: dict[Helped, str] = {
    Helped.YES: "helped",
    Helped.PARTLY: "partly helped",
    Helped.NO: "did not help",
}
