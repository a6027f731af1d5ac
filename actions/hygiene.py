"""Conversation hygiene: greeting with a menu, human handoff, feedback, and the
two-stage fallback's « Vouliez-vous dire… ? »."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.after import feedback_remark_events, understood_after_all
from actions.common import (
    button_set, contact, fallback_partners, intent_label, latest_entity_values, latest_intent, latest_text, message,
    message_text, say, send, typed_text,
)
from actions.render import bullets
from actions.slots import diagnostic_in_progress, profile_from_slots, slot_values
from assistant import parsing
from assistant.answers import asks_for_contact
from assistant.questions import direct_question
from assistant.engine import partners_among
from assistant.knowledge import load_knowledge
from assistant.profile import STRUCTURE_TYPES, THEMES
from assistant.text import foreign_language, words

MENU_BUTTONS = button_set("menu")      # config/buttons.yml


class ActionGreet(Action):
    """Bonjour, what the assistant does, and a short menu (or « reprendre »)."""

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if direct_question(latest_text(tracker)) is not None:
            # « Bonjour, est-ce qu'une association peut etre AMO ? », heard as a
            # greeting, got the menu (live test, session 24): the answer
            from actions.faq import ActionAnswerQuestion

            send(dispatcher, "Bonjour.")
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        send(
            dispatcher,
            "Bonjour. J'aide les communes, intercommunalités et syndicats à décider "
            "s'il faut recourir à un assistant à maîtrise d'ouvrage (AMO) pour un projet "
            "de transition écologique ou numérique, et comment s'y prendre.",
        )
        send(
            dispatcher,
            "Merci de ne pas indiquer de données personnelles (nom, téléphone, adresse) : "
            "elles ne sont pas nécessaires.",
        )
        if diagnostic_in_progress(tracker):
            send(
                dispatcher,
                "Vous aviez commencé un diagnostic. Voulez-vous le reprendre où vous en étiez ?",
                buttons=button_set("resume"),
            )
        else:
            send(dispatcher, "Que souhaitez-vous faire ?", buttons=MENU_BUTTONS)
        return []


class ActionHandoff(Action):
    """Gives the contact configured by the portal (config/portal.yml). When
    there is none (or only example values), says so and points to public
    interlocutors that exist for the user's structure: its intercommunality,
    the departmental technical agency, the préfecture… (``fallback_partners``
    in config/portal.yml, worded by assistant/knowledge/partners.yml)."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        _, now = _bot_actions(tracker)
        if now and now[-1] == "action_store_feedback_comment":
            # (rule « Remarque après un avis négatif »: the remark's thanks
            # offered, in a line, to correct an answer or to talk to someone;
            # the whole list of interlocutors came after any remark, live
            # test, session 12)
            return []
        info = contact()
        if not info.get("email") and not info.get("phone"):
            return handoff_interlocutors(dispatcher, tracker, self.name())
        who = info.get("name", "une personne de l'équipe")
        send(dispatcher, f"Vous pouvez joindre {who} :")
        lines = []
        if info.get("email"):
            lines.append(f"- par courriel : {info['email']}")
        if info.get("phone"):
            hours = f" ({info['hours']})" if info.get("hours") else ""
            lines.append(f"- par téléphone : {info['phone']}{hours}")
        send(dispatcher, "\n".join(lines))
        if tracker.get_slot("diagnostic_done"):
            say(dispatcher, "handoff_result")
        return []


class ActionBotChallenge(Action):
    """« Êtes-vous un robot ? »: the assistant says what it is. Just after the
    interlocutors of the handoff, « c'est qui ? vous avez un numéro ? » asks
    about them, not about the assistant (it got « Je suis un assistant
    automatique… », live tests, sessions 17 and 18): the handoff answers it."""

    def name(self) -> Text:
        return "action_bot_challenge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        before, now = _bot_actions(tracker)
        if not now and before and before[-1] == "action_handoff" and asks_for_contact(latest_text(tracker)):
            return await ActionHandoff().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_bot_challenge")
        return []


# The structure types the handoff asks about when it does not know the
# user's (« commune, intercommunalité ou syndicat »: its buttons).
HANDOFF_STRUCTURES = ("commune", "epci", "syndicat")


def handoff_interlocutors(dispatcher: CollectingDispatcher, tracker: Tracker,
                          handoff: str = "action_handoff", structure: Optional[str] = None) -> List[Dict[Text, Any]]:
    """No contact configured: says so and lists the public interlocutors.

    The structure known (its slot, or ``structure``: named just after the
    short list, its button « Commune » or typed, ``structure_after_handoff``),
    those that fit it, its size and the project's domain (a digital project:
    its public operator first), each with its conditions (D-L3). Not known,
    only those that fit every structure of ``HANDOFF_STRUCTURES`` and every
    domain (or the domain given), then an invitation to say the structure
    type, with buttons: seven lines were long on a phone."""
    before, now = _bot_actions(tracker)
    named = [v for v in latest_entity_values(tracker, "structure_type") if v in STRUCTURE_TYPES]
    named += [structure] if structure in STRUCTURE_TYPES else []
    right_after = not now and before and before[-1] == handoff
    if right_after and not named:
        # « c'est un vrai numero ça ? » right after the list: not the list again
        say(dispatcher, "handoff_again")
        return []
    if not right_after and not (now and now[-1] == "action_store_feedback_comment"):
        # after the feedback, « voici vers qui vous tourner » was just said;
        # after the short list, « Commune » chosen: said already too
        say(dispatcher, "handoff_no_contact")
    profile = profile_from_slots(slot_values(tracker))
    if named:
        profile = replace(profile, structure_type=named[-1])
    known = profile.structure_type in STRUCTURE_TYPES
    found = _interlocutors(profile, fallback_partners()) if known \
        else _for_every_structure(profile, fallback_partners())
    # The project's domain not known: the interlocutors of one domain (the
    # OPSN, the ADEME, the Cerema) in one line after the others (seven lines
    # were long on a phone, session 11).
    themed = [p for p in found if _domains(p)] if profile.theme not in THEMES else []
    where = [_handoff_line(p) for p in found if p not in themed]
    listed = bullets(message_text("handoff_interlocutors"), where, limit=len(where))
    if listed:
        send(dispatcher, listed)
    by_domain = _by_domain(themed)
    if by_domain:
        send(dispatcher, message_text("handoff_by_domain").format(parts=by_domain))
    if tracker.get_slot("diagnostic_done"):
        # (only when there is a result to tell them: live test, session 12)
        say(dispatcher, "handoff_result")
    if not known and not (tracker.active_loop_name == "diagnostic_form"
                          and tracker.get_slot("requested_slot") == "structure_type"):
        # (during the diagnostic, its own question on the structure follows:
        # asked twice in a row with two sets of buttons, live test, session 17)
        say(dispatcher, "handoff_which_structure")
    return []


def structure_after_handoff(tracker: Tracker) -> Optional[str]:
    """« commune », « syndicat » typed right after the short list of the
    handoff, which asked for it (heard as information, which starts the
    diagnostic): the structure type named (``STRUCTURE_TYPES``), or None.
    A message that says more (a size, a theme, an amount) starts the
    diagnostic as before."""
    before, now = _bot_actions(tracker)
    if now or not before or before[-1] != "action_handoff":
        return None
    asked = message_text("handoff_which_structure").split(",")[0]
    last_bot = next((e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), "")
    if asked not in last_bot:
        return None
    entities = (tracker.latest_message or {}).get("entities") or []
    if any(e.get("entity") not in ("structure_type", "partner") for e in entities):
        return None
    # its button (« Commune »: /inform{"structure_type": "commune"}) or typed
    named = next((e.get("value") for e in entities if e.get("entity") == "structure_type"
                  and e.get("value") in STRUCTURE_TYPES), None) or parsing.parse_structure(latest_text(tracker))
    return named if named in STRUCTURE_TYPES else None


def _for_every_structure(profile, ids):
    """The partners of ``ids`` that fit every structure of
    ``HANDOFF_STRUCTURES``, for the project's domain if known, else for every
    domain (the préfecture, Territoires Conseils): those that apply whoever
    asks."""
    themes = [profile.theme] if profile.theme in THEMES else list(THEMES)
    fitting = [pid for pid in ids
               if all(partners_among(replace(profile, structure_type=structure, theme=theme), [pid])
                      for structure in HANDOFF_STRUCTURES for theme in themes)]
    return _interlocutors(replace(profile, structure_type=None), fitting)


def _interlocutors(profile, ids):
    """The partners of ``ids`` that fit the profile (``partners_among``).
    The project's domain not known yet, a partner of one domain (the ADEME,
    the Cerema, the OPSN) is listed too when it fits the structure: its line
    says for which projects."""
    if profile.theme in THEMES:
        return partners_among(profile, ids)
    found = []
    for pid in ids:
        fitting = partners_among(profile, [pid]) or next(
            (s for theme in THEMES for s in [partners_among(replace(profile, theme=theme), [pid])] if s), ())
        found.extend(fitting[:1])
    return found


def _domains(suggestion) -> List[str]:
    """The domains (``ecologique``, ``numerique``) a partner is for, if any."""
    partner = load_knowledge().partners[suggestion.id]
    return sorted({d for c in partner.eligibility
                   for d in (*c.domains, *(THEMES.get(t) for t in c.themes)) if d})


def _by_domain(suggestions) -> str:
    """« l'opérateur public… (pour les projets numériques) ; la direction
    régionale de l'ADEME ou le Cerema… (pour les projets de transition
    écologique) »: the interlocutors of one domain, grouped by domain."""
    groups: Dict[str, List[str]] = {}
    for suggestion in suggestions:
        for domain in _domains(suggestion)[:1]:
            groups.setdefault(domain, []).append(suggestion.contact)
    return " ; ".join(message_text("handoff_line").format(
        contact=" ou ".join(contacts), conditions=message_text(f"handoff_condition_{domain}"))
        for domain, contacts in groups.items())


def _handoff_line(suggestion) -> str:
    """« le service Territoires Conseils de la Banque des Territoires (public
    visé : communes de moins de 10 000 habitants ; ou intercommunalités et
    syndicats) », « la direction régionale de l'ADEME (pour les projets de
    transition écologique) »: how to reach a partner, with its conditions of
    size or domain when it has some (partners.yml); the contact alone when it
    is for every structure of the kind."""
    partner = load_knowledge().partners[suggestion.id]
    conditions = []
    for domain in _domains(suggestion):
        try:
            conditions.append(message_text(f"handoff_condition_{domain}"))
        except KeyError:
            pass
    if any(c.population_below is not None for c in partner.eligibility):
        audience = suggestion.audience.rstrip(".")
        conditions.append(audience[:1].lower() + audience[1:])
    if not conditions:
        return suggestion.contact
    return message_text("handoff_line").format(contact=suggestion.contact, conditions=", ".join(conditions))


def _bot_actions(tracker: Tracker) -> Tuple[List[str], List[str]]:
    """The assistant's actions before the latest user message, and those of
    this turn so far (action_listen left out)."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    cut = users[-1] if users else len(events)

    def names(part):
        return [e.get("name") for e in part
                if e.get("event") == "action" and e.get("name") not in (None, "action_listen")]
    return names(events[:cut]), names(events[cut + 1:])


class ActionStoreFeedback(Action):
    """Records whether the advice was useful (read by the usage report)."""

    def name(self) -> Text:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        # « oui merci c'est clair » is heard as thanks: it says the advice helped.
        useful = latest_intent(tracker) in ("affirm", "thank")
        say(dispatcher, "feedback_thanks" if useful else "feedback_sorry")
        # « super outil merci, peut etre un peu long sur les questions »: the
        # remark is kept too (session 13: only « utile » was)
        return [SlotSet("feedback", "utile" if useful else "pas_utile")] \
            + (feedback_remark_events(tracker) if useful else [])


# Answers to « Qu'est-ce qui n'allait pas ? » that say nothing.
_NO_COMMENT = re.compile(r"^(?:non|nan|non merci|rien|rien a dire|rien a ajouter|passer|je passe|"
                         r"pas de commentaire|aucun|aucune|sans commentaire|ok|bof|pas envie)$")
MAX_COMMENT_CHARS = 1000


def feedback_comment(text: Optional[str]) -> Optional[str]:
    """The remark to keep from the answer to « Qu'est-ce qui n'allait pas ? »,
    or None when it says nothing (« passer », the button's /deny, « non merci »)."""
    text = " ".join((text or "").split())
    said = words(text)
    if not said or text.startswith("/") or _NO_COMMENT.match(said):
        return None
    return text[:MAX_COMMENT_CHARS]


class ActionStoreFeedbackComment(Action):
    """Keeps what was wrong, in the user's words, after a « Non » to « Ces
    conseils vous sont-ils utiles ? » (« trop long pour un téléphone »): the
    usage report lists these remarks. Then the handoff follows (rule)."""

    def name(self) -> Text:
        return "action_store_feedback_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        comment = feedback_comment(tracker.get_slot("feedback_comment"))
        say(dispatcher, "feedback_comment_thanks" if comment else "feedback_comment_skipped")
        return [SlotSet("feedback_comment", comment)]


def then_listen(events: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The events of a message read after all by a fallback action, then wait
    for the user. No rule follows a fallback action: without this, the policy's
    next prediction was the core fallback, which read the message again and
    answered it again, ten times in a row (« une commune peut faire un PCAET ? »,
    heard as nlu_fallback). A next action the answer chose (the form asking a
    corrected answer again) is kept."""
    if any(e.get("event") == "followup" for e in events):
        return events
    return events + [FollowupAction("action_listen")]


def say_out_of_scope(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Out of scope said; « sorry, my english is better, is it mandatory to ask
    for 3 quotes ? », « Guten Tag, ich brauche Hilfe », « Hola, necesito
    ayuda » get, in French, what the assistant does, not « je ne peux pas
    vous aider » (``assistant.text.foreign_language``; live test, session 12:
    German, Spanish or Italian got the out-of-scope answer), its
    parenthesis « I only answer in French » in their language (a German
    user was told it in English)."""
    foreign = foreign_language(latest_text(tracker))
    if foreign:
        # « (I only answer in French) » in the message's language, the rest in French
        dispatcher.utter_message(response="utter_english", only_french=only_french(foreign))
    else:
        dispatcher.utter_message(response="utter_out_of_scope")


def only_french(language: str) -> str:
    """« I only answer in French » in ``language`` (« en », « de », « es »,
    « it »: ``assistant.text.foreign_language``), English for any other, to
    fill the parenthesis of utter_english."""
    try:
        return message(f"only_french_{language}")["text"]
    except KeyError:
        return message("only_french_en")["text"]


# Below this, a guess is noise (« aezrtyu plop »): ask to rephrase instead.
MIN_SUGGESTION_CONFIDENCE = 0.2


class ActionDefaultAskAffirmation(Action):
    """First stage of the two-stage fallback: « Vouliez-vous dire… ? »."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        understood = await understood_after_all(dispatcher, tracker)
        if understood is not None:
            # understood after all: no « Vouliez-vous dire… ? » to wait for
            return then_listen(understood + [ActiveLoop(None)])
        if foreign_language(latest_text(tracker)):
            # « ok so what is an AMO? » after « Hello, do you speak
            # English? » got « Vouliez-vous parler de : une définition… »
            # (live test, session 25): said again, in French, what it does
            say_out_of_scope(dispatcher, tracker)
            return []
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        candidates = [
            r["name"]
            for r in ranking
            if r.get("name") not in (None, "nlu_fallback", "out_of_scope")
            and r.get("confidence", 0) >= MIN_SUGGESTION_CONFIDENCE
            and intent_label(r["name"])
        ][:2]
        if not candidates:
            say(dispatcher, "ask_rephrase")
            return []
        buttons = [
            {"title": intent_label(name).capitalize(), "payload": f"/{name}"}
            for name in candidates
        ]
        buttons.append({"title": "Autre chose", "payload": "/out_of_scope"})
        send(dispatcher, "Je ne suis pas sûr d'avoir compris. Vouliez-vous parler de :", buttons)
        return []


class ActionDefaultAskRephrase(Action):
    """Second stage of the two-stage fallback: ask to rephrase, with examples."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        understood = await understood_after_all(dispatcher, tracker)
        if understood is not None:
            return then_listen(understood + [ActiveLoop(None)])
        if _typed_out_of_scope(tracker):
            # « <script>alert(1)</script> », « Hello, do you speak English? »
            # after « Pouvez-vous reformuler » got that request again (live
            # test, session 22): Rasa takes out_of_scope for the « Autre
            # chose » button, but no button was offered. Answered as out of
            # scope; the fallback ends.
            say_out_of_scope(dispatcher, tracker)
            dispatcher.utter_message(response="utter_offer_help")
            return then_listen([ActiveLoop(None)])
        say(dispatcher, "ask_rephrase")
        return []


def _typed_out_of_scope(tracker: Tracker) -> bool:
    """The latest message, typed, was heard as out of scope, and the bot's
    last message offered no « Autre chose » button that it could answer."""
    if latest_intent(tracker) != "out_of_scope" or not typed_text(tracker):
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            return not any(b.get("payload") == "/out_of_scope" for b in buttons)
    return True


class ActionDefaultFallback(Action):
    """Still not understood: say so, point to the menu and to a person."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        understood = await understood_after_all(dispatcher, tracker)
        if understood is not None:
            return then_listen(understood)
        if foreign_language(latest_text(tracker)):
            # « hola, necesito ayuda » after two messages read after all by
            # the fallbacks got « Désolé, je n'ai pas compris » (live test,
            # session 26): in French, what the assistant does
            say_out_of_scope(dispatcher, tracker)
            return then_listen([])
        # « toujours » only after the rephrasing asked for: a situation no
        # rule covers comes here at the first miss (live test, session 15:
        # « Désolé, je n'ai toujours pas compris » to a first question).
        retried = tracker.active_loop_name == "action_two_stage_fallback"
        say(dispatcher, "default" if retried else "default_first")
        return [UserUtteranceReverted()]
