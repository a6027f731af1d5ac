"""Procurement answers: the thresholds, the route of an amount, the value
of a need just given, at the date of the question or at a date asked.

``answer_procurement`` answers ``ask_procurement`` (and the questions the
other actions route to it: « et 95 000 de travaux ? » after a question on
the AMO); the readers of the conversation it relies on (the date asked, the
procurement question just answered, the need given in the messages before)
are shared with ``actions.faq`` and ``actions.diagnostic``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.common import (FRESH_START, button_set, entity_values, latest_entity_values, latest_text, message_text,
                            say, send, send_all)
from actions.render import (named_thresholds_messages, other_thresholds_messages, overview_messages, route_messages,
                            threshold_check_messages, with_sources)
from actions.slots import profile_from_slots, slot_values
from assistant.amounts import (NOTE_TOTAL, READ_AS_HT, AmountParse, DatePeriod, find_amount_spans, parse_amount,
                               tax_follow_up, vat_rate, vat_rate_label,
                               switch_tax, tax_said_alone, ttc_label,
                               date_asked_in, find_date_spans, read_as_ht, typed_ttc_of)
from assistant.answers import (DURATION_ASKED, LOCAL_STRUCTURES, TOTAL_STATED, WITHOUT_OPTION, follow_up_with_context,
                               is_amount_alone, structure_follow_up,
                               is_need_addition, is_procurement_follow_up, need_follow_up, phrased_as_question,
                               refers_to_earlier_dates, says_now, years_asked)
from assistant.engine import answer_topic
from assistant.knowledge import format_date_fr, load_knowledge
from assistant.procurement import (RouteResult, SourcedText, ThresholdCheck, changes_in_year, check_threshold, contracting_entity_note,
                                   contracting_entity_route, eu_threshold_values,
                                   describe_rules,
                                   named_thresholds, needs_apart, period_words, route, rule_text_at, thresholds_at)
from assistant.profile import BUYER_CONTRACTING
from assistant.purchase import SERVICES, TRAVAUX, amount_categories, keep_amounts, purchase_category
from assistant.questions import (asks_from_when, asks_thresholds_tax, QUOTES, QUOTES_MINIMUM, SAME_PROVIDER, WITHOUT_COMPETITION, asked_thresholds, asks_other_thresholds,
                                 AskedThresholds, asks_above, names_contracting_entity, roles_above,
                                 price_only, route_question, threshold_claim)
from assistant.text import fold, words
from assistant.typography import format_eur, fr_typo

# The button under the short list of the thresholds: the others
# (config/buttons.yml; its payload names this term).
MORE_THRESHOLDS = button_set("thresholds_more")
OTHER_THRESHOLDS_TERM = "autres_seuils"
AMOUNT_PROMPT = "Donnez-moi un montant (par exemple « pour 45 000 € HT ») et je vous dirai la procédure à suivre."

def answer_procurement(dispatcher: CollectingDispatcher, tracker: Tracker,
                       direct: Optional[str] = None) -> List[Dict[Text, Any]]:
    """``direct``: the question asks whether a number of quotes is
    compulsory (``assistant.questions.QUOTES``) or whether the same
    provider can be hired again (``SAME_PROVIDER``). The general notes said
    earlier in the conversation are not said again (``drop_repeated_notes``)."""
    start = len(dispatcher.messages)
    if direct is None and tax_follow_up(latest_text(tracker)) is not None \
            and answer_route_tax(dispatcher, tracker):
        return []           # « et en TTC ? » heard as a procurement question
    events = _answer_procurement(dispatcher, tracker, direct)
    drop_repeated_notes(dispatcher.messages, start, tracker)
    return events


def repeated_notes() -> Tuple[str, ...]:
    """The notes every route answer would end on, whatever the amount: the
    value to count (the whole need, R2121-1) and the doubt on the date of the
    environmental criterion. The live test (session 15) read them three times
    in a row."""
    kb = load_knowledge()
    caveats = [p.caveat for p in kb.rule("environmental_criterion").periods if p.caveat]
    return tuple(fr_typo(t) for t in (kb.text("estimated_value").render(), *caveats))


def drop_repeated_notes(messages: List[Dict[Text, Any]], start: int, tracker: Tracker) -> None:
    """Removes from ``messages[start:]`` the ``repeated_notes`` that a bot
    message of the conversation said already (``said_earlier``: since it
    started or was restarted). A message left with only its
    sources line joins the message before it."""
    notes = [n for n in repeated_notes() if said_earlier(tracker, [n])]
    if not notes:
        return
    for index in range(len(messages) - 1, start - 1, -1):
        text = messages[index].get("text")
        if not text:
            continue
        for note in notes:
            text = text.replace(" " + note, "").replace(note, "")
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if text == messages[index]["text"]:
            continue
        if not text:
            del messages[index]
        elif text.startswith(("Source :", "Sources :", "Source\u00a0:", "Sources\u00a0:")) and "\n" not in text \
                and index > start and messages[index - 1].get("text") and not messages[index - 1].get("buttons"):
            messages[index - 1]["text"] += "\n" + text
            del messages[index]
        else:
            messages[index]["text"] = text


_THRESHOLD_WORD = re.compile(r"\bseuils?\b")


def asks_contracting_threshold(text: str) -> bool:
    """The message speaks of entités adjudicatrices and asks their threshold:
    every amount in it is a European threshold of the data
    (``eu_threshold_values``: values quoted to be checked, not prices), or it
    names none and speaks of a threshold (« on est entité adjudicatrice non ?
    le seuil n'est pas plus haut ? », « je parle du seuil des entités
    adjudicatrices »: both started the diagnostic, live test, session 15)."""
    if not names_contracting_entity(text) or purchase_category(text) == TRAVAUX:
        return False
    asked = asked_thresholds(text)
    if asked is not None and asked.roles != ("eu_threshold",):
        return False            # « le seuil de dispense d'une entité adjudicatrice ? »: that one
    values = [parse_amount(s.raw).value_ht for s in find_amount_spans(text)]
    if not values:
        return bool(_THRESHOLD_WORD.search(fold(text)))
    known = eu_threshold_values()
    return all(v is not None and any(abs(v - k) < 1 for k in known) for v in values)


def _contracting_price(dispatcher: CollectingDispatcher, text: str, launch: dt.date,
                       amount_text: Optional[str]) -> bool:
    """A price of a service said by an entité adjudicatrice, at or above the
    dispense threshold (the same for every buyer): where it stands against
    its own European threshold, not the local authorities' (« entité
    adjudicatrice, 300 000 € » got « une procédure formalisée s'impose »
    from the 216 000 € HT of the collectivités). True when answered."""
    if amount_text is None or not names_contracting_entity(text) or purchase_category(text) == TRAVAUX:
        return False
    spans = find_amount_spans(amount_text)
    parsed = parse_amount(spans[0].raw) if len(spans) == 1 else None
    if parsed is None or not parsed.ok or parsed.value_ht is None:
        return False
    thresholds = thresholds_at(launch)
    if not thresholds.covered or thresholds.dispense is None or parsed.value_ht < thresholds.dispense.amount:
        return False               # (the dispense: the route said as for any buyer)
    where = contracting_entity_route(parsed.value_ht, launch)
    if where is None:
        return False
    send_all(dispatcher, with_sources([where.text], where.sources))
    _say_whom_for(dispatcher, launch)
    return True


def _say_whom_for(dispatcher: CollectingDispatcher, launch: dt.date) -> None:
    """After the entités adjudicatrices' threshold: whom it is for, and the
    local authorities' threshold for a syndicat's other purchases."""
    note = contracting_entity_note(launch)
    if note is not None:
        send(dispatcher, note.text)


def _contracting_check(text: str, launch: dt.date) -> Optional[ThresholdCheck]:
    """The last amount of ``text`` that the entités adjudicatrices' European
    threshold has had, checked at ``launch``; None if it names none."""
    kb = load_knowledge()
    for span in reversed(find_amount_spans(text)):
        value = parse_amount(span.raw).value_ht
        check = check_threshold(value, launch, BUYER_CONTRACTING, roles=("eu_threshold",), says_threshold=True) \
            if value is not None else None
        if check is not None and check.rule_id is not None and any(
                p.amount is not None and abs(p.amount - value) < 1 for p in kb.rule(check.rule_id).periods):
            return check
    return None


def _answer_procurement(dispatcher: CollectingDispatcher, tracker: Tracker,
                        direct: Optional[str] = None) -> List[Dict[Text, Any]]:
    at = clock.today()
    period = date_asked(tracker)
    profile = profile_from_slots(slot_values(tracker), at)
    text = latest_text(tracker)
    lead = follow_up_with_context(text)
    if lead is not None:
        # « et en 2023 ? nous avions fait faire l'étude mobilité par un
        # bureau d'études » (final D-M1): the follow-up asked, the context
        # set aside.
        text, period = lead, _date_in(lead, _chain_date(procurement_chain(tracker)))
    typed = "" if text.startswith("/") else text
    if asks_thresholds_tax(typed) and _thresholds_tax(dispatcher, typed, period.start if period else at, profile.buyer):
        return []       # « c'est HT ou TTC vos seuils ? » (live test, session 17)
    amount_values = latest_entity_values(tracker, "amount")
    # The amounts are read in the whole question, where each one's purchase
    # (« AMO 20 000, travaux 180 000 ») is told.
    amount_text = typed if find_amount_spans(typed) else None
    category = purchase_category(typed)
    # « les autres seuils », the button under the short list: the thresholds
    # it left out; « c'est quoi le seuil pour publier au BOAMP ? »: that one
    # threshold, not the list (live tests, session 12).
    other = OTHER_THRESHOLDS_TERM in latest_entity_values(tracker, "term") or asks_other_thresholds(typed)
    asked = None if other else asked_thresholds(typed)
    above = _thresholds_above(tracker, typed)
    if above is not None:
        # « et au dessus ? » after « le seuil de dispense c'était combien en
        # 2019 ? »: the thresholds above it, at the date of that question
        asked, period = above, period or _chain_date(procurement_chain(tracker))
    if asked is None and not other and _asks_a_threshold_s_date(typed):
        # « et depuis quand ça a changé ? », « depuis quand ? » after « c'est
        # quoi le seuil du gré à gré ? » got the table of all thresholds (live
        # tests, sessions 24 and 25): that threshold, with its date
        asked = next((a for a in (_thresholds_of(q["text"]) for q in procurement_chain(tracker)) if a), None)
    if other and period is None:
        period = _chain_date(procurement_chain(tracker))
    if is_procurement_follow_up(text):
        # « et en 2024 ? »: what the follow-up does not change comes from
        # the procurement question just answered, or from the question it
        # followed up (« quels sont les seuils en 2023 ? », « et pour
        # 45 000 ? », then « et 90 000 ? »: in 2023; then « et aujourd'hui ? »:
        # 45 000 € HT today).
        chain = procurement_chain(tracker)
        if amount_text is None and not amount_values:
            with_amount = next((q for q in chain if find_amount_spans(q["text"]) or entity_values(q, "amount")),
                               None)
            if with_amount is not None:
                amount_text = with_amount["text"] if find_amount_spans(with_amount["text"]) else None
                amount_values = entity_values(with_amount, "amount")
        # (« Seuils des travaux et autres », the button's title typed, names no purchase)
        category = category or next((c for c in (purchase_category(q["text"]) for q in chain
                                                 if not asks_other_thresholds(q["text"])) if c), None)
        # (« seuil de dispense ? » then « et en 2023 ? »: that threshold in 2023)
        asked = asked or next((a for a in (asked_thresholds(q["text"]) for q in chain) if a), None)
        if asked is not None and category is not None and purchase_category(typed) is not None:
            # « et pour les services ? » after « quel est le seuil pour les
            # travaux ? » got the works' threshold again (live test, session 24)
            asked = replace(asked, category=purchase_category(typed))
        if period is None and amount_text is not None and refers_to_earlier_dates(typed):
            # « et pour 50 000 € à ces deux dates ? » after « seuil de
            # dispense au 15 mars 2026 et au 15 avril 2026 » (r2-g5: the
            # route at the first date only): the route at each date.
            periods = next((found for found in ([s.value for s in find_date_spans(q["text"], at, ahead=True)]
                                                for q in chain) if len(found) > 1), None)
            if periods:
                for i, each in enumerate(periods):
                    launch, when, until = _launch_terms(each, at)
                    _purchase_routes(dispatcher, amount_text, launch, profile.buyer, category, direct, when, until,
                                     ht_said=i > 0 or ht_reading_said(tracker))
                return []
        if period is None:
            period = _chain_date(chain)
    if amount_text is None and not amount_values and profile.amount_ht is None \
            and _THIS_PURCHASE.search(fold(typed)):
        # « on a un devis de 12000 euros pour le site… besoin d'un AMO ? »
        # then « ok mais on prend le devis direct ou faut en demander
        # d'autres » (final retest S-H8): the amount of the message just
        # before, said to be taken from it, rather than the whole table.
        earlier = next((t for t in earlier_texts(tracker, 1) if find_amount_spans(t)), None)
        if earlier is not None:
            amount_text = earlier
            category = category or purchase_category(earlier)
            say(dispatcher, "amount_from_earlier_message")
    launch, when, until = _launch_terms(period, at)
    if asks_contracting_threshold(typed):
        # « vous êtes sûr pour 216 000 ? j'avais 443 000 en tête pour les
        # entités adjudicatrices » was read as two budgets (« J'ai lu
        # plusieurs montants… Quel est le montant total ? »; live test,
        # session 15): the entités adjudicatrices' threshold at the date, and
        # whom it is for.
        check = _contracting_check(typed, launch)
        if check is not None:
            # « 443 000 » : « Plus maintenant : … était de 443 000 € HT
            # jusqu'au 31 décembre 2025 ; il est de 432 000 € HT … »
            send_all(dispatcher, threshold_check_messages(check))
        else:
            named = named_thresholds(launch, ("eu_threshold",), BUYER_CONTRACTING, SERVICES, when,
                                     today=clock.today())
            send_all(dispatcher, named_thresholds_messages(named))
        _say_whom_for(dispatcher, launch)
        return []
    if _contracting_price(dispatcher, typed, launch, amount_text):
        return []
    about_need = need_follow_up(typed)
    if about_need is not None:
        # « donc au total ça fait combien ? », « et si je prends pas
        # l'option ? », « ça fait 51100 au total »: the value of the need
        # just given (its parts, without its options) and its route.
        need = conversation_need(tracker)
        if need is not None:
            value, before = _need_answer(about_need, need, typed)
            if value is None:
                # (« et si on fait que 1 an ? » after an amount not given per year)
                send(dispatcher, before.text)
                return []
            send_all(dispatcher, route_messages(route(value, launch, profile.buyer, category or SERVICES,
                                                      when, until), before=before))
            return []
    claim = None if is_procurement_follow_up(text) else threshold_claim(typed)
    if claim is not None:
        # « on m'a dit que sous 40 000 on peut signer direct, c toujours
        # vrai ? », « 90 000 c'est le seuil ? »: a threshold value to confirm
        # or correct at the date, not an amount of 40 000 € to route.
        check = check_threshold(claim.value, launch, profile.buyer, category or SERVICES,
                                claim.roles, claim.direction, claim.says_threshold,
                                answer=claim.yes_or_no)
        if check is not None:
            # (« le seuil de 60 000 est valable jusqu'a quand » got the
            # threshold, no end: live test, session 18)
            end = _threshold_end(check, launch) if _UNTIL_WHEN.search(words(typed)) else None
            _threshold_check(dispatcher, check, launch, profile.buyer, category or SERVICES, end)
            return []
    if amount_text is not None and is_need_addition(amount_text):
        # « il y a une option en plus de 12 600 »: added to the amount of the
        # question just answered (or of the diagnostic)
        previous = _previous_amount(tracker)
        base = previous or profile.amount_ht
        if base:
            parsed = parse_amount(amount_text, clock.today(), base=base)
            if parsed.ok and parsed.value_ht is not None:
                events = []
                if previous is None:
                    # an option of the diagnostic's budget: the budget is updated
                    events = [SlotSet("amount", parsed.value_ht)]
                if parsed.confirmation:
                    send(dispatcher, parsed.confirmation)
                read_ht = read_as_ht(parsed, amount_text) and not ht_reading_said(tracker)
                send_all(dispatcher, route_messages(route(parsed.value_ht, launch, profile.buyer,
                                                          category or SERVICES, when, until,
                                                          read_ht=read_ht)))
                return events
    if amount_text is not None:
        _purchase_routes(dispatcher, amount_text, launch, profile.buyer, category, direct, when, until,
                         ht_said=ht_reading_said(tracker))
        return []
    amount: Optional[float] = None
    ttc: Optional[float] = None
    read_ht = False
    if amount_values:
        parsed = parse_amount(str(amount_values[-1]))
        if not parsed.ok:
            send(dispatcher, parsed.error or "Je n'ai pas compris le montant.")
            return []
        amount, ttc = parsed.value_ht, typed_ttc_of(parsed)
        read_ht = read_as_ht(parsed, f"{amount_values[-1]} {typed}") and not ht_reading_said(tracker)
        if parsed.confirmation:
            send(dispatcher, parsed.confirmation)
    elif profile.amount_ht is not None and category != TRAVAUX and asked is None and not other:
        amount, ttc = profile.amount_ht, profile.amount_ttc
        send(dispatcher, "Je reprends le montant de votre diagnostic.")
    if amount is not None:
        send_all(dispatcher, route_messages(route(amount, launch, profile.buyer, category or SERVICES,
                                                  when, until, ttc=ttc, read_ht=read_ht)))
        return []
    # The lists of thresholds read a year or a month that contains today at
    # today: « le seuil des mapa c'est combien en 2026 », asked in November
    # 2026, got « 40 000 € HT (jusqu'au 31 mars 2026) » first, the value of
    # 1 January (live test, session 21). The year's changes are still said.
    launch, when = _listing_day(period, launch, when, at)
    if other:
        send_all(dispatcher, other_thresholds_messages(describe_rules(launch, profile.buyer, SERVICES, when), when,
                                                       today=clock.today()))
    elif asked is not None:
        # « quel est le seuil européen pour une entité adjudicatrice ? » (a
        # syndicat d'énergie got the local authorities' 216 000 €: live test,
        # session 15): the entités adjudicatrices' threshold, then whom it is for.
        contracting = names_contracting_entity(typed) and asked.roles == ("eu_threshold",) \
            and (asked.category or category or SERVICES) == SERVICES
        named = named_thresholds(launch, asked.roles, BUYER_CONTRACTING if contracting else profile.buyer,
                                 asked.category or category, when, today=clock.today())
        repeated = said_earlier(tracker, [line.text for line in named.lines])
        send_all(dispatcher, named_thresholds_messages(named, repeated=repeated))
        if contracting:
            _say_whom_for(dispatcher, launch)
    else:
        _overview(dispatcher, tracker, launch, profile.buyer, category or SERVICES, period, when)
    return []


def _overview(dispatcher: CollectingDispatcher, tracker: Tracker, launch: dt.date, buyer: str, category: str,
              period: Optional[DatePeriod], when: Optional[str]) -> None:
    """The short list of the thresholds at ``launch`` (what changed in the
    year asked), the button that gives the others, and the invitation to
    give an amount. Asked again in the conversation (the same lines said
    already): the lines alone, as a reminder, with the button."""
    overview = describe_rules(launch, buyer, category, when)
    changes = changes_in_year(period.start.year, buyer) if period and period.kind == "year" else None
    repeated = bool(overview.key) and said_earlier(tracker, [line.text for line in overview.key])
    messages = overview_messages(overview, changes, when, repeated=repeated, today=clock.today())
    buttons = MORE_THRESHOLDS if overview.covered and overview.others and category == SERVICES else None
    if repeated:
        send_all(dispatcher, messages[:-1])
        send(dispatcher, messages[-1], buttons=buttons)
        return
    send_all(dispatcher, messages)
    send(dispatcher, AMOUNT_PROMPT, buttons=buttons)


def said_earlier(tracker: Tracker, texts: List[str]) -> bool:
    """Whether every one of ``texts`` was said by the assistant earlier in
    this conversation (since it started or was restarted)."""
    if not texts:
        return False
    said: List[str] = []
    for event in tracker.events:
        if event.get("event") in FRESH_START:
            said = []
        elif event.get("event") == "bot" and event.get("text"):
            said.append(event["text"])
    whole = "\n".join(said)
    return all(fr_typo(t) in whole for t in texts)


def _purchase_routes(dispatcher: CollectingDispatcher, text: str, launch: dt.date, buyer: str,
                     asked: Optional[str] = None, direct: Optional[str] = None, when: Optional[str] = None,
                     until: Optional[dt.date] = None, ht_said: bool = False) -> None:
    """The route of the amount of ``text``, with the thresholds of its purchase.

    « pour des travaux de 70 000 € » : the works thresholds. « AMO 20 000,
    travaux 180 000 » : the AMO mission is a service, its amount is routed;
    the works are a separate purchase, said in one sentence with their route.
    ``asked``: the purchase the conversation is about, for amounts that name
    none (« et pour 120 000 € ? » after a works question). ``direct``: the
    question asks whether three quotes are compulsory (``QUOTES``): under the
    dispense threshold, « Non : aucun texte n'impose un nombre de devis »
    comes first; or whether the same provider can be hired again without
    competition (``SAME_PROVIDER``), or whether this one may be concluded
    without competition (``WITHOUT_COMPETITION``): the yes (under) or the no
    (above) first.
    ``when``, ``until``: a month or a year asked (``assistant.procurement.route``).
    An amount typed without HT or TTC is said to be read as HT, unless that
    was said earlier in the conversation (``ht_said``, ``ht_reading_said``).
    """
    kb = load_knowledge()
    categories = {category for _, category in amount_categories(text, asked)}
    main = SERVICES if SERVICES in categories else TRAVAUX
    parsed = parse_amount(keep_amounts(text, main, asked), clock.today())
    if not parsed.ok:
        send(dispatcher, parsed.error or "Je n'ai pas compris le montant.")
        return
    if parsed.confirmation:
        send(dispatcher, parsed.confirmation)
    read_ht = read_as_ht(parsed, text)
    result = route(parsed.value_ht, launch, buyer, main, when, until, ttc=typed_ttc_of(parsed),
                   read_ht=read_ht and not ht_said)
    before = None
    if read_ht and result.covered and direct in (SAME_PROVIDER, WITHOUT_COMPETITION) \
            and route(switch_tax(parsed.value_ht, None, "ttc")[0], launch, buyer, main).route != result.route:
        # (« un AMO à 70 000 € en gré à gré, ça passe ? »: « Non » holds for
        # 70 000 € HT, not for 70 000 € TTC (58 333 € HT, under the dispense);
        # the route says both readings, no yes or no before it)
        direct = None
    if direct in (QUOTES, QUOTES_MINIMUM) and result.route == "dispense":
        topic = kb.topic(direct)
        before = SourcedText(topic.messages[0], topic.sources, "")
    elif direct in (SAME_PROVIDER, WITHOUT_COMPETITION) and result.covered:
        topic = kb.topic(direct)
        before = SourcedText(topic.messages[0 if result.route == "dispense" else 1], topic.sources, "")
    send_all(dispatcher, route_messages(result, before=before))
    if main == TRAVAUX and purchase_category(text) == SERVICES:
        # « l'AMO pour des travaux de 180 000 € » : the amount is the works'.
        send(dispatcher, kb.text("mission_separate").text)
    elif main == SERVICES and TRAVAUX in categories:
        works = parse_amount(keep_amounts(text, TRAVAUX, asked), clock.today())
        result = route(works.value_ht, launch, buyer, TRAVAUX, when, until) if works.ok else None
        texts = [kb.text("works_separate").text]
        if result is not None and result.covered:
            texts.append(result.summary.text)
        send(dispatcher, " ".join(texts))


# What speaks of dividing a need (to stay under a threshold).
_DIVIDING = re.compile(
    r"\b(?:saucissonn\w*|decoup\w*|divis\w*|fractionn\w*|scind\w*|separ\w*|coup\w*\s+en"
    r"|(?:rester|passer|etre|restant)\s+(?:en\s+)?(?:dessous|sous)|eviter\s+(?:la|le|de|d)"
    r"|plusieurs\s+(?:bons|marches|contrats|devis|commandes)|\d+\s+(?:bons|marches|contrats|devis|commandes))\b")


def splitting_total(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« on pensait faire deux lots, chacun à 35 000 € HT, pour rester sous le
    seuil ? »: splitting is forbidden, the lots add up (2 × 35 000 = 70 000 €
    HT, ``assistant.amounts.need_value``), and the route of that total at the
    date of the question. False (nothing said) when the question does not
    give several parts of one need."""
    text = latest_text(tracker)
    if text.startswith("/") or not find_amount_spans(text):
        return False
    parsed = parse_amount(text, clock.today())
    if not parsed.ok and _needs_apart(dispatcher, tracker, text):
        return True
    if not parsed.ok or NOTE_TOTAL not in parsed.notes or parsed.value_ht is None:
        return False
    profile = profile_from_slots(slot_values(tracker), clock.today())
    launch, when, until = _launch_terms(date_asked(tracker), clock.today())
    rule = answer_topic("splitting", clock.today())
    condition = load_knowledge().text("splitting_total_condition")
    # The rule (« c'est interdit ») when the message speaks of dividing the
    # need; the condition of the total when it adds distinct parts or lots:
    # « 3 lots de 30 000 », « 20 000 € par an, reconductible 3 fois » broke
    # no rule and got « C'est interdit » first (live test, session 17).
    folded = words(text)
    divides = bool(_DIVIDING.search(folded))
    distinct = divides or len(parsed.need.parts) > 1 or bool(re.search(r"\blots?\b", folded))
    said = [rule.messages[0] if divides else "", parsed.confirmation or "", condition.text if distinct else ""]
    before = SourcedText(" ".join(t for t in said if t),
                         (*(rule.sources if divides else ()), *(condition.sources if distinct else ())), "")
    result = route(parsed.value_ht, launch, profile.buyer, purchase_category(text) or SERVICES, when, until,
                   read_ht=read_as_ht(parsed, text) and not ht_reading_said(tracker))
    send_all(dispatcher, route_messages(result, before=before))
    return True


def _needs_apart(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Several services, each with its amount (``assistant.procurement.
    needs_apart``), at the date asked and for the asker's kind of buyer.
    False, nothing said, when the message gives no such parts."""
    profile = profile_from_slots(slot_values(tracker), clock.today())
    launch, when, until = _launch_terms(date_asked(tracker), clock.today())
    said = needs_apart(text, clock.today(), profile.buyer, launch, when, until)
    if said is None:
        return False
    send_all(dispatcher, with_sources(said.texts, list(said.sources)))
    return True


def _thresholds_tax(dispatcher: CollectingDispatcher, text: str, launch: dt.date, buyer: str) -> bool:
    """The thresholds are HT; a threshold named (« le seuil de 60000 ça fait
    combien en TTC ? »), its TTC value at the data's VAT rate. False, nothing
    said, when the message names another amount (the route of that amount
    answers it)."""
    kb = load_knowledge()
    if not find_amount_spans(text):
        note = kb.text("thresholds_ht")
        send_all(dispatcher, with_sources([fr_typo(note.render())], list(note.sources)))
        return True
    parsed = parse_amount(text, clock.today())
    if not parsed.ok or parsed.value_ht is None:
        return False
    # (the figure as typed: « en TTC » after it is the question, not its tax)
    value = parsed.ttc_value if parsed.ttc and parsed.ttc_value is not None else parsed.value_ht
    check = check_threshold(value, launch, buyer)
    if check is None or check.rule_id is None:
        return False
    note = kb.text("threshold_in_ttc")
    ttc = value * (1 + float(vat_rate(launch)))
    said = note.render(amount=format_eur(value), new=f"{format_eur(ttc, ht=False)}\u00a0TTC",
                       label=vat_rate_label())
    send_all(dispatcher, with_sources([fr_typo(said)], list(note.sources)))
    return True


# « jusqu'à quand ? », « valable jusqu'à quand », « ça change quand ? »
_UNTIL_WHEN = re.compile(r"\bjusqu\s?(?:a|au|en)\s+quand\b|\bquand\s+(?:est\s+ce\s+qu\s?)?(?:il|ca|ce\s+seuil)\s+"
                         r"(?:change|changera|finit|finira|s\s?arrete|expire|prend\s+fin)\b|\bdate\s+de\s+fin\b")


def _threshold_end(check: ThresholdCheck, launch: dt.date) -> Optional[str]:
    """When a confirmed threshold ends (« Ce seuil vaut jusqu'au 31 décembre
    2027. »), or that no end is fixed; None for a threshold not confirmed."""
    if not check.holds or check.rule_id is None:
        return None
    kb = load_knowledge()
    period = kb.rule(check.rule_id).period_at(launch)
    if period is None:
        return None
    if period.end is None:
        return fr_typo(kb.text("threshold_no_end").render())
    return fr_typo(kb.text("threshold_end").render(end=format_date_fr(period.end)))


def _threshold_check(dispatcher: CollectingDispatcher, check: ThresholdCheck, launch: dt.date,
                     buyer: str, category: str, end: Optional[str] = None) -> None:
    """A threshold value confirmed or corrected, then what it implies: under
    the dispense threshold, the obligations that remain (R2122-8, the written
    contract, several quotes); a threshold confirmed, what its rule says;
    otherwise, the route of that amount."""
    kb = load_knowledge()
    if check.role == "dispense" and check.value <= check.threshold:
        written = thresholds_at(launch, buyer, category).written_contract
        details = [kb.text("dispense_reminder")]
        if written is not None:
            details.append(kb.text("written_contract_yes"))
        details.append(kb.text("dispense_devis"))
        texts = [SourcedText(t.render(threshold=written.amount_text) if t.id == "written_contract_yes"
                             else t.text, t.sources, "") for t in details]
        send_all(dispatcher, threshold_check_messages(check, texts, end))
    elif check.holds and check.rule_id is not None:
        explained = rule_text_at(check.rule_id, launch, kb)
        send_all(dispatcher, threshold_check_messages(check, [explained] if explained else [], end))
    else:
        send_all(dispatcher, route_messages(route(check.value, launch, buyer, category), before=check.text))


def _previous_amount(tracker: Tracker) -> Optional[float]:
    """The amount (€ HT, options included) of the procurement question just
    answered, if it named one."""
    previous = previous_procurement_question(tracker)
    text = (previous or {}).get("text") or ""
    if not find_amount_spans(text):
        return None
    parsed = parse_amount(keep_amounts(text, SERVICES), clock.today())
    return parsed.value_ht if parsed.ok else None


# How far back the amount of a need is looked for: the procurement questions
# just before (« mission AMO 38 500 € HT… ? », « en fait il y a une option en
# plus de 12 600 », « donc au total ça fait combien ? »).
_NEED_LOOKBACK = 5


def conversation_need(tracker: Tracker) -> Optional[AmountParse]:
    """The amount (€ HT, with its parts) of the need given in the procurement
    questions just before the latest message, an option added later included;
    None if they name none. A total said back (« ça fait 51100 au total ») is
    not a new amount."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    chain = []
    for event in reversed(users[-_NEED_LOOKBACK:]):
        text = event.get("text") or ""
        # a question on the need (« donc au total ça fait combien ? ») is part
        # of the chain whatever the classifier heard in it (a price question)
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") not in _ROUTED_INTENTS \
                and need_follow_up(text) is None:
            break
        chain.append(text)
    need: Optional[AmountParse] = None
    for text in reversed(chain):
        if text.startswith("/") or not find_amount_spans(text) or need_follow_up(text) == TOTAL_STATED:
            continue
        if need is not None and is_need_addition(text):
            parsed = parse_amount(text, clock.today(), base=need.value_ht)
        else:
            parsed = parse_amount(keep_amounts(text, SERVICES), clock.today())
        if parsed.ok and parsed.value_ht is not None:
            need = parsed
    return need


def dispense_route(tracker: Tracker) -> Optional[RouteResult]:
    """The route of the amount the latest message gives, when it is under the
    dispense threshold at the date asked (read HT; typed without HT or TTC,
    its TTC reading is lower still); None otherwise."""
    text = latest_text(tracker)
    if text.startswith("/") or not find_amount_spans(text):
        return None
    parsed = parse_amount(text, clock.today())
    if not parsed.ok or parsed.value_ht is None:
        return None
    result = _route_asked(tracker, parsed.value_ht)
    return result if result.covered and result.route == "dispense" and result.summary is not None else None


def _route_asked(tracker: Tracker, value_ht: float) -> RouteResult:
    """The route of ``value_ht`` for the buyer noted, at the date the latest
    message asks (today by default), for the purchase it names (services by
    default)."""
    profile = profile_from_slots(slot_values(tracker), clock.today())
    launch, when, until = _launch_terms(date_asked(tracker), clock.today())
    return route(value_ht, launch, profile.buyer, purchase_category(latest_text(tracker)) or SERVICES, when, until)


# « on a 3 devis: 18k, 22k et 35k, on prend lequel ? » (« J'ai lu plusieurs
# montants… », live test, session 27): which one to choose.
_WHICH_ONE = re.compile(
    r"\b(?:lequel|laquelle|lesquels|lequels|le\s?quel)\b"
    r"|\b(?:quel|quelle)\s+(?:devis|offre|proposition)\s+(?:choisir|prendre|retenir|garder)\b"
    r"|\b(?:choisir|prendre|retenir)\s+(?:quel|quelle)\b")


def quotes_route(tracker: Tracker) -> Optional[Tuple[float, RouteResult]]:
    """« on a reçu 3 devis pour l'audit énergétique, un à 12k, un à 18k et un à
    25k, on prend le moins cher ? »: several quotes for one need (« J'ai lu
    plusieurs montants… Quel est le montant total ? », live test, session
    24). The highest quote (HT) and its route; None unless the message asks
    whether to take the cheapest of several quotes."""
    text = latest_text(tracker)
    spans = find_amount_spans(text) if not text.startswith("/") else []
    if len(spans) < 2 or not (price_only(text) or _WHICH_ONE.search(fold(text))) or not phrased_as_question(text) \
            or not re.search(r"\b(?:devis|offres?|propositions?)\b", fold(text)):
        return None
    values = [parse_amount(span.raw, clock.today()).value_ht for span in spans]
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return None
    highest = max(values)
    result = _route_asked(tracker, highest)
    return (highest, result) if result.covered and result.summary is not None else None


def answer_option_added(dispatcher: CollectingDispatcher, tracker: Tracker, budget: Any = None) -> bool:
    """« et si on veut rajouter une option à 15 000 ? » once the diagnostic
    noted a budget (40 000 € HT): the value of the need with that option
    (40 000 + 15 000 = 55 000 € HT) and its route. It got the lecture on
    splitting, without the total (live test, session 23). Nothing is noted:
    the question is a « what if ». False, nothing said, when no budget is
    noted, when the message adds nothing to it, or when a procurement
    question just before gave the need (``conversation_need`` answers), or
    when it is no question (« il y a une option en plus de 12600 » after the
    result updates the budget: ``answer_procurement``). ``budget``: the budget noted, if not the slot's (in the form, the slot
    may hold what the message just gave)."""
    text = latest_text(tracker)
    budget = tracker.get_slot("amount") if budget is None else budget
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget <= 0 \
            or not phrased_as_question(text) or not is_need_addition(text) or need_follow_up(text) == TOTAL_STATED \
            or conversation_need(tracker) is not None:
        return False
    parsed = parse_amount(text, clock.today(), base=float(budget))
    if not parsed.ok or parsed.value_ht is None or parsed.need is None or parsed.value_ht <= budget:
        return False
    profile = profile_from_slots(slot_values(tracker), clock.today())
    launch, when, until = _launch_terms(date_asked(tracker), clock.today())
    value, before = _need_answer("", parsed, text)
    send_all(dispatcher, route_messages(route(value, launch, profile.buyer, purchase_category(text) or SERVICES,
                                              when, until), before=before))
    return True


def _need_answer(asked: str, need: AmountParse, text: str):
    """(the amount to route, or None if none can be, what is said before its
    route) for a question on the value of the need just given
    (``assistant.answers.need_follow_up``)."""
    kb = load_knowledge()
    total = format_eur(need.value_ht)
    explained = need.need.explanation if need.need is not None else total

    def said(text_id: str, **values) -> SourcedText:
        template = kb.text(text_id)
        return SourcedText(template.render(**values), template.sources, "")

    if asked == WITHOUT_OPTION:
        if need.need is None or not need.need.with_options:
            return need.value_ht, said("need_no_option", amount=total)
        base = sum(float(p.total) for p in need.need.parts if not p.optional)
        return base, said("need_without_option", new=format_eur(base), old=total)
    if asked == DURATION_ASKED:
        # « et si on fait que 1 an ? » after « amo 35 000 par an pendant 3
        # ans » (r2-f2): the value of the need over that duration, if the
        # amount was given per year; else the whole duration's is asked.
        years = years_asked(text) or 1
        duration = f"{years} an" if years == 1 else f"{years} ans"
        yearly = [p for p in need.need.parts if p.count > 1] if need.need is not None else []
        if len(yearly) != 1:
            return None, said("need_not_yearly", amount=total, duration=duration)
        per_year = yearly[0]
        value = sum(float(p.total) for p in need.need.parts if p is not per_year) + per_year.amount * years
        return value, said("need_shorter", duration=duration, new=format_eur(value), old=total)
    if asked == TOTAL_STATED:
        stated = parse_amount(text, clock.today())
        if stated.ok and stated.value_ht is not None and abs(stated.value_ht - need.value_ht) >= 0.01:
            # a total other than the one computed: the user's, with the sum said
            return stated.value_ht, said("need_total_other", new=format_eur(stated.value_ht), old=explained)
        return need.value_ht, said("need_total_confirmed", amount=explained)
    return need.value_ht, said("need_total", amount=explained)


# A procurement question about a purchase already named (« on prend le devis
# direct ? », « ce marché », « cette mission »), not about the thresholds in
# general (« quels sont les seuils ? »).
_THIS_PURCHASE = re.compile(
    r"\b(?:le|ce|cet|cette|ces|ma|mon|notre|nos|du|de ce|de cette)\s+"
    r"(?:devis|montant|marche|mission|prestation|presta|prestataire|contrat|achat|etude|commande)\b"
    r"|\ben direct\b|\bdirect(?:ement)?\b")


def ht_reading_said(tracker: Tracker) -> bool:
    """Whether the bot has already said, in this conversation, that an amount
    typed without HT or TTC is read as HT (a procurement answer's « montant lu
    hors taxes », the diagnostic's « Je compte ce montant hors taxes »): the
    clause is said once per conversation, not on every follow-up."""
    said = (READ_AS_HT, message_text("amount_taken_ht").split(".")[0])
    return any(e.get("event") == "bot" and any(s in (e.get("text") or "") for s in said)
               for e in tracker.events)


def earlier_texts(tracker: Tracker, count: int = 3) -> List[str]:
    """The typed texts of the user's ``count`` messages before the latest,
    most recent first."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    texts = [e.get("text") or "" for e in reversed(users)]
    return [t for t in texts if t and not t.startswith("/")][:count]


_ROUTED_INTENTS = frozenset({"ask_procurement", "ask_splitting"})


def previous_procurement_question(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """Parse data (with its text) of the last procurement question before the
    latest message, if the bot's last answer was to it. A question on splitting
    whose amounts were added up and routed (« deux lots, chacun à 35 000 € HT,
    pour rester sous le seuil ? ») is one: « et en novembre 2025 ? » asks for
    the same total at that date. So is a follow-up of a procurement question
    whatever the classifier heard in it (« et 90 000 ? », inform 0.51, was
    answered as one: « et si c 20000 » after it started the diagnostic)."""
    chain = procurement_chain(tracker)
    return chain[0] if chain else None


def answer_same_for_structure(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« et pour une interco c pareil ? » right after a procurement answer
    (it started the diagnostic: live test, session 17): the same rules for
    every local authority. (The State's, which differ, are left to the
    procurement answer.) True when answered."""
    structure = structure_follow_up(latest_text(tracker))
    if structure not in LOCAL_STRUCTURES or previous_procurement_question(tracker) is None:
        return False
    if structure == "commune":
        # (« et pour une commune ? » got « une commune suit les mêmes seuils …
        # qu'une commune »: live test, session 26)
        say(dispatcher, "same_rules_for_commune")
        return True
    who = load_knowledge().partner_wording.structure_one.get(structure, "votre structure")
    say(dispatcher, "same_rules_for_structure", who=who)
    return True


def answered_as_follow_up(tracker: Tracker) -> bool:
    """Whether the latest message follows up the procurement question just
    answered (« et si c 20000 », « et 45k TTC », « et aujourd'hui ? »): it is
    answered as a procurement question (``answer_procurement``), whatever the
    classifier heard, and is no answer to the diagnostic's question waiting."""
    text = latest_text(tracker)
    if text.startswith("/"):
        return False
    if not _follows_up(text):
        return False
    if not is_procurement_follow_up(text) and follow_up_with_context(text) is None and not asks_above(text) \
            and tracker.get_slot("requested_slot") in ("amount", "population"):
        return False        # (an amount alone answers the budget's question)
    return previous_procurement_question(tracker) is not None


# How far back a chain of follow-ups is read.
_CHAIN_LOOKBACK = 10


def answer_route_tax(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """« en fait c'est TTC pas HT » right after the route of an amount
    (« mission AMO estimée 70 000 € TTC, quelle procédure ? »), no budget
    noted in a diagnostic: said already counted so (« C'est déjà compté en
    TTC : 70 000 € TTC, soit environ 58 333 € HT »), or the amount switched
    and routed again; it started the diagnostic (r2-a5). True when answered."""
    asked = tax_follow_up(latest_text(tracker))      # « et en TTC ? » (live test, session 17)
    to = tax_said_alone(latest_text(tracker)) or asked
    previous = previous_procurement_question(tracker)
    question = (previous or {}).get("text") or ""
    if to is not None and not find_amount_spans(question):
        # « et en TTC ? » after « et en 2024 ? » after « pour 45k… »: the
        # amount of the chain (it got today's thresholds, live test, session 18)
        question = next((q.get("text") or "" for q in procurement_chain(tracker)
                         if find_amount_spans(q.get("text") or "")), "")
    if to is None or not find_amount_spans(question):
        return False
    parsed = parse_amount(keep_amounts(question, SERVICES), clock.today())
    if not parsed.ok or parsed.need is not None or parsed.share is not None:
        return False
    typed = typed_ttc_of(parsed)
    switched = switch_tax(parsed.value_ht, typed, to)
    if switched is None:
        return False
    value_ht, ttc = switched
    label = ttc_label(ttc, value_ht) if ttc is not None else format_eur(value_ht)
    if abs(value_ht - float(parsed.value_ht)) < 0.005:
        say(dispatcher, "route_tax_already", tax="en TTC" if to == "ttc" else "hors taxes", amount=label)
        return True
    if asked is None:
        say(dispatcher, "answer_corrected", answer=label)     # (a question: the route says the amount)
    at = clock.today()
    launch, when, until = _launch_terms(_chain_date(procurement_chain(tracker)), at)
    profile = profile_from_slots(slot_values(tracker), at)
    category = purchase_category(question) or SERVICES
    send_all(dispatcher, route_messages(route(value_ht, launch, profile.buyer, category, when, until, ttc=ttc)))
    return True


def since_when_follow_up(tracker: Tracker) -> bool:
    """« depuis quand ? », « et depuis quand ça a changé ? » right after a
    question on a threshold (``_thresholds_of``): a question on its date."""
    text = latest_text(tracker)
    if not _asks_a_threshold_s_date(text) or len(words(text).split()) > 8:
        return False
    previous = previous_procurement_question(tracker)
    return previous is not None and _thresholds_of(previous.get("text") or "") is not None


def _asks_a_threshold_s_date(text: str) -> bool:
    """« depuis quand ? », without an amount (a route) or the criterion
    (its own date, ``criterion_when_follow_up``)."""
    return asks_from_when(text) and not find_amount_spans(text) and "critere" not in words(text)


def _thresholds_of(question: str) -> Optional[AskedThresholds]:
    """The thresholds a question asked the value of (« c'est quoi le seuil du
    gré à gré ? ») or stated (« le seuil de gré à gré c'est bien 60 000 ? »)."""
    asked = asked_thresholds(question)
    if asked is not None:
        return asked
    claim = threshold_claim(question)
    return AskedThresholds(claim.roles[:1], purchase_category(question)) if claim and claim.roles else None


def _thresholds_above(tracker: Tracker, typed: str) -> Optional[AskedThresholds]:
    """« et au dessus ? » right after a threshold was asked: the thresholds
    above the highest one asked (``assistant.questions.roles_above``), for the
    same purchase; None for any other message, or when none is above."""
    if not asks_above(typed):
        return None
    for question in procurement_chain(tracker):
        earlier = asked_thresholds(question["text"])
        if earlier is not None and earlier.roles:
            higher = roles_above(earlier.roles)
            return AskedThresholds(higher, earlier.category) if higher else None
    return None


def _chain_date(chain: List[Dict[str, Any]]) -> Optional[DatePeriod]:
    """The date of the most recent question of ``chain`` (``procurement_chain``)
    that names one, each read after the questions before it (« et si on
    l'avait lancée en avril ? » after « …en février 2026 ? »: April 2026)."""
    found = None
    for question in reversed(chain):                # oldest first
        found = _date_in(question["text"], found) or found
    return found


def _listing_day(period: Optional[DatePeriod], launch: dt.date, when: Optional[str],
                 today: dt.date) -> Tuple[dt.date, Optional[str]]:
    """(the day, the words) a list of thresholds is read at: today for a
    month or a year asked that contains it (its thresholds now, not those of
    its first day), else the launch terms unchanged."""
    if period is not None and period.kind != "day" and period.start <= today <= period.end:
        return today, None
    return launch, when


def _launch_terms(period: Optional[DatePeriod],
                  today: dt.date) -> Tuple[dt.date, Optional[str], Optional[dt.date]]:
    """(the day the thresholds are read, the period as asked, its last day) of
    a date asked, or today's: « en novembre 2025 », « en 2023 » are said as
    asked and computed on their first day; a day has no last day."""
    if period is None:
        return today, None, None
    return period.start, period_words(period.start, period.kind), period.end if period.kind != "day" else None


def _follows_up(text: str) -> bool:
    # (« 30 000 TTC » alone after the thresholds, « Donnez-moi un montant… »,
    # started the diagnostic with that budget: live test, session 11)
    return is_procurement_follow_up(text) or follow_up_with_context(text) is not None \
        or is_amount_alone(text) or tax_follow_up(text) is not None or structure_follow_up(text) is not None \
        or asks_above(text)


def procurement_chain(tracker: Tracker) -> List[Dict[str, Any]]:
    """Parse data (with their texts) of the procurement question just
    answered and of the questions it followed up, most recent first: « et
    aujourd'hui ? » after « et pour 45 000 ? » after « quels sont les seuils
    en 2023 ? ». A message is a procurement question if it was heard as one
    (``_ROUTED_INTENTS``), or if it follows one up (« et si c 20000 », heard
    as inform, is answered as such: ``actions.diagnostic``, ``actions.forms``).
    The chain stops at the first question that is no follow-up. Empty when
    the message before the latest is no procurement question."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    # (the messages that may belong to the chain, oldest first)
    candidates: List[Dict[str, Any]] = []
    for event in reversed(users[-_CHAIN_LOOKBACK:]):
        text = event.get("text") or ""
        if text.startswith("/"):
            break
        candidates.insert(0, {**(event.get("parse_data") or {}), "text": text})
        if not _follows_up(text):
            break
    chain: List[Dict[str, Any]] = []
    for question in candidates:
        intent = (question.get("intent") or {}).get("name")
        # (or a route question the fallback read after all: « 60000 HT pile pr
        # une amo, dispense ou pas ? », ``actions.after``)
        routed = intent in _ROUTED_INTENTS or (intent in ("nlu_fallback", "out_of_scope")
                                               and (route_question(question["text"])
                                                    or asked_thresholds(question["text"]) is not None))
        if routed and not _follows_up(question["text"]):
            chain = [question]                     # a question of its own starts a chain
        elif routed or (chain and _follows_up(question["text"])):
            chain.insert(0, question)
        else:
            chain = []                             # neither heard nor answered as one
    return chain


def _date_in(text: str, discussed: Optional[DatePeriod] = None) -> Optional[DatePeriod]:
    """The date or period ``text`` names, « maintenant » (alone in a
    follow-up: ``assistant.answers.says_now``) being today. A day or a month
    without its year is the next one (« et si on attend avril ? » on 23
    November 2026: April 2027, a launch to come, not a month gone by), unless
    told of a launch gone by: then in the year of the date ``discussed``
    (« et si on l'avait lancée en avril ? » after « …en février 2026 ? »:
    April 2026), or the latest one (``assistant.amounts.date_asked_in``)."""
    # (« le même bureau d'études que l'an dernier » is no date of the question)
    period = date_asked_in(text, clock.today(), ahead=True, discussed=discussed)
    if period is None and says_now(text):
        today = clock.today()
        period = DatePeriod(today, today, "day", "maintenant")
    return period


def date_asked(tracker: Tracker):
    """The date or period named in the question (« au 1er mars 2026 », « en 2025 »,
    « et maintenant ? »), read after the procurement questions it follows
    (« et si on l'avait lancée en avril ? »: ``_date_in``)."""
    text = latest_text(tracker)
    return None if text.startswith("/") else _date_in(text, _chain_date(procurement_chain(tracker)))
