"""How long are the main answers on a phone? Bubbles and characters.

Runs the real actions on real trackers (the helper of tests/actions) for the
answers the testers found too long, and prints, for each: the number of
bubbles, the total characters, the longest bubble, the number of sources
cited and whether an internal reference (« Fiche source ») shows.

    PYTHONPATH=. ./.venv/bin/python scripts/measure_answers.py [--show]

No model, no server: only the action code and the knowledge data.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions import clock  # noqa: E402
from actions.advice import ActionGiveAdvice  # noqa: E402
from actions.faq import ActionAnswerQuestion  # noqa: E402

_spec = importlib.util.spec_from_file_location("actions_conftest", ROOT / "tests/actions/conftest.py")
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)
make_tracker = _conftest.make_tracker

DAY = dt.date(2026, 11, 22)

# The secretaire's diagnostic (report M5): commune of 640, LED street lights,
# capacity, ponctual, nobody, partners not consulted, sponsor, 30 000 €.
SECRETAIRE = {
    "structure_type": "commune", "population": 640, "project": "eclairage public led",
    "theme": "energie", "need_kinds": ["capacite"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "non_consultes", "sponsor": "oui",
    "amount": 30000.0,
}
# An AMO to hire, just under the dispense threshold (the DGS's 55 000 €, M8).
HIRE_55K = {
    "structure_type": "commune", "population": 800, "project": "étude énergie",
    "theme": "energie", "need_kinds": ["expertise"], "duration": "ponctuel",
    "internal_resources": "aucune", "partners_status": "consultes_insuffisant",
    "sponsor": "non", "amount": 55000.0,
}


def _domain() -> Dict[str, Any]:
    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _run(action, tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages


def corrected(domain, slots: Dict[str, Any], slot: str, old: Any, text: str):
    """The tracker of a correction after the result: the diagnostic was done
    with ``slot`` = ``old``, then the user said ``text`` and the form stored
    the new value."""
    tracker = make_tracker(domain, text=text, intent="inform", slots=slots)
    before = [{"event": "slot", "name": name, "value": value if name != slot else old}
              for name, value in slots.items()]
    tracker.events[:0] = before + [{"event": "slot", "name": "diagnostic_done", "value": True}]
    tracker.events += [{"event": "slot", "name": "diagnostic_done", "value": False},
                       {"event": "slot", "name": slot, "value": slots[slot]}]
    return tracker


def cases(domain) -> Dict[str, Any]:
    def t(**kwargs):
        return make_tracker(domain, **kwargs)

    amount = lambda value: [{"entity": "amount", "value": value, "start": 10}]  # noqa: E731
    return {
        "diagnostic, secrétaire (30 000 €, partenaires)": (ActionGiveAdvice(), t(slots=SECRETAIRE)),
        "diagnostic, AMO à 55 000 €": (ActionGiveAdvice(), t(slots=HIRE_55K)),
        "correction du montant (55 000 → 80 000 €)": (
            ActionGiveAdvice(), corrected(domain, {**HIRE_55K, "amount": 80000.0}, "amount", 55000.0,
                                          "en fait c'est plutôt 80 000 €")),
        "procédure, 55 000 €": (ActionAnswerQuestion(), t(
            text="pour une mission de 55 000 euros HT quelle procédure ?", intent="ask_procurement",
            entities=amount("55 000 euros HT"))),
        "procédure, 80 000 €": (ActionAnswerQuestion(), t(
            text="et pour 80 000 € HT ?", intent="ask_procurement", entities=amount("80 000 € HT"))),
        "procédure, 12 000 €": (ActionAnswerQuestion(), t(
            text="pour 12000 on peut prendre le devis direct ?", intent="ask_procurement",
            entities=amount("12000"))),
        "procédure, 250 000 €": (ActionAnswerQuestion(), t(
            text="pour 250 000 € HT ?", intent="ask_procurement", entities=amount("250 000 € HT"))),
        "seuils (sans montant)": (ActionAnswerQuestion(), t(
            text="quels sont les seuils ?", intent="ask_procurement")),
        "risques": (ActionAnswerQuestion(), t(text="quels sont les risques ?", intent="ask_risks")),
        "partenaires (sans profil)": (ActionAnswerQuestion(), t(
            text="quels partenaires publics ?", intent="ask_partners")),
        "partenaires (« c'est gratuit ? », profil)": (ActionAnswerQuestion(), t(
            text="c'est gratuit ?", intent="ask_partners", slots=SECRETAIRE)),
        "un partenaire (CAUE)": (ActionAnswerQuestion(), t(
            text="et le CAUE ?", intent="ask_partners",
            entities=[{"entity": "partner", "value": "caue", "start": 7}])),
        "après le diagnostic : risques": (ActionAnswerQuestion(), t(
            text="/ask_risks", intent="ask_risks", slots={**HIRE_55K, "diagnostic_done": True})),
        "après le diagnostic : points à prévoir": (ActionAnswerQuestion(), t(
            text="/ask_success_conditions", intent="ask_success_conditions",
            slots={**HIRE_55K, "diagnostic_done": True})),
        "après le diagnostic : partenaires": (ActionAnswerQuestion(), t(
            text="/ask_partners", intent="ask_partners", slots={**SECRETAIRE, "diagnostic_done": True})),
        "après le diagnostic : procédure": (ActionAnswerQuestion(), t(
            text="/ask_procurement", intent="ask_procurement", slots={**HIRE_55K, "diagnostic_done": True})),
        "conditions de réussite": (ActionAnswerQuestion(), t(
            text="comment réussir ?", intent="ask_success_conditions")),
        "familles de missions": (ActionAnswerQuestion(), t(
            text="que peut faire un AMO ?", intent="ask_mission_families")),
        # fresh H4, M8, M9; maire H4; dgs M7 and L4
        "quasi-régie (SPL)": (ActionAnswerQuestion(), t(
            text="Est-ce qu'un syndicat mixte peut contracter avec une SPL sans publicité ni mise en "
                 "concurrence ?", intent="ask_partners")),
        "partenaire public sans appel d'offres": (ActionAnswerQuestion(), t(
            text="la com com peut-elle faire l'étude sans appel d'offres ?", intent="ask_partners")),
        "groupement de commandes": (ActionAnswerQuestion(), t(
            text="un groupement de commandes avec la comcom voisine ?", intent="ask_partners")),
        "seuil dépassé (« sous 40 000 »)": (ActionAnswerQuestion(), t(
            text="on m'a dit que sous 40 000 on peut signer direct, c toujours vrai ?",
            intent="ask_procurement", entities=amount("40 000"))),
        "seuil corrigé (« sous 90 000 »)": (ActionAnswerQuestion(), t(
            text="sous 90 000 on peut signer direct ?", intent="ask_procurement",
            entities=amount("90 000"))),
        "critère environnemental obligatoire ?": (ActionAnswerQuestion(), t(
            text="le critère environnemental est-il obligatoire pour nous ? on lance en janvier 2027",
            intent="ask_criteria")),
        "obligé de négocier ?": (ActionAnswerQuestion(), t(
            text="est-on obligé de négocier ?", intent="ask_negotiation")),
    }


SOURCE_HEAD = re.compile(r"^Sources?\s*:\s*(.*)$", re.M)


def measure(messages: List[Dict[str, Any]]) -> Dict[str, Any]:
    texts = [m.get("text") or "" for m in messages if m.get("text")]
    sources = [s for t in texts for line in SOURCE_HEAD.findall(t) for s in re.split(r"\s;\s", line)]
    return {
        "bubbles": len(texts),
        "chars": sum(len(t) for t in texts),
        "longest": max((len(t) for t in texts), default=0),
        "sources": len(sources),
        "internal": sum("Fiche source" in t for t in texts),
        "buttons": sum(len(m.get("buttons") or []) for m in messages),
    }


def main(argv: Optional[List[str]] = None) -> int:
    show = "--show" in (argv if argv is not None else sys.argv[1:])
    os.environ.setdefault("FICHES_DIR", tempfile.mkdtemp(prefix="measure-fiches-"))
    clock.today = lambda: DAY
    print(f"{'réponse':46} {'bulles':>6} {'caract.':>7} {'+longue':>7} {'sources':>7} "
          f"{'interne':>7} {'boutons':>7}")
    for name, (action, tracker) in cases(DOMAIN).items():
        messages = _run(action, tracker)
        m = measure(messages)
        print(f"{name:46} {m['bubbles']:>6} {m['chars']:>7} {m['longest']:>7} {m['sources']:>7} "
              f"{m['internal']:>7} {m['buttons']:>7}")
        if show:
            for message in messages:
                buttons = " | ".join(b["title"] for b in message.get("buttons") or [])
                print("    »", (message.get("text") or "").replace("\n", "\n      "),
                      f"[{buttons}]" if buttons else "")
            print()
    return 0


DOMAIN = _domain()

if __name__ == "__main__":
    sys.exit(main())
