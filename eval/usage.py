"""Usage analytics for the portal team, from Rasa's SQL tracker store.

    python -m eval.usage --db rasa.db --out results/usage/usage-report.md
    python -m eval.usage --db postgresql://user:pass@host/rasa --out … --since 2026-01-01

Reads the ``events`` table written by ``rasa.core.tracker_store.SQLTrackerStore``
(columns ``sender_id, type_name, timestamp, intent_name, action_name, data``;
``data`` is the event as JSON) and writes a Markdown report with PNG plots:
conversations per day, most frequent intents, kinds of need (slot
``need_kinds``), diagnostics completed (``action_give_advice`` after the form
started), where users leave the diagnostic (last ``requested_slot``), fallback
rate and the messages that caused it (scrubbed), satisfaction (slot
``feedback``).

A *conversation* is a Rasa session (it starts at ``action_session_start`` —
after 480 minutes of silence, see domain.yml — or at a ``restart`` event) with
at least one user message; its day is the day of its first user message in the
chosen time zone. The report contains no sender id, and the only free texts
it shows (messages that were not understood) are scrubbed of e-mail addresses,
phone numbers and digit sequences of six digits or more.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

FORM = "diagnostic_form"
ADVICE = "action_give_advice"
FALLBACK = "nlu_fallback"
SESSION_START = "action_session_start"
FORM_SLOTS = ("structure_type", "population", "project", "theme", "need_kinds", "duration",
              "internal_resources", "partners_status", "sponsor", "amount")
SLOT_LABELS = {
    "structure_type": "type de structure",
    "population": "nombre d'habitants",
    "project": "description du projet",
    "theme": "thème du projet",
    "need_kinds": "nature du besoin",
    "duration": "durée du besoin",
    "internal_resources": "ressources internes",
    "partners_status": "partenaires sollicités",
    "sponsor": "portage par un élu",
    "amount": "montant estimé",
}
NEED_LABELS = {
    "audit": "regard extérieur (audit)",
    "intermediation": "intermédiation",
    "capacite": "capacité (temps, bras)",
    "expertise": "expertise",
    "inconnu": "ne sait pas",
}
FEEDBACK_VALUES = ("utile", "pas_utile")
QUESTION_LABELS = {
    "ask_definition": "définition d'un terme (AMO, MOE…)",
    "ask_mission_families": "missions possibles d'un AMO",
    "ask_amo_mandatory": "un AMO est-il obligatoire ?",
    "ask_independence": "indépendance de l'AMO",
    "ask_procurement": "seuils et procédures d'achat",
    "ask_splitting": "découpage, calcul du montant",
    "ask_dce_content": "contenu du dossier de consultation",
    "ask_criteria": "critères de choix, poids du prix",
    "ask_negotiation": "négociation, auditions",
    "ask_collaboration": "répartition des rôles avec le prestataire",
    "ask_partners": "partenaires publics",
    "ask_success_conditions": "conditions de réussite",
    "ask_risks": "risques",
    "ask_apres_mission": "après la mission",
    "ask_need_kinds": "types de besoin",
    "ask_internalise": "recruter ou externaliser",
    "ask_price": "coût d'une mission",
    "ask_summary": "fiche de synthèse",
    "human_handoff": "parler à une personne",
    "help": "aide, menu",
}


# -- scrubbing ------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)\s?\d{2,3}[\s.-]?(?:\(0\)[\s.-]?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)")
_LONG_DIGITS = re.compile(r"(?<!\d)\d(?:[ .\u00a0\u202f-]?\d){5,}(?!\d)")


def scrub(text: str, limit: int = 200) -> str:
    """E-mails, phone numbers and runs of ≥ 6 digits (spaces, dots or dashes
    between them allowed) replaced; whitespace collapsed; cut at ``limit``."""
    text = _EMAIL.sub("[courriel]", text or "")
    text = _PHONE.sub("[téléphone]", text)
    text = _LONG_DIGITS.sub("[nombre]", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- reading the tracker store ------------------------------------------------------------

@dataclass
class Event:
    sender_id: str
    type_name: str
    timestamp: float
    intent_name: Optional[str]
    action_name: Optional[str]
    data: Dict[str, Any]


def _engine_url(db: str) -> str:
    if "://" in db:
        return db
    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no SQLite tracker store at {db}")
    return f"sqlite:///{path.resolve()}"


def read_events(db: str, since: Optional[float] = None, until: Optional[float] = None) -> Iterator[Event]:
    """Events in storage order (``id``), optionally within [since, until)."""
    import sqlalchemy as sa

    engine = sa.create_engine(_engine_url(db))
    query = ("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
             "FROM events")
    where, params = [], {}
    if since is not None:
        where.append("timestamp >= :since")
        params["since"] = since
    if until is not None:
        where.append("timestamp < :until")
        params["until"] = until
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY id"
    try:
        with engine.connect() as connection:
            for row in connection.execute(sa.text(query), params):
                try:
                    data = json.loads(row[5]) if row[5] else {}
                except ValueError:
                    data = {}
                yield Event(row[0], row[1], row[2] or 0.0, row[3], row[4], data)
    finally:
        engine.dispose()


# -- conversations ---------------------------------------------------------------------------

@dataclass
class Conversation:
    events: List[Event] = field(default_factory=list)

    @property
    def user_events(self) -> List[Event]:
        return [e for e in self.events if e.type_name == "user"]

    @property
    def start(self) -> Optional[float]:
        users = self.user_events
        return users[0].timestamp if users else None

    def actions(self) -> List[str]:
        return [e.action_name or e.data.get("name") for e in self.events if e.type_name == "action"]

    def slot_values(self, name: str) -> List[Any]:
        return [e.data.get("value") for e in self.events
                if e.type_name == "slot" and (e.action_name or e.data.get("name")) == name]

    def last_slot(self, name: str) -> Any:
        values = [v for v in self.slot_values(name) if v is not None]
        return values[-1] if values else None

    @property
    def form_started(self) -> bool:
        return any(
            (e.type_name == "active_loop" and e.data.get("name") == FORM)
            or (e.type_name == "action" and (e.action_name or e.data.get("name")) == FORM)
            for e in self.events
        )

    @property
    def advice_given(self) -> bool:
        return ADVICE in self.actions()


def intent_of(event: Event) -> Optional[str]:
    if event.intent_name:
        return event.intent_name
    return ((event.data.get("parse_data") or {}).get("intent") or {}).get("name")


def split_conversations(events: Iterable[Event]) -> List[Conversation]:
    """Events grouped by sender, then cut into sessions; conversations without
    a user message are dropped."""
    by_sender: Dict[str, List[Event]] = {}
    for event in events:
        by_sender.setdefault(event.sender_id, []).append(event)
    conversations: List[Conversation] = []
    for sender_events in by_sender.values():
        current = Conversation()
        previous: Optional[Event] = None
        for event in sender_events:
            name = event.action_name or event.data.get("name")
            starts = (
                (event.type_name == "action" and name == SESSION_START)
                or (event.type_name == "session_started"
                    and not (previous and previous.type_name == "action"
                             and (previous.action_name or previous.data.get("name")) == SESSION_START))
                or event.type_name == "restart"
            )
            if starts and current.events:
                conversations.append(current)
                current = Conversation()
            current.events.append(event)
            previous = event
        if current.events:
            conversations.append(current)
    return [c for c in conversations if c.user_events]


# -- analytics (pure) ----------------------------------------------------------------------------

def _day(ts: float, tz: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(ts, tz).date().isoformat()


def _kinds(value: Any) -> List[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v is not None]


def analyse(conversations: Sequence[Conversation], tz: str = "Europe/Paris", top: int = 20) -> Dict[str, Any]:
    zone = ZoneInfo(tz)
    per_day = Counter(_day(c.start, zone) for c in conversations)
    users = [e for c in conversations for e in c.user_events]
    intents = Counter(intent_of(e) or "(aucune)" for e in users)
    needs = Counter(kind for c in conversations for kind in _kinds(c.last_slot("need_kinds")))
    with_needs = sum(1 for c in conversations if _kinds(c.last_slot("need_kinds")))
    started = [c for c in conversations if c.form_started]
    completed = [c for c in started if c.advice_given]
    advice_any = [c for c in conversations if c.advice_given]
    dropped = [c for c in started if not c.advice_given]
    dropouts = Counter(c.last_slot("requested_slot") or "(aucune question posée)" for c in dropped)
    fallbacks = [e for e in users if intent_of(e) == FALLBACK]
    fallback_texts = Counter(scrub(e.data.get("text") or "") for e in fallbacks)
    feedback = Counter(v for c in conversations
                       for v in [c.last_slot("feedback")] if v in FEEDBACK_VALUES)
    answered = sum(feedback.values())
    remarks = [scrub(v) for c in conversations for v in [c.last_slot("feedback_comment")]
               if isinstance(v, str) and v.strip()]
    handoff = sum(1 for c in conversations if "action_handoff" in c.actions())
    lengths = [len(c.user_events) for c in conversations]
    first = min((c.start for c in conversations), default=None)
    last = max((c.start for c in conversations), default=None)
    return {
        "period": {
            "first": _day(first, zone) if first else None,
            "last": _day(last, zone) if last else None,
            "time_zone": tz,
        },
        "conversations": len(conversations),
        "user_messages": len(users),
        "messages_per_conversation_median": statistics.median(lengths) if lengths else None,
        "conversations_per_day": dict(sorted(per_day.items())),
        "intents": intents.most_common(top),
        "questions": [(name, n) for name, n in intents.most_common()
                      if name.startswith("ask_") or name in ("human_handoff", "help")],
        "intents_total": len(intents),
        "need_kinds": needs.most_common(),
        "conversations_with_need_kinds": with_needs,
        "diagnostics": {
            "started": len(started),
            "completed": len(completed),
            "completion_rate": len(completed) / len(started) if started else None,
            "advice_without_form_in_session": len(advice_any) - len(completed),
        },
        "dropouts": sorted(dropouts.items(),
                           key=lambda kv: (FORM_SLOTS.index(kv[0]) if kv[0] in FORM_SLOTS else 99, kv[0])),
        "fallback": {
            "messages": len(fallbacks),
            "rate": len(fallbacks) / len(users) if users else None,
            "texts": fallback_texts.most_common(top),
            "distinct_texts": len(fallback_texts),
        },
        "feedback": {
            "utile": feedback.get("utile", 0),
            "pas_utile": feedback.get("pas_utile", 0),
            "answered": answered,
            "satisfaction": feedback.get("utile", 0) / answered if answered else None,
            "response_rate": answered / len(advice_any) if advice_any else None,
            "remarks": remarks,
        },
        "handoff_conversations": handoff,
    }


# -- report -----------------------------------------------------------------------------------------

def _num(x: Optional[float], digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}".replace(".", ",")


def _pct(x: Optional[float]) -> str:
    return "—" if x is None else f"{_num(100 * x, 1)} %"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cell = lambda v: str(v).replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


IMAGES = {
    "per_day": "conversations-per-day.png",
    "questions": "questions.png",
    "needs": "need-kinds.png",
    "dropouts": "dropouts.png",
}


def build_report(a: Dict[str, Any], images: Optional[str] = "usage", title: str = "Statistiques d'usage de l'assistant AMO",
                 notice: Optional[str] = None, generated: Optional[str] = None) -> str:
    """Markdown report of :func:`analyse`'s result (pure). ``images``: path of
    the images relative to the report, or None for no images."""
    d, fb, fe = a["diagnostics"], a["fallback"], a["feedback"]
    lines = [f"# {title}", ""]
    if notice:
        lines += [f"> {notice}", ""]
    lines += [
        f"Période : du {a['period']['first'] or '—'} au {a['period']['last'] or '—'} "
        f"(jour du premier message, fuseau {a['period']['time_zone']})"
        + (f" ; rapport généré le {generated}" if generated else "") + ".",
        "",
        "Ce rapport ne contient aucun identifiant de conversation. Les seuls textes cités sont "
        "les messages non compris, débarrassés des adresses électroniques, numéros de téléphone "
        "et suites de six chiffres ou plus.",
        "",
        "## En bref",
        "",
        _table(["Mesure", "Valeur"], [
            ["Conversations (sessions avec au moins un message)", a["conversations"]],
            ["Messages des usagers", a["user_messages"]],
            ["Messages par conversation (médiane)", _num(a["messages_per_conversation_median"], 1)],
            ["Diagnostics commencés", d["started"]],
            ["Diagnostics menés jusqu'au conseil", f"{d['completed']} ({_pct(d['completion_rate'])})"],
            ["Taux de repli (messages non compris)", f"{fb['messages']} ({_pct(fb['rate'])})"],
            ["Avis « utile » / « pas utile »", f"{fe['utile']} / {fe['pas_utile']}"
             + (f" ({_pct(fe['satisfaction'])} d'avis positifs)" if fe["answered"] else "")],
            ["Conversations orientées vers une personne", a["handoff_conversations"]],
        ]),
        "",
        "## Conversations par jour",
        "",
    ]
    if images:
        lines += [f"![Conversations par jour]({images}/{IMAGES['per_day']})", ""]
    per_day = a["conversations_per_day"]
    if per_day:
        values = list(per_day.values())
        lines += [f"{len(per_day)} jours avec au moins une conversation ; "
                  f"médiane {_num(statistics.median(values), 1)} par jour actif, maximum {max(values)} "
                  f"(le {max(per_day, key=per_day.get)}).", ""]
    lines += ["## Questions les plus fréquentes", ""]
    if images and a["questions"]:
        lines += [f"![Questions]({images}/{IMAGES['questions']})", ""]
    asked = sum(n for _, n in a["questions"]) or 1
    if a["questions"]:
        lines += [_table(["Question", "Intention", "Messages", "Part des questions"],
                         [[QUESTION_LABELS.get(name, name), f"`{name}`", n, _pct(n / asked)]
                          for name, n in a["questions"]]), ""]
    else:
        lines += ["Aucune question.", ""]
    total = a["user_messages"] or 1
    lines += ["Tous les messages, par intention reconnue (réponses au diagnostic comprises) :", "",
              _table(["Intention", "Messages", "Part"],
                     [[f"`{name}`", n, _pct(n / total)] for name, n in a["intents"]]), ""]
    lines += ["## Nature des besoins exprimés", "",
              f"Valeurs du créneau `need_kinds` retenues à la fin de chaque conversation "
              f"({a['conversations_with_need_kinds']} conversations ; plusieurs réponses possibles).", ""]
    if a["need_kinds"]:
        if images:
            lines += [f"![Nature des besoins]({images}/{IMAGES['needs']})", ""]
        with_needs = a["conversations_with_need_kinds"] or 1
        lines += [_table(["Besoin", "Conversations", "Part"],
                         [[NEED_LABELS.get(k, k), n, _pct(n / with_needs)] for k, n in a["need_kinds"]]), ""]
    else:
        lines += ["Aucune réponse sur la nature du besoin.", ""]
    lines += [
        "## Diagnostics menés à terme",
        "",
        f"{d['started']} conversations ont commencé le diagnostic (formulaire `diagnostic_form` "
        f"activé) ; {d['completed']} ont reçu le conseil (`action_give_advice`), soit "
        f"**{_pct(d['completion_rate'])}**.",
        "",
    ]
    if d.get("advice_without_form_in_session"):
        lines += [f"({d['advice_without_form_in_session']} conseils ont été donnés dans une session où le "
                  "diagnostic avait commencé plus tôt : reprise après une pause de plus de 8 heures.)", ""]
    lines += ["### Où les usagers quittent le diagnostic", "",
              "Dernière question posée dans les conversations qui ont commencé le diagnostic sans "
              "arriver au conseil :", ""]
    if a["dropouts"]:
        if images:
            lines += [f"![Abandons]({images}/{IMAGES['dropouts']})", ""]
        dropped = sum(n for _, n in a["dropouts"]) or 1
        lines += [_table(["Dernière question", "Conversations", "Part des abandons"],
                         [[SLOT_LABELS.get(k, k) + (f" (`{k}`)" if k in SLOT_LABELS else ""), n,
                           _pct(n / dropped)] for k, n in a["dropouts"]]), ""]
    else:
        lines += ["Aucun abandon.", ""]
    lines += [
        "## Messages non compris",
        "",
        f"{fb['messages']} messages sur {a['user_messages']} ont été classés `nlu_fallback` "
        f"(**{_pct(fb['rate'])}**), {fb['distinct_texts']} textes distincts. Les plus fréquents, "
        "à examiner pour enrichir les données d'entraînement (data/nlu) :",
        "",
    ]
    if fb["texts"]:
        lines += [_table(["Message (nettoyé)", "Fois"], [[f"« {t} »", n] for t, n in fb["texts"]]), ""]
    lines += [
        "## Satisfaction",
        "",
        "Réponse à « Ces conseils vous sont-ils utiles ? » (créneau `feedback`), après le conseil :",
        "",
        _table(["Réponse", "Conversations"], [["utile", fe["utile"]], ["pas utile", fe["pas_utile"]]]),
        "",
        f"Satisfaction : **{_pct(fe['satisfaction'])}** des avis exprimés ; "
        f"{_pct(fe['response_rate'])} des conversations ayant reçu un conseil ont répondu.",
        "",
    ]
    if fe.get("remarks"):
        lines += ["Ce qui n'allait pas, dans les mots des usagers (après « Non », nettoyé) :", "",
                  *(f"- « {r} »" for r in fe["remarks"]), ""]
    return "\n".join(lines)


def draw(a: Dict[str, Any], folder: Path) -> List[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    color = "#235c3b"
    made = []

    def barh(pairs: List[Tuple[str, int]], path: Path, title: str, xlabel: str) -> None:
        fig, ax = plt.subplots(figsize=(7.5, max(2.5, 0.32 * len(pairs) + 1.2)))
        labels = [p[0] for p in pairs][::-1]
        values = [p[1] for p in pairs][::-1]
        ax.barh(labels, values, color=color)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v}", va="center", fontsize=8)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.tick_params(labelsize=8)
        ax.set_xlim(0, (max(values) if values else 1) * 1.15)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        made.append(path)

    per_day = a["conversations_per_day"]
    if per_day:
        first = dt.date.fromisoformat(min(per_day))
        last = dt.date.fromisoformat(max(per_day))
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        values = [per_day.get(day.isoformat(), 0) for day in days]
        fig, ax = plt.subplots(figsize=(9, 3.2))
        ax.bar(days, values, color=color)
        ax.set_title("Conversations par jour")
        ax.set_ylabel("conversations")
        fig.autofmt_xdate()
        fig.tight_layout()
        path = folder / IMAGES["per_day"]
        fig.savefig(path, dpi=110)
        plt.close(fig)
        made.append(path)
    if a["questions"]:
        barh([(QUESTION_LABELS.get(k, k), n) for k, n in a["questions"][:15]], folder / IMAGES["questions"],
             "Questions les plus fréquentes", "messages")
    if a["need_kinds"]:
        barh([(NEED_LABELS.get(k, k), n) for k, n in a["need_kinds"]], folder / IMAGES["needs"],
             "Nature des besoins", "conversations")
    if a["dropouts"]:
        barh([(SLOT_LABELS.get(k, k), n) for k, n in a["dropouts"]], folder / IMAGES["dropouts"],
             "Dernière question avant abandon du diagnostic", "conversations")
    return made


def _timestamp(day: Optional[str], tz: ZoneInfo) -> Optional[float]:
    if not day:
        return None
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tz).timestamp()


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.usage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True,
                        help="SQLite file of the tracker store, or an SQLAlchemy URL "
                             "(postgresql://user:password@host:5432/rasa)")
    parser.add_argument("--out", required=True,
                        help="Markdown report to write, or a folder (then <folder>/usage-report.md)")
    parser.add_argument("--images", help="folder of the plots (default: <folder of the report>/usage)")
    parser.add_argument("--since", help="first day included (YYYY-MM-DD)")
    parser.add_argument("--until", help="first day excluded (YYYY-MM-DD)")
    parser.add_argument("--tz", default="Europe/Paris")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--title", default="Statistiques d'usage de l'assistant AMO")
    parser.add_argument("--notice", help="a line shown at the top (e.g. « données synthétiques »)")
    parser.add_argument("--json", help="also write the numbers as JSON")
    args = parser.parse_args(list(argv))
    zone = ZoneInfo(args.tz)
    events = read_events(args.db, _timestamp(args.since, zone), _timestamp(args.until, zone))
    conversations = split_conversations(events)
    result = analyse(conversations, tz=args.tz, top=args.top)
    out = Path(args.out)
    if out.is_dir() or out.suffix.lower() not in (".md", ".markdown"):
        out = out / "usage-report.md"
    images = Path(args.images) if args.images else out.parent / "usage"
    draw(result, images)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(result, os.path.relpath(images, out.parent), args.title, args.notice,
                                dt.date.today().isoformat()), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"{result['conversations']} conversations → {out} (images : {images})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
