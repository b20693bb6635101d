"""The contract's vocabulary (version 2), copied from SCREENING_CONTRACT.md so the content can be
held to it.

milestone id: (discipline, CDC age in months or None, WHO window or None)
"""

MILESTONES = {
    "holds-head-up-on-tummy": ("pt", 2, None),
    "moves-both-arms-and-legs": ("pt", 2, None),
    "opens-hands-briefly": ("ot", 2, None),
    "holds-head-steady": ("pt", 4, None),
    "pushes-up-on-elbows": ("pt", 4, None),
    "holds-toy-placed-in-hand": ("ot", 4, None),
    "swings-arm-at-toys": ("ot", 4, None),
    "brings-hands-to-mouth": ("ot", 4, None),
    "rolls-tummy-to-back": ("pt", 6, None),
    "pushes-up-straight-arms": ("pt", 6, None),
    "leans-on-hands-sitting": ("pt", 6, None),
    "reaches-for-toy": ("ot", 6, None),
    "sits-without-support": ("pt", 9, (3.8, 9.2)),
    "gets-to-sitting": ("pt", 9, None),
    "passes-object-hand-to-hand": ("ot", 9, None),
    "rakes-food": ("ot", 9, None),
    "stands-with-assistance": ("pt", None, (4.8, 11.4)),
    "crawls-hands-knees": ("pt", None, (5.2, 13.5)),
    "pulls-to-stand": ("pt", 12, None),
    "cruises-furniture": ("pt", 12, (5.9, 13.7)),
    "pincer-grasp": ("ot", 12, None),
    "drinks-from-held-cup": ("ot", 12, None),
    "stands-alone": ("pt", None, (6.9, 16.9)),
    "takes-few-steps": ("pt", 15, None),
    "finger-feeds": ("ot", 15, None),
    "walks-alone": ("pt", 18, (8.2, 17.6)),
    "climbs-on-off-furniture": ("pt", 18, None),
    "scribbles": ("ot", 18, None),
    "drinks-from-open-cup": ("ot", 18, None),
    "tries-spoon": ("ot", 18, None),
    "helps-with-dressing": ("ot", 18, None),
    "kicks-ball": ("pt", 24, None),
    "runs": ("pt", 24, None),
    "walks-up-stairs": ("pt", 24, None),
    "eats-with-spoon": ("ot", 24, None),
    "holds-with-one-uses-other": ("ot", 24, None),
    "jumps-both-feet": ("pt", 30, None),
    "twists-with-hands": ("ot", 30, None),
    "takes-off-loose-clothes": ("ot", 30, None),
    "turns-pages": ("ot", 30, None),
    "strings-beads": ("ot", 36, None),
    "puts-on-loose-clothes": ("ot", 36, None),
    "uses-fork": ("ot", 36, None),
    "draws-circle": ("ot", 36, None),
    "catches-large-ball": ("pt", 48, None),
    "serves-food-pours": ("ot", 48, None),
    "unbuttons": ("ot", 48, None),
    "holds-crayon-fingers": ("ot", 48, None),
    "draws-person": ("ot", 48, None),
    "hops-one-foot": ("pt", 60, None),
    "buttons": ("ot", 60, None),
    "writes-letters-in-name": ("ot", 60, None),
}

CONCERNS = {
    "gross-motor-skills": "pt",
    "balance-coordination": "pt",
    "weakness-low-tone": "pt",
    "stiffness-flexibility": "pt",
    "posture-core": "pt",
    "mobility-device": "pt",
    "frequent-falls": "pt",
    "toe-walking": "pt",
    "head-tilt": "pt",
    "flat-head-spot": "pt",
    "injury-recovery": "pt",
    "in-toeing": None,
    "uneven-back": "pt",
    "handwriting-scissors": "ot",
    "hand-skills": "ot",
    "hand-eye-coordination": "ot",
    "feeding": "ot",
    "sensory-sensitivities": "ot",
    "self-care": "ot",
    "emotional-regulation": "ot",
    "attention-focus": "ot",
    "talking-understanding": None,
    "hearing-seeing": None,
    "play-relating": None,
}

# concern id: the ages in months (chronological) over which the pages ask it (v2 "asked").
ASKED = {
    "gross-motor-skills": (0, 216),
    "balance-coordination": (9, 216),
    "weakness-low-tone": (0, 216),
    "stiffness-flexibility": (0, 216),
    "posture-core": (4, 216),
    "mobility-device": (0, 216),
    "frequent-falls": (12, 216),
    "toe-walking": (12, 216),
    "head-tilt": (0, 216),
    "flat-head-spot": (0, 24),
    "injury-recovery": (0, 216),
    "in-toeing": (12, 216),
    "uneven-back": (96, 216),
    "handwriting-scissors": (36, 216),
    "hand-skills": (4, 216),
    "hand-eye-coordination": (9, 216),
    "feeding": (0, 216),
    "sensory-sensitivities": (0, 216),
    "self-care": (18, 216),
    "emotional-regulation": (12, 216),
    "attention-focus": (24, 216),
    "talking-understanding": (6, 216),
    "hearing-seeing": (0, 216),
    "play-relating": (6, 216),
}

# v2: the concerns beyond moving and doing, and who else the doctor may involve for each.
BEYOND = {
    "talking-understanding": {"speech-language-therapy", "hearing-test"},
    "hearing-seeing": {"hearing-test", "eye-check"},
    "play-relating": {"developmental-pediatrics"},
}

CONDITIONS = {
    "cerebral-palsy": ("recommended", "recommended"),
    "developmental-delay": ("recommended", "recommended"),
    "sensory-processing-disorder": ("consider", "recommended"),
    "developmental-coordination-disorder": ("recommended", "recommended"),
    "down-syndrome": ("recommended", "recommended"),
    "brachial-plexus-injury": ("recommended", "recommended"),
    "spina-bifida": ("recommended", "consider"),
    "muscular-dystrophy": ("recommended", "consider"),
    "torticollis": ("recommended", "not-indicated"),
    "autism": ("not-indicated", "consider"),
    "adhd": ("not-indicated", "consider"),
}

RED_FLAGS = {
    "lost-skills": "urgent",
    "one-side-different": "soon",
    "very-floppy": "soon",
    "very-stiff": "soon",
    "tires-very-quickly": "soon",
    "pain-limp-fever": "urgent",
    "choking-with-feeds": "soon",
    "poor-weight-gain": "soon",
    "hip-signs": "soon",
}

# red flag id: (the disciplines it raises, who else the doctor may involve), from its row.
RED_FLAG_ROWS = {
    "lost-skills": ({"pt", "ot"}, {"neurology"}),
    "one-side-different": ({"pt", "ot"}, set()),
    "very-floppy": ({"pt"}, {"neurology"}),
    "very-stiff": ({"pt"}, set()),
    "tires-very-quickly": ({"pt"}, set()),
    "pain-limp-fever": (set(), {"orthopedics"}),
    "choking-with-feeds": ({"ot"}, {"speech-language-therapy"}),
    "poor-weight-gain": (set(), set()),
    "hip-signs": (set(), {"orthopedics"}),
}

PROFESSIONALS = {
    "speech-language-therapy",
    "hearing-test",
    "eye-check",
    "orthopedics",
    "neurology",
    "developmental-pediatrics",
}

SOURCES = {
    "seed",
    "who-2006",
    "cdc-2022",
    "aap-2013-motor",
    "aafp-2015",
    "aap-motor-tool",
    "apta-cmt-2018",
    "cns-2016-plagio",
    "toe-walking",
    "aafp-2017-intoeing",
    "aap-2012-sensory",
    "dsm5-dcd",
    "goday-2019",
    "aap-2020-surveillance",
    "aap-2016-ddh",
    "limping-child",
    "scoliosis-2016",
    "asha-dysphagia",
    "aap-2022-down",
    "eacd-2019-dcd",
    "novak-2017-cp",
    "idea",
}

LEVELS = {"recommended", "consider", "not-indicated"}
URGENCIES = {"urgent", "soon", "routine"}
OVERALLS = {"pt", "ot", "both", "monitor"}
