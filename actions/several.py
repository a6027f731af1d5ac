"""Several questions in one message, each answered in turn.

The intent classifier lists the questions of a message that asks several
(``components.linear_intent``: the ``questions`` of the latest message, each
with its intent, its span and the pieces of the message its answer reads,
context included). ``question_views`` gives, for each question to the
assistant, a view of the tracker whose latest message is that question: its
text, its intent, the entities whose span lies in its pieces (shifted). The
answering actions run their usual answer on each view (``answer_each``): every
reader of the latest message (``actions.common.latest_text``,
``latest_intent``, ``latest_entity_values``, ``tracker.latest_message``) then
reads the question alone; the events (earlier messages, answers given) are
the conversation's.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import message_text
from assistant.typography import fr_typo

QUESTIONS_KEY = "questions"     # (components.linear_intent.QUESTIONS_KEY)
QUESTION_PREFIX = "ask_"
# A question is answered when its intent is a question to the assistant with
# at least the probability that lets a question clause decide the intent of a
# message (``question_clause_threshold`` of components.linear_intent): below,
# the message is answered whole, as before.
MIN_CONFIDENCE = 0.5
# At most this many answers in a turn (an answer is already 1 to 4 messages);
# beyond, the user is asked to send the others one at a time.
MAX_ANSWERED = 3
# A question quoted before its answer is cut beyond this (on a phone).
MAX_QUOTED_CHARS = 70
COUNTS = {2: "deux", 3: "trois", 4: "quatre"}
ORDINALS = ("première", "deuxième", "troisième", "quatrième", "cinquième")

Answer = Callable[[CollectingDispatcher, Tracker], Awaitable[List[Dict[Text, Any]]]]


def answerable(questions: Optional[Sequence[Dict[str, Any]]], text: str = "") -> List[Dict[str, Any]]:
    """The questions to the assistant among ``questions`` (``MIN_CONFIDENCE``),
    or none when fewer than two: the message is then answered whole. A
    question the classifier is less sure of, or heard as no question to the
    assistant, counts all the same when the assistant reads what it asks in
    its words (``read_by_the_assistant``)."""
    found = [q for q in questions or []
             if isinstance(q.get("start"), int) and isinstance(q.get("end"), int)
             and ((str(q.get("intent") or "").startswith(QUESTION_PREFIX)
                   and float(q.get("confidence") or 0) >= MIN_CONFIDENCE)
                  or read_by_the_assistant(q, text))]
    return found if len(found) >= 2 else []


def read_by_the_assistant(question: Dict[str, Any], text: str) -> bool:
    """Whether the assistant reads what ``question`` (of the message ``text``)
    asks in its words, whatever the classifier heard: a question of the
    consultation or with a one-topic answer (« comment on les analyse ? » after
    « on vient de recevoir 4 offres », heard as the end of the mission at
    0.21: ``assistant.questions.direct_question``), or a question to the
    assistant that names a threshold's rule (« faut un contrat ecrit ? »,
    heard as procurement at 0.42: ``threshold_roles_named``). Live test,
    session 12: these were dropped, and the message answered whole."""
    from assistant.questions import direct_question, threshold_roles_named

    if not text:
        return False
    read = " ".join(text[s:e] for s, e in _pieces(question))
    if direct_question(read) is not None or _routed(question, text) or _asks_for_an_amo(question, text):
        return True
    own = text[question["start"]:question["end"]]
    return str(question.get("intent") or "").startswith(QUESTION_PREFIX) and bool(threshold_roles_named(own))


def _asks_for_an_amo(question: Dict[str, Any], text: str) -> bool:
    """« Questions : 1) faut-il un AMO ? 2) quelle procédure ? » after what the
    project is: the first, heard as a request to start the diagnostic with
    its context, was left out (live test, session 26). Whether an AMO is
    needed, in the question's own words."""
    from assistant.questions import asks_whether_an_amo_is_needed

    return bool(text) and asks_whether_an_amo_is_needed(text[question["start"]:question["end"]])


def _routed(question: Dict[str, Any], text: str) -> bool:
    """A question on the procedure for an amount its pieces name, heard as no
    question to the assistant: « … un devis d'un bureau d'etude a 38 000 euros
    TTC … le conseiller municipal … dit qu'il faut faire un appel d'offres, moi
    je pense que non, qui a raison ? » (inform 0.98 with its context) was left
    out, and the message answered by its other question alone, the aids
    (live test, session 18)."""
    from assistant.answers import phrased_as_question
    from assistant.questions import route_question

    if str(question.get("intent") or "").startswith(QUESTION_PREFIX):
        return False
    own = text[question["start"]:question["end"]]
    return phrased_as_question(own) and route_question(" ".join(text[s:e] for s, e in _pieces(question)))


def _pieces(question: Dict[str, Any]) -> List[Tuple[int, int]]:
    spans = question.get("spans") or [[question["start"], question["end"]]]
    return [(int(s), int(e)) for s, e in spans]


def view_message(parse_data: Dict[str, Any], question: Dict[str, Any]) -> Dict[str, Any]:
    """The parse data of ``question`` alone: the pieces of the message its
    answer reads joined by a space, its intent, the entities whose span lies
    in one of these pieces (shifted to the joined text)."""
    text = parse_data.get("text") or ""
    pieces = _pieces(question)
    joined: List[str] = []
    entities: List[Dict[str, Any]] = []
    offset = 0
    for start, end in pieces:
        for entity in parse_data.get("entities") or []:
            e_start, e_end = entity.get("start"), entity.get("end")
            if isinstance(e_start, int) and isinstance(e_end, int) and start <= e_start and e_end <= end:
                entities.append({**entity, "start": e_start - start + offset, "end": e_end - start + offset})
        joined.append(text[start:end])
        offset += end - start + 1
    intent = {"name": question.get("intent"), "confidence": float(question.get("confidence") or 0)}
    if _routed(question, text):
        intent = {"name": "ask_procurement", "confidence": intent["confidence"]}
    elif _asks_for_an_amo(question, text):
        intent = {"name": "ask_amo_mandatory", "confidence": intent["confidence"]}
    view = {k: v for k, v in parse_data.items() if k != QUESTIONS_KEY}
    view.update(text=" ".join(joined), intent=intent, intent_ranking=[intent], entities=entities)
    return view


def question_views(tracker: Tracker) -> List[Tuple[int, str, Tracker]]:
    """(its number among the message's questions from 0, the question as
    typed, a view of the tracker whose latest message is that question) for
    each question to the assistant of the latest message, in order; empty
    unless it asks at least two (``answerable``)."""
    parse_data = tracker.latest_message or {}
    text = parse_data.get("text") or ""
    questions = list(parse_data.get(QUESTIONS_KEY) or [])
    views = []
    for question in answerable(questions, text):
        view = Tracker(tracker.sender_id, dict(tracker.slots), view_message(parse_data, question),
                       tracker.events, tracker.is_paused(), tracker.followup_action,
                       tracker.active_loop, tracker.latest_action_name)
        views.append((questions.index(question), text[question["start"]:question["end"]], view))
    return views


def quoted(question: str) -> str:
    """The question as typed, cut between words beyond ``MAX_QUOTED_CHARS``."""
    question = " ".join(question.split())
    if len(question) <= MAX_QUOTED_CHARS:
        return question
    cut = question[:MAX_QUOTED_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def which_question(number: int, question: str) -> str:
    """« Votre deuxième question : « … » » (``number`` from 0)."""
    ordinal = ORDINALS[number] if number < len(ORDINALS) else f"{number + 1}e"
    return message_text("several_questions_next").format(ordinal=ordinal, question=quoted(question))


async def answer_each(dispatcher: CollectingDispatcher, views: Sequence[Tuple[int, str, Tracker]],
                      answer: Answer) -> List[Dict[Text, Any]]:
    """Each question answered in order by ``answer`` on its view; before each
    answer after the first, which question it answers. An answer that says
    nothing, or the same as an answer already given, is left out. Slots set by
    an answer are seen by the next ones."""
    events: List[Dict[Text, Any]] = []
    given: List[List[Dict[str, Any]]] = []
    for number, question, view in views[:MAX_ANSWERED]:
        for event in events:
            if event.get("event") == "slot":
                view.slots[event["name"]] = event.get("value")
        own = CollectingDispatcher()
        events.extend(await answer(own, view) or [])
        if not own.messages or own.messages in given:
            continue
        if given:
            dispatcher.utter_message(text=fr_typo(which_question(number, question)))
        given.append(own.messages)
        dispatcher.messages.extend(own.messages)
    if len(views) > MAX_ANSWERED:
        dispatcher.utter_message(text=fr_typo(message_text("several_questions_more").format(
            count=COUNTS.get(MAX_ANSWERED, str(MAX_ANSWERED)))))
    return events
