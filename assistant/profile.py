"""The profile of an authority's need, as the diagnostic collects it.

This module is the contract between the conversation (``actions/``) and the
advice engine (``assistant.engine``). Plain Python, no Rasa import.

Every field may be ``None`` (not asked yet) or ``UNKNOWN`` (the user said
« je ne sais pas »): the engine treats the two differently (``None`` is
missing information, ``UNKNOWN`` is an answer it takes into account).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import FrozenSet, Optional

UNKNOWN = "inconnu"


def is_unknown(value) -> bool:
    """« je ne sais pas » given as the answer: ``UNKNOWN``, or ``[UNKNOWN]`` for
    the need kinds."""
    return value == UNKNOWN or (isinstance(value, (list, tuple)) and list(value) == [UNKNOWN])

# Structure types (canonical ids). The buyer category for the EU thresholds
# follows from it: "etat" is a central government buyer, every other one a
# local-authority buyer ("collectivite").
STRUCTURE_TYPES = ("commune", "epci", "syndicat", "departement", "region", "etat", "autre")

# Themes of the project, and the transition they belong to.
THEMES = {
    "energie": "ecologique",      # rénovation énergétique, éclairage public, ENR, CEP
    "climat": "ecologique",       # PCAET, bilan carbone, adaptation
    "mobilite": "ecologique",
    "dechets": "ecologique",
    "eau": "ecologique",          # eau, assainissement, GEMAPI
    "biodiversite": "ecologique",
    "alimentation": "ecologique", # PAT, restauration collective
    "urbanisme": "ecologique",    # PLU(i), aménagement, sobriété foncière
    "numerique": "numerique",     # site, dématérialisation, SIG, cybersécurité, inclusion
    "autre": "autre",
}

# The four kinds of need of the seed fiche (section 2.A).
NEED_KINDS = ("audit", "intermediation", "capacite", "expertise")

DURATIONS = ("ponctuel", "durable")                  # + UNKNOWN
RESOURCES = ("aucune", "partielle", "suffisante")    # + UNKNOWN
# Partners and conventions (seed fiche, section 2.C):
#   non_consultes          : nobody asked yet
#   consultes_insuffisant  : asked, they cannot cover the need
#   convention_disponible  : a partner or an existing convention could cover it
PARTNER_STATUSES = ("non_consultes", "consultes_insuffisant", "convention_disponible")  # + UNKNOWN
SPONSOR = ("oui", "non")                             # + UNKNOWN

BUYER_STATE = "etat"
BUYER_LOCAL = "collectivite"
# An entité adjudicatrice (a network operator buying for its network
# activity: energy, water, transport): named in a question, never a profile.
BUYER_CONTRACTING = "entite_adjudicatrice"


@dataclass(frozen=True)
class Profile:
    structure_type: Optional[str] = None       # STRUCTURE_TYPES or UNKNOWN
    population: Optional[int] = None           # inhabitants; None if not given
    project: Optional[str] = None              # free text, as typed
    theme: Optional[str] = None                # THEMES key or UNKNOWN
    need_kinds: FrozenSet[str] = frozenset()   # subset of NEED_KINDS; {UNKNOWN} if « je ne sais pas »
    duration: Optional[str] = None             # DURATIONS or UNKNOWN
    internal_resources: Optional[str] = None   # RESOURCES or UNKNOWN
    partners_status: Optional[str] = None      # PARTNER_STATUSES or UNKNOWN
    partners_consulted: FrozenSet[str] = frozenset()  # partner ids named by the user
    sponsor: Optional[str] = None              # SPONSOR or UNKNOWN
    amount_ht: Optional[float] = None          # estimated value of the whole need, € HT
    amount_ttc: Optional[float] = None         # amount_ht as typed TTC (« 35 000 TTC »), if so
    amount_unknown: bool = False               # the user said they do not know the amount
    price_focus: bool = False                  # the user wants « le moins cher »
    own_bodies: FrozenSet[str] = frozenset()   # partner ids of the kind of body the user is (a SDE)
    date: _dt.date = field(default_factory=_dt.date.today)

    @property
    def buyer(self) -> str:
        return BUYER_STATE if self.structure_type == BUYER_STATE else BUYER_LOCAL

    @property
    def domain(self) -> Optional[str]:
        if self.theme in THEMES:
            return THEMES[self.theme]
        return None

    def with_(self, **changes) -> "Profile":
        return replace(self, **changes)
