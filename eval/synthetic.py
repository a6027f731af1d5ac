"""Synthetic conversations saved through Rasa's own SQLTrackerStore, so that
the ``events`` table has exactly the schema and content Rasa writes.

Used by the tests of eval.usage (tests/eval/) and to produce
docs/usage-report-example.md:

    python -m eval.synthetic --db /tmp/synthetic.db --conversations 400 --seed 7
    python -m eval.usage --db /tmp/synthetic.db --out docs/usage-report-example.md \
        --notice "Données synthétiques…"

Everything here is invented: no real conversation is used.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]


class Script:
    """Builds the events of one sender, as Rasa would log them."""

    def __init__(self, sender_id: str, start: float, step: float = 7.0):
        self.sender_id = sender_id
        self.t = start
        self.step = step
        self.events: List[Any] = []

    def _ts(self) -> float:
        self.t += self.step
        return self.t

    def session(self, at: Optional[float] = None) -> "Script":
        from rasa.shared.core.events import ActionExecuted, SessionStarted

        if at is not None:
            self.t = at
        self.events += [ActionExecuted("action_session_start", timestamp=self._ts()),
                        SessionStarted(timestamp=self._ts()),
                        ActionExecuted("action_listen", timestamp=self._ts())]
        return self

    def user(self, text: str, intent: str, confidence: float = 0.93,
             entities: Optional[List[Dict[str, Any]]] = None) -> "Script":
        from rasa.shared.core.events import UserUttered

        ranking = [{"name": intent, "confidence": confidence}]
        self.events.append(UserUttered(
            text, intent={"name": intent, "confidence": confidence}, entities=entities or [],
            parse_data={"intent": {"name": intent, "confidence": confidence},
                        "entities": entities or [], "text": text, "intent_ranking": ranking},
            timestamp=self._ts(), input_channel="rest",
        ))
        return self

    def bot(self, text: str) -> "Script":
        from rasa.shared.core.events import BotUttered

        self.events.append(BotUttered(text, timestamp=self._ts()))
        return self

    def action(self, name: str, *, listen: bool = False) -> "Script":
        from rasa.shared.core.events import ActionExecuted

        self.events.append(ActionExecuted(name, policy="RulePolicy", confidence=1.0,
                                          timestamp=self._ts()))
        if listen:
            self.listen()
        return self

    def listen(self) -> "Script":
        from rasa.shared.core.events import ActionExecuted

        self.events.append(ActionExecuted("action_listen", timestamp=self._ts()))
        return self

    def slot(self, name: str, value: Any) -> "Script":
        from rasa.shared.core.events import SlotSet

        self.events.append(SlotSet(name, value, timestamp=self._ts()))
        return self

    def loop(self, name: Optional[str]) -> "Script":
        from rasa.shared.core.events import ActiveLoop

        self.events.append(ActiveLoop(name, timestamp=self._ts()))
        return self

    # -- pieces of the assistant's dialogue --------------------------------------------

    def start_form(self, text: str = "faire le diagnostic", intent: str = "start_diagnostic",
                   first_slot: str = "structure_type") -> "Script":
        self.user(text, intent).action("action_start_diagnostic").bot("Faisons le point…")
        self.action("diagnostic_form").loop("diagnostic_form").slot("requested_slot", first_slot)
        return self.action(f"action_ask_{first_slot}").listen()

    def answer(self, slot: str, value: Any, next_slot: Optional[str], text: str = "réponse") -> "Script":
        """The user answers the question of ``slot``; the form asks ``next_slot``
        (or ends when it is None)."""
        self.user(text, "inform").action("diagnostic_form").slot(slot, value)
        if next_slot:
            self.slot("requested_slot", next_slot).action(f"action_ask_{next_slot}").listen()
        else:
            self.slot("requested_slot", None).loop(None)
        return self

    def advice(self, feedback: Optional[str] = None) -> "Script":
        self.action("action_give_advice").slot("diagnostic_done", True).bot("Conseil…")
        self.action("utter_ask_feedback").listen()
        if feedback:
            self.user("oui" if feedback == "utile" else "non", "affirm" if feedback == "utile" else "deny")
            self.action("action_store_feedback").slot("feedback", feedback)
            if feedback == "utile":
                self.action("utter_next_steps", listen=True)
            else:   # « Qu'est-ce qui n'allait pas ? », then the remark and the handoff
                remark = "trop long, rappelez moi au 06 12 34 56 78"
                self.action("feedback_form").loop("feedback_form").slot("requested_slot", "feedback_comment")
                self.listen().user(remark, "out_of_scope").action("feedback_form")
                self.slot("feedback_comment", remark).slot("requested_slot", None).loop(None)
                self.action("action_store_feedback_comment").action("action_handoff", listen=True)
        return self

    def fallback(self, text: str) -> "Script":
        self.user(text, "nlu_fallback", confidence=0.31)
        self.action("action_two_stage_fallback").loop("action_two_stage_fallback")
        return self.action("action_default_ask_affirmation").listen()

    def question(self, text: str, intent: str, in_form: bool = False) -> "Script":
        self.user(text, intent).action("action_answer_question")
        if in_form:
            return self.action("diagnostic_form").listen()
        return self.listen()


def save(scripts: Sequence[Script], db: Path) -> None:
    """Saves every sender's events through SQLTrackerStore (dialect sqlite)."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "domain.yml"))
    store = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))

    async def _save_all() -> None:
        for script in scripts:
            tracker = DialogueStateTracker.from_events(script.sender_id, script.events,
                                                       slots=domain.slots)
            await store.save(tracker)

    asyncio.run(_save_all())
    store.engine.dispose()


# -- random but realistic data for the example report --------------------------------------------

FORM_ORDER = [
    ("structure_type", ["commune", "epci", "syndicat", "commune", "commune"]),
    ("population", [350, 800, 1200, 4500, 15000]),
    ("project", ["rénover l'école", "plan vélo", "PCAET", "site internet", "cantine bio"]),
    ("theme", ["energie", "mobilite", "climat", "numerique", "alimentation"]),
    ("need_kinds", None),
    ("duration", ["ponctuel", "durable", "inconnu"]),
    ("internal_resources", ["aucune", "partielle", "suffisante"]),
    ("partners_status", ["non_consultes", "consultes_insuffisant", "convention_disponible"]),
    ("sponsor", ["oui", "non", "inconnu"]),
    ("amount", [12000.0, 30000.0, 45000.0, 80000.0, "inconnu"]),
]
NEEDS = [(["capacite"], 30), (["expertise"], 25), (["capacite", "expertise"], 15),
         (["intermediation"], 10), (["audit"], 10), (["audit", "intermediation"], 4), (["inconnu"], 6)]
QUESTIONS = [("c'est quoi un amo", "ask_definition", 30), ("les seuils pour 40 000 €", "ask_procurement", 28),
             ("le caue peut nous aider ?", "ask_partners", 14), ("ça coûte combien ?", "ask_price", 12),
             ("c'est obligatoire un amo ?", "ask_amo_mandatory", 10), ("quels risques ?", "ask_risks", 8),
             ("que mettre dans le dce", "ask_dce_content", 6), ("on peut négocier ?", "ask_negotiation", 4),
             ("recruter plutôt ?", "ask_internalise", 5), ("critères de choix", "ask_criteria", 4)]
FALLBACKS = [
    "la subvention DETR c'est pour quand", "vous faites les cartes grises",
    "mon numéro est le 06 12 34 56 78 rappelez moi", "écrivez à jean.dupont@mairie-exemple.fr",
    "dossier n° 2026004512 toujours pas traité", "la fibre arrive quand dans mon hameau",
    "bonjour c'est pour le bulletin municipal", "qsdfgh", "est ce que vous gérez le PLUi intercommunal",
    "on veut un accompagnement sur le PAT mais avec la chambre d'agri",
]


def _pick(rng: random.Random, items: Sequence[tuple]) -> Any:
    """An item (without its trailing weight) drawn according to the weights."""
    chosen = rng.choices(items, weights=[item[-1] for item in items])[0]
    return chosen[0] if len(chosen) == 2 else chosen[:-1]


def random_scripts(n: int, seed: int = 7, days: int = 28, end: Optional[dt.date] = None,
                   tz: str = "Europe/Paris") -> List[Script]:
    rng = random.Random(seed)
    zone = ZoneInfo(tz)
    end = end or dt.date(2026, 11, 20)
    calendar = [end - dt.timedelta(days=d) for d in range(days)][::-1]
    day_weights = [0.3 if day.weekday() >= 5 else 1.0 for day in calendar]
    scripts = []
    for i in range(n):
        day = rng.choices(calendar, weights=day_weights)[0]
        hour = rng.choice([9, 10, 10, 11, 11, 14, 14, 15, 16, 17])
        at = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), zone).timestamp()
        s = Script(f"synthetic-{seed}-{i:05d}", at, step=rng.uniform(4, 20)).session(at)
        if rng.random() < 0.6:
            s.user("bonjour", "greet").action("action_greet", listen=True)
        kind = rng.random()
        if kind < 0.55:    # diagnostic
            s.start_form()
            asked = [(slot, values) for slot, values in FORM_ORDER
                     if slot != "theme" or rng.random() < 0.3]   # the project often gives the theme
            stop_at = None if rng.random() < 0.62 else rng.choices(
                range(len(asked)), weights=[8, 6, 9, 10, 4, 5, 8, 3, 7, 3][: len(asked)])[0]
            for k, (slot, values) in enumerate(asked):
                if stop_at is not None and k == stop_at:
                    if rng.random() < 0.3:
                        s.fallback(rng.choice(FALLBACKS))
                    break
                if rng.random() < 0.12:
                    s.question(*_pick(rng, QUESTIONS), in_form=True)
                value = _pick(rng, NEEDS) if slot == "need_kinds" else rng.choice(values)
                s.answer(slot, value, asked[k + 1][0] if k + 1 < len(asked) else None)
            else:
                s.advice(rng.choices(["utile", "pas_utile", None], weights=[62, 18, 20])[0])
                if rng.random() < 0.3:
                    s.question(*_pick(rng, QUESTIONS))
        elif kind < 0.88:  # questions only
            for _ in range(rng.choice([1, 1, 2, 3])):
                s.question(*_pick(rng, QUESTIONS))
            if rng.random() < 0.15:
                s.user("je veux parler à quelqu'un", "human_handoff").action("action_handoff", listen=True)
        else:              # not understood, out of scope
            s.fallback(rng.choice(FALLBACKS))
            if rng.random() < 0.5:
                s.user("vous faites quoi ?", "help").action("utter_help", listen=True)
        if rng.random() < 0.35:
            s.user("merci au revoir", "goodbye").action("utter_goodbye", listen=True)
        scripts.append(s)
    return scripts


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file to create (must not exist)")
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=28)
    args = parser.parse_args(list(argv))
    db = Path(args.db)
    if db.exists():
        parser.error(f"{db} exists: choose a new file")
    save(random_scripts(args.conversations, args.seed, args.days), db)
    print(f"{args.conversations} synthetic conversations saved to {db}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
