"""A full diagnostic in free text, as a simulated user types it, with what the
assistant must answer at each turn.

Each simulated user gets its own amount, so that its result can only be its
own (cross-talk check): amounts under 60 000 € HT must lead to « dispense »,
amounts between 90 000 and 215 999 € HT to « BOAMP ».
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

UNAVAILABLE = "momentanément indisponible"

# (message, text expected in the reply); {amount} is the user's amount.
FIRST = "je suis maire d'une commune de 800 habitants et on a {amount} € pour une étude énergie"
STEPS: List[Tuple[str, str]] = [
    (FIRST, "De quoi avez-vous surtout besoin"),
    ("on manque de compétences techniques", "ponctuel (une étude"),
    ("ponctuel", "Qui pourrait suivre ce projet"),
    ("personne", "sollicité vos partenaires"),
    # (the user said « je suis maire »: asked whether they carry the project)
    ("pas encore", "Ce projet est-il porté par vous"),
    ("oui", "Ces conseils vous sont-ils utiles"),
]
RESULT_STEP = len(STEPS) - 1

# Next question after each answer, by slot (for the persistence tests).
ASKS = {
    "need_kinds": "De quoi avez-vous surtout besoin",
    "duration": "ponctuel (une étude",
    "internal_resources": "Qui pourrait suivre ce projet",
    "partners_status": "sollicité vos partenaires",
    "sponsor": "Ce projet est-il porté par vous",
}


def amount_for(user: int) -> Tuple[int, str]:
    """(amount in euros HT, expected route keyword): alternately under the
    dispense threshold and in the BOAMP band, all different."""
    if user % 2 == 0:
        return 20_000 + 10 * (user // 2 % 3_900), "dispense"
    return 100_000 + 10 * (user // 2 % 11_000), "BOAMP"


def typed_amount(amount: int) -> str:
    """« 30 010 » as a user types it (plain space)."""
    return f"{amount:,}".replace(",", " ")


def shown_amount(amount: int) -> str:
    """« 30 010 € HT » as the assistant writes it (narrow and plain no-break spaces)."""
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0€\u00a0HT"


def message(step: int, amount: int) -> str:
    return STEPS[step][0].format(amount=typed_amount(amount))


@dataclass
class Check:
    ok: bool
    problem: Optional[str] = None


def check_reply(step: int, text: str, amount: int, route: str) -> Check:
    """Is ``text`` (all bot messages of the turn) the right answer to step ``step``?"""
    if UNAVAILABLE in text:
        return Check(False, "unavailable")
    expected = STEPS[step][1]
    if expected not in text:
        return Check(False, f"step {step}: expected « {expected} »")
    if step == 0 and shown_amount(amount) not in text:
        return Check(False, "crosstalk: first confirmation is not this user's amount")
    if step == RESULT_STEP:
        if f"Pour {shown_amount(amount)}" not in text:
            return Check(False, "crosstalk: result is not for this user's amount")
        if route not in text:
            return Check(False, f"wrong route: « {route} » missing")
        other = "BOAMP" if route == "dispense" else "dispense de"
        if other in text:
            return Check(False, f"wrong route: « {other} » present")
    return Check(True)
