"""Messages typed once the diagnostic's result is given that ask something of
the assistant itself, whatever the classifier heard in them
(``assistant.after``): the answering actions call these first."""
from __future__ import annotations

import re

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_text, message_text, say, send
from actions.several import answer_each, question_views
from actions.slots import (DIAGNOSTIC_SLOTS, correction_request, diagnostic_in_progress, previous_value, reset_events,
                           restart_asked)
from assistant.after import (asks_next_steps, asks_result_again, asks_what_was_noted, asks_shorter, complaint, feedback_on_the_result, feedback_remark,
                             is_sigh, short_version, wants_to_give_feedback)
from assistant import parsing
from assistant.answers import answers_question, comes_back, definition_question, unknown_definition_word, without_yes_no
from assistant.questions import (PAYMENT_TERMS, PRICE_JUDGED, asked_thresholds, asks_other_thresholds, asks_the_thresholds, direct_question,
                                 formalised_question, route_question, splitting_question)
from assistant.text import fold, normalize


def after_result(tracker: Tracker) -> bool:
    """The result is given and no form is waiting for an answer."""
    return bool(tracker.get_slot("diagnostic_done")) and not tracker.active_loop_name


def change_after_result(tracker: Tracker) -> Optional[str]:
    """After the result, the answer the message asks to change without giving
    the new one (« corriger le type de structure », « je veux changer la
    durée », F-L1): its slot, or None."""
    return correction_request(tracker) if after_result(tracker) else None


def reask_after_result(tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """« corriger le type de structure » after the result, whatever the
    classifier heard: the form comes back and asks that question again, with
    its buttons (``actions.forms``); the answer updates the result. Its events,
    or None when the message is not that."""
    if change_after_result(tracker) is None:
        return None
    return [SlotSet("diagnostic_done", False), FollowupAction("diagnostic_form")]


def paused_diagnostic(tracker: Tracker) -> bool:
    """A diagnostic was left unfinished and its form no longer runs: paused
    (« je fais une pause », « je dois y aller »), its answers kept. Answers
    given before the latest message, not only those it brings."""
    return tracker.active_loop_name in (None, "action_two_stage_fallback") \
        and diagnostic_in_progress(tracker) \
        and any(previous_value(tracker, slot) is not None for slot in DIAGNOSTIC_SLOTS)


def resume_after_pause(dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """« c bon je reviens », « je suis de retour », « me revoilà » once the
    diagnostic was paused (``assistant.answers.comes_back``), whatever the
    classifier heard: the diagnostic resumes at the question where it
    stopped, as « reprendre » does (``action_start_diagnostic``: « Reprenons
    là où nous en étions. », then the form asks its next question). « c bon
    je reviens » was heard as a new pause, « je suis de retour » not
    understood (live test). Its events, or None when the message is not that."""
    if not (paused_diagnostic(tracker) and comes_back(latest_text(tracker))):
        return None
    say(dispatcher, "diagnostic_resumed")
    return [FollowupAction("diagnostic_form")]


def next_steps(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« et maintenant ? » after the result: the « Et maintenant ? » menu
    (what to look at next), not the after-mission tip that the classifier
    hears in it (final S-L4). True when sent."""
    if not (after_result(tracker) and asks_next_steps(latest_text(tracker))):
        return False
    dispatcher.utter_message(response="utter_next_steps")
    return True


def acknowledge_complaint(dispatcher: CollectingDispatcher, tracker: Tracker,
                          offer: bool = True) -> Optional[List[Dict[Text, Any]]]:
    """A complaint about the answers, typed outside a form (the diagnostic
    reads its answers, the feedback form takes any remark): « mon avis : vos
    reponses sont trop longues », « ça m'aide pas », « pfff » (final M-M8):
    thanked in a line, recorded as the feedback form records a remark (slot
    ``feedback_comment``, read by the usage report; a sigh alone says nothing
    to record), then an offer: a shorter question, a person (not when
    ``offer`` is False: the message's question was just answered). Its
    events, or None when the message is not that."""
    from actions.hygiene import MAX_COMMENT_CHARS, feedback_comment

    text = latest_text(tracker)
    if tracker.active_loop_name not in (None, "action_two_stage_fallback"):
        return None
    if wants_to_give_feedback(text):
        # « je voudrais donner mon avis sur l'outil » (live test, session 11)
        say(dispatcher, "feedback_invited")
        return []
    if not complaint(text):
        return None
    events: List[Dict[Text, Any]] = []
    remark = None if is_sigh(text) else feedback_comment(text)
    # (not after a question answered in this turn: its answer is the last;
    # not after the invitation to give one's opinion: nothing to shorten)
    shorter = shorter_answer(tracker) if offer and asks_shorter(text) and not _invited(tracker) else None
    if shorter is not None:
        # « c'est trop long »: said in a line, then the last answer in short
        # (its key sentence, its links and buttons), not an offer to ask
        # again (final M-M8)
        say(dispatcher, "complaint_shorter")
        send(dispatcher, *shorter)
        offer = False
    elif remark is None:
        say(dispatcher, "complaint_sigh")
    else:
        say(dispatcher, "complaint_noted")
    if remark is not None:
        earlier = tracker.get_slot("feedback_comment")
        if isinstance(earlier, str) and earlier and earlier != remark:
            remark = f"{earlier} | {remark}"[:MAX_COMMENT_CHARS]
        events.append(SlotSet("feedback_comment", remark))
    if offer:
        say(dispatcher, "complaint_offer")
    return events


def acknowledge_feedback(dispatcher: CollectingDispatcher,
                         tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """Feedback on the result typed once it is given, whatever the classifier
    heard in it (``assistant.after.feedback_on_the_result``: « merci c'était
    clair, peut etre un peu long sur telephone », « c'etait bien »): thanked
    (« Merci pour votre retour. »), the opinion recorded (slot ``feedback``,
    when not given yet; a remark in slot ``feedback_comment``, as
    ``acknowledge_complaint`` does), and nothing of the diagnostic changes:
    read as a correction, « telephone » became the domain numérique (live
    test, session 12). A correction in so many words (« en fait… ») is no
    feedback. Its events, or None when the message is not that."""
    text = latest_text(tracker)
    if not tracker.get_slot("diagnostic_done") \
            or tracker.active_loop_name not in (None, "action_two_stage_fallback"):
        return None
    if not feedback_on_the_result(text) or complaint(text) or parsing.is_correction(text, contrast=False):
        return None         # (a complaint: ``acknowledge_complaint``)
    return _thanked_as_useful(dispatcher, tracker)


def _thanked_as_useful(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """« Merci pour votre retour. », the advice recorded as useful (slot
    ``feedback``, when not given yet) and the remark beside it, if any."""
    say(dispatcher, "feedback_thanks")
    events: List[Dict[Text, Any]] = []
    if tracker.get_slot("feedback") is None:
        events.append(SlotSet("feedback", "utile"))
    return events + feedback_remark_events(tracker)


def feedback_remark_events(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The remark that feedback on the result makes beside its thanks or
    praise (``assistant.after.feedback_remark``: « super outil merci, peut
    etre un peu long sur les questions »), kept in the user's words in slot
    ``feedback_comment`` after any earlier one (read by the usage report).
    No event when the message only thanks or praises."""
    from actions.hygiene import MAX_COMMENT_CHARS, feedback_comment

    text = latest_text(tracker)
    remark = feedback_comment(text) if feedback_on_the_result(text) and feedback_remark(text) else None
    if not remark:
        return []
    earlier = tracker.get_slot("feedback_comment")
    if isinstance(earlier, str) and earlier and earlier != remark:
        remark = f"{earlier} | {remark}"[:MAX_COMMENT_CHARS]
    return [SlotSet("feedback_comment", remark)]


def _invited(tracker: Tracker) -> bool:
    """The last answer invited the user to give their opinion (« Volontiers,
    votre avis m'aide… »)."""
    invitation = normalize(message_text("feedback_invited"))[:40]
    return any(normalize(e.get("text")).startswith(invitation) for e in last_answer(tracker))


def remark_in_form(tracker: Tracker) -> bool:
    """While a question of the diagnostic waits, the message is a complaint
    about the answers or a wish to give one's opinion, not its answer: « les
    reponses sont trop longues sur mon telephone » at the structure question
    got « Je n'ai pas reconnu le type de structure » (live test, session 11).
    A sigh alone (« bof ») is left to the question's validator."""
    asked = tracker.get_slot("requested_slot")
    text = latest_text(tracker)
    if tracker.active_loop_name != "diagnostic_form" or asked not in DIAGNOSTIC_SLOTS:
        return False
    if not (wants_to_give_feedback(text) or (complaint(text) and not is_sigh(text))):
        return False
    return not answers_question(asked, without_yes_no(text))


def acknowledge_remark_in_form(dispatcher: CollectingDispatcher,
                               tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """``remark_in_form``: the wish invited or the complaint thanked and
    recorded (slot ``feedback_comment``, as ``acknowledge_complaint`` does);
    the question waiting keeps its earlier value, so the form asks it again
    (live test, session 11). Its events, or None when the message is not that."""
    from actions.hygiene import MAX_COMMENT_CHARS, feedback_comment

    if not remark_in_form(tracker):
        return None
    asked = tracker.get_slot("requested_slot")
    events: List[Dict[Text, Any]] = [SlotSet(asked, previous_value(tracker, asked))]
    text = latest_text(tracker)
    if wants_to_give_feedback(text):
        say(dispatcher, "feedback_invited")
        return events
    say(dispatcher, "complaint_noted")
    remark = feedback_comment(text)
    earlier = tracker.get_slot("feedback_comment")
    if remark and isinstance(earlier, str) and earlier and earlier != remark:
        remark = f"{earlier} | {remark}"[:MAX_COMMENT_CHARS]
    return events + ([SlotSet("feedback_comment", remark)] if remark else [])


# Buttons that belong to a question asked after an answer, not to the answer
# (« Ces conseils vous sont-ils utiles ? » : Oui / Non).
_QUESTION_PAYLOADS = ("/affirm", "/deny")


def last_answer(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The messages the assistant sent in answer to the user message before
    the latest one (bot events, with their buttons in ``data``)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if len(users) < 2:
        return []
    return [e for e in tracker.events[users[-2] + 1:users[-1]]
            if e.get("event") == "bot" and (e.get("text") or "").strip()]


def shorter_answer(tracker: Tracker) -> Optional[tuple]:
    """(text, buttons) of the last answer in short (``assistant.after.
    short_version``: its key sentence on a line, its links on the next), with
    the buttons it offered; None when there was none to shorten."""
    answer = last_answer(tracker)
    short = short_version([e.get("text") or "" for e in answer])
    if not short:
        return None
    buttons = list({b.get("payload"): b for e in answer
                    for b in ((e.get("data") or {}).get("buttons") or [])
                    if b.get("payload") and b.get("payload") not in _QUESTION_PAYLOADS}.values())
    return short, buttons or None


async def understood_after_all(dispatcher: CollectingDispatcher,
                               tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """A message the classifier did not place (a fallback, out of scope) that
    the assistant reads all the same, tried in this order: the return of a
    user who paused the diagnostic (« je suis de retour »), the correction of a
    noted answer after the result (« … on est un syndicat mixte ouvert, pas un
    EPCI », final N6), a provider's proposal pasted in (M-M1), several
    questions (``actions.several``), a question the data answers directly (« on peut
    reprendre le bureau d'études de 2024 sans mise en concurrence ? », D-M7), a
    complaint about the answers (M-M8), « et maintenant ? » after the result
    (S-L4), a question on the procedure for an amount (``route_question``) or
    on the value of a threshold it names (``asked_thresholds``), a public
    partner weighed against a private provider, a rough price asked right
    after the price answer, a follow-up of a procurement answer (« et si
    c'est TTC ? »); and, right after a question the data answers
    directly, one need cut into several contracts (``splitting_question``:
    the parts' total and its route).
    Its events once answered, or None."""
    from actions.advice import correct_after_result   # (they import this module)
    from actions.definitions import answer_partner_or_provider
    from actions.faq import answer_direct_question, answer_price_follow_up
    from actions.proposal import answer_provider_proposal

    resumed = resume_after_pause(dispatcher, tracker)
    if resumed is not None:
        return resumed      # « je suis de retour » after a pause
    corrected = await correct_after_result(dispatcher, tracker)
    if corrected:
        return corrected
    reasked = reask_after_result(tracker)
    if reasked is not None:
        return reasked
    feedback = acknowledge_feedback(dispatcher, tracker)
    if feedback is not None:
        return feedback     # « c'etait bien, merci » (live test, session 12)
    if answer_provider_proposal(dispatcher, tracker):
        return []       # a provider's e-mail pasted in (final M-M1)
    from actions.definitions import after_partners_answer, answer_eligibility_follow_up
    if after_partners_answer(tracker) and answer_eligibility_follow_up(dispatcher, tracker):
        return []       # « on y a droit ? » after a partner's card (live test, session 17)
    from actions.procurement import answer_same_for_structure
    if answer_same_for_structure(dispatcher, tracker):
        return []       # « et pour une interco c pareil ? » (live test, session 17)
    views = question_views(tracker)
    if views:
        # several questions, none understood in the whole message: each
        # answered in turn (``actions.several``)
        from actions.faq import ActionAnswerQuestion
        return await answer_each(dispatcher, views, ActionAnswerQuestion().answer_one)
    if answer_direct_question(dispatcher, tracker):
        return []
    if asks_the_thresholds(latest_text(tracker)):
        # « je voudrais savoir les seuils » (« Vouliez-vous parler de : Les
        # seuils… », live test, session 27): the thresholds in force
        from actions.procurement import answer_procurement
        return answer_procurement(dispatcher, tracker)
    if asks_what_was_noted(latest_text(tracker)) or asks_result_again(latest_text(tracker)) \
            or formalised_question(latest_text(tracker)):
        # (« et le dialogue compétitif ? » after « la différence entre MAPA et
        # appel d'offres » was not understood: live test, session 24)
        # « vous avez noté quoi ? » (not understood, live test, session 18):
        # what is noted; « je voudrais revoir les conseils » (session 23):
        # the result
        from actions.faq import ActionAnswerQuestion
        return await ActionAnswerQuestion().answer_one(dispatcher, tracker)
    if splitting_question(latest_text(tracker)):
        # « le prestataire nous propose 30 000 pour la 1ere phase et 30 000
        # pour la 2eme, on peut faire 2 contrats ? » (not understood, live
        # test, session 12): no splitting, the parts add up, the route of the total
        from actions.procurement import splitting_total
        if splitting_total(dispatcher, tracker):
            return []
    if answer_partner_or_provider(dispatcher, tracker) or answer_price_follow_up(dispatcher, tracker):
        # « ds quel cas on prend l'ATD plutôt qu'un amo privé », « en gros,
        # une fourchette ? » after the price answer (live test, session 12)
        return []
    from actions.procurement import answer_procurement, answered_as_follow_up, since_when_follow_up
    if since_when_follow_up(tracker):
        # « et depuis quand ça a changé ? » after a threshold checked (out of
        # scope, live test, session 24): that threshold, with its date
        return answer_procurement(dispatcher, tracker)
    if answered_as_follow_up(tracker):
        # « et si c'est TTC ? » right after the route of 58 000 € HT (not
        # understood, live test, session 21): the route of the amount read
        # in the other tax, or at the new date, like any follow-up
        return answer_procurement(dispatcher, tracker)
    if route_question(latest_text(tracker)) or asked_thresholds(latest_text(tracker)) is not None \
            or asks_other_thresholds(latest_text(tracker)):
        # « 60000 HT pile pr une amo, dispense ou pas ? » (live test, session
        # 11), « documents gratuits à partir de ? » (session 12)
        return answer_procurement(dispatcher, tracker)
    complained = acknowledge_complaint(dispatcher, tracker)
    if complained is not None:
        return complained
    if next_steps(dispatcher, tracker):
        return []
    if _definition_not_known(dispatcher, tracker):
        return []
    return None


# « et un marché global de performance ? » right after a definition question:
# that thing asked about the same way.
_AND_A = re.compile(r"^\s*(?:et|ou)\s+(?P<x>(?:un|une|le|la|les|l'|l’|des)\s*\S.{2,60}?)\s*\?*\s*$", re.I)


def _definition_not_known(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« c'est quoi un contrat de performance énergétique ? » (nlu_fallback)
    got « Vouliez-vous parler de : une définition… », then « et un marché
    global de performance ? » « Désolé, je n'ai toujours pas compris » (live
    test, session 26): a short definition question on something the data do
    not define gets « Je n'ai pas de définition de « … » dans mes données »,
    with the terms it can explain; one the data define, its definition. True
    when answered."""
    from actions.definitions import TERM_BUTTONS, explain
    from actions.procurement import earlier_texts

    text = latest_text(tracker)
    follow = _AND_A.match(text)
    earlier = earlier_texts(tracker, 1)
    if follow and earlier and (definition_question(earlier[0]) is not None
                               or unknown_definition_word(earlier[0]) is not None):
        text = f"c'est quoi {follow.group('x')} ?"
    asked = definition_question(text)
    if asked is not None and text != latest_text(tracker):
        explain(dispatcher, asked)
        return True
    unknown = unknown_definition_word(text)
    if unknown is None:
        return False
    send(dispatcher, message_text("unknown_term").format(word=unknown), buttons=TERM_BUTTONS)
    return True


def _complaint_or(dispatcher: CollectingDispatcher, tracker: Tracker,
                  response: str) -> List[Dict[Text, Any]]:
    """A rule's plain ``response``, unless the message is a complaint about
    the answers that the classifier heard as thanks or as a request for help
    (« mon avis : vos réponses sont trop longues » got « Avec plaisir », « ça
    m'aide pas » the capability list, final M-M8): then
    ``acknowledge_complaint``."""
    complained = acknowledge_complaint(dispatcher, tracker)
    if complained is not None:
        return complained
    feedback = acknowledge_feedback(dispatcher, tracker)
    if feedback is not None:
        return feedback     # « merci c'était clair » after the result (live test, session 12)
    if remark_in_form(tracker):
        return []       # (the form acknowledges it, then asks its question again)
    dispatcher.utter_message(response=response)
    return []


class ActionThank(Action):
    """Thanks: « Avec plaisir » (``_complaint_or``)."""

    def name(self) -> Text:
        return "action_thank"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return _complaint_or(dispatcher, tracker, "utter_you_are_welcome")


_THIS_THING = re.compile(r"\b(?:ce|cet|cette|ca)\s*(?:truc|machin|bidule|bot|chatbot|robot|outil|service"
                         r"|site|assistant|application|appli|app|programme)?\s*\??\s*$"
                         r"|\b(?:vous|tu|toi|t|sert|servez|sers|servir|fais|faites)\b")


class ActionHelp(Action):
    """Help: what the assistant can do (``_complaint_or``). A question that
    the data answer directly, heard as a request for help (« comment je
    compare les devis ? » help 0.51, « par quoi je commence ? » help 0.64),
    gets its answer, not the list of what the assistant can do."""

    def name(self) -> Text:
        return "action_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        from actions.faq import answer_direct_question   # (it imports this module)

        if answer_direct_question(dispatcher, tracker) or next_steps(dispatcher, tracker):
            # (« merci, et maintenant je fais quoi concrètement ? » after the
            # result, help 0.57, got the list of what the assistant can do:
            # live test, session 26)
            return []
        if not _THIS_THING.search(fold(latest_text(tracker))):
            # « c quoi egalim » (help 0.39) got the list of what the assistant
            # can do (live test, session 27): a definition, or that the data
            # have none; not « c'est quoi ce truc ? », the assistant itself
            asked = definition_question(latest_text(tracker))
            if asked is not None:
                from actions.definitions import explain
                explain(dispatcher, asked)
                return []
            if _definition_not_known(dispatcher, tracker):
                return []
        return _complaint_or(dispatcher, tracker, "utter_help")


# « oui » counts as the answer to « Ces conseils vous sont-ils utiles ? » for
# this many user messages after it, the « oui » included (a detail opened from
# the result, then « oui »).
FEEDBACK_ANSWER_TURNS = 3


def feedback_pending(tracker: Tracker) -> bool:
    """« Ces conseils vous sont-ils utiles ? » was asked after the result, a
    message or two ago, and not answered yet (slot ``feedback`` empty)."""
    if not tracker.get_slot("diagnostic_done") or tracker.get_slot("feedback") is not None:
        return False
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > FEEDBACK_ANSWER_TURNS:
                return False
        elif event.get("event") == "action" and event.get("name") == "utter_ask_feedback":
            return users >= 1 and not _asked_something_else(tracker)
    return False


def _asked_something_else(tracker: Tracker) -> bool:
    """The assistant's last message before the latest user message ends with
    a question other than « utiles ? »: « oui » or « non » answers that one."""
    answer = last_answer(tracker)
    text = (answer[-1].get("text") or "").strip() if answer else ""
    return text.endswith("?") and "utiles ?" not in text


def _diagnostic_offered(tracker: Tracker) -> bool:
    """The assistant's last answer offered to start the diagnostic (its
    button), and the diagnostic has not begun."""
    if tracker.get_slot("diagnostic_done") or diagnostic_in_progress(tracker):
        return False
    return any(b.get("payload") == "/start_diagnostic"
               for e in last_answer(tracker) for b in ((e.get("data") or {}).get("buttons") or []))


class ActionAffirm(Action):
    """« oui » with no question just asked. The answer to « Ces conseils vous
    sont-ils utiles ? » when it is still pending (``feedback_pending``): a
    detail opened from the result came in between, and « oui » got the list of
    what the assistant can do (live test, session 18); it is now recorded as
    the button « Oui » is (``action_store_feedback``), then the next steps.
    Otherwise what the assistant can do (``_complaint_or``)."""

    def name(self) -> Text:
        return "action_affirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if restart_asked(tracker):
            # « oui » to « J'efface tout et je recommence ? »: cleared, and the
            # diagnostic starts again at its first question (during it, the
            # form was rejected by « recommencer »: the rules run this first)
            say(dispatcher, "start_diagnostic")
            return reset_events() + [SlotSet("diagnostic_done", False), SlotSet("requested_slot", None),
                                     FollowupAction("diagnostic_form")]
        if feedback_pending(tracker):
            events = _thanked_as_useful(dispatcher, tracker)
            dispatcher.utter_message(response="utter_next_steps")
            return events
        if _diagnostic_offered(tracker) and not tracker.active_loop_name:
            # « ok vas-y » after an answer that offered the diagnostic (its
            # button) got the list of what the assistant can do (live test,
            # session 26): the diagnostic starts, as the button starts it (no
            # rule runs the form after a follow-up action: it is run here)
            from actions.diagnostic import ActionStartDiagnostic   # (it imports this module)
            events = await ActionStartDiagnostic().run(dispatcher, tracker, domain)
            if any(e.get("event") == "followup" for e in events):
                return events
            return events + [FollowupAction("diagnostic_form")]
        return _complaint_or(dispatcher, tracker, "utter_help")


class ActionDeny(Action):
    """« non » with no question just asked. The answer to « Ces conseils vous
    sont-ils utiles ? » when it is still pending (``feedback_pending``: a
    detail opened from the result came in between), as the button « Non »
    is: sorry, ``feedback`` = pas_utile, and the feedback form asks what was
    wrong. Otherwise « D'accord. Je reste à votre disposition… »."""

    def name(self) -> Text:
        return "action_deny"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if restart_asked(tracker):
            # « non » to « J'efface tout ? »: during the diagnostic, the form
            # asks its question again next
            say(dispatcher, "restart_kept" if tracker.active_loop_name == "diagnostic_form" else "restart_kept_paused")
            return []
        if feedback_pending(tracker):
            say(dispatcher, "feedback_sorry")
            return [SlotSet("feedback", "pas_utile"), FollowupAction("feedback_form")]
        if direct_question(latest_text(tracker)) in (PRICE_JUDGED, PAYMENT_TERMS):
            # « ca fait cher non » (deny 0.90, live test, session 23) is no « non »
            from actions.faq import answer_direct_question
            answer_direct_question(dispatcher, tracker)
            return []
        dispatcher.utter_message(response="utter_not_in_diagnostic")
        return []
