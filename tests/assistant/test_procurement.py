"""Procurement route and thresholds: every edge, every date switch, both buyers."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.procurement import (ROUTES, changes_in_year, coverage, criterion_text, describe_rules,
                                   route, rule_text_at, thresholds_at)
from assistant.profile import BUYER_LOCAL, BUYER_STATE
from assistant.purchase import SERVICES, TRAVAUX

D = dt.date
BEFORE_APRIL = D(2026, 3, 31)
FROM_APRIL = D(2026, 4, 1)
IN_2025 = D(2025, 6, 15)
IN_2026 = D(2026, 5, 1)


def code(amount, date, buyer=BUYER_LOCAL):
    return route(amount, date, buyer).route


# --------------------------------------------------------------------------- #
# Threshold edges
# --------------------------------------------------------------------------- #

@pytest.mark.parametrize("date", [IN_2025, BEFORE_APRIL, FROM_APRIL, D(2027, 12, 31)])
@pytest.mark.parametrize("buyer", [BUYER_LOCAL, BUYER_STATE])
def test_written_contract_edge_25000(date, buyer):
    assert route(24_999, date, buyer).written_contract_required is False
    assert route(25_000, date, buyer).written_contract_required is True
    assert "R2112-1" in route(25_000, date, buyer).obligations[0].text


@pytest.mark.parametrize("date", [D(2024, 1, 1), IN_2025, BEFORE_APRIL])
def test_dispense_edge_40000_before_april_2026(date):
    assert code(39_999, date) == "dispense"
    assert code(40_000, date) == "mapa_publicite_adaptee"


def test_dispense_edge_60000_from_april_2026():
    assert code(59_999, FROM_APRIL) == "dispense"
    assert code(60_000, FROM_APRIL) == "mapa_publicite_adaptee"


def test_dispense_switches_between_31_march_and_1_april_2026():
    assert code(45_000, BEFORE_APRIL) == "mapa_publicite_adaptee"
    assert code(45_000, FROM_APRIL) == "dispense"
    assert code(59_999, BEFORE_APRIL) == "mapa_publicite_adaptee"
    assert thresholds_at(BEFORE_APRIL).dispense.amount == 40_000
    assert thresholds_at(FROM_APRIL).dispense.amount == 60_000


@pytest.mark.parametrize("date", [IN_2025, BEFORE_APRIL, FROM_APRIL])
@pytest.mark.parametrize("buyer", [BUYER_LOCAL, BUYER_STATE])
def test_publicity_edge_90000(date, buyer):
    assert code(89_999, date, buyer) == "mapa_publicite_adaptee"
    assert code(90_000, date, buyer) == "mapa_publicite_boamp_jal"


def test_eu_edge_collectivite_2026():
    assert code(215_999, IN_2026) == "mapa_publicite_boamp_jal"
    assert code(216_000, IN_2026) == "procedure_formalisee"


def test_eu_edge_etat_2026():
    assert code(139_999, IN_2026, BUYER_STATE) == "mapa_publicite_boamp_jal"
    assert code(140_000, IN_2026, BUYER_STATE) == "procedure_formalisee"


def test_eu_edge_collectivite_2025():
    assert code(220_999, IN_2025) == "mapa_publicite_boamp_jal"
    assert code(221_000, IN_2025) == "procedure_formalisee"


def test_eu_edge_etat_2025():
    assert code(142_999, IN_2025, BUYER_STATE) == "mapa_publicite_boamp_jal"
    assert code(143_000, IN_2025, BUYER_STATE) == "procedure_formalisee"


def test_eu_thresholds_switch_on_1_january_2026():
    last, first = D(2025, 12, 31), D(2026, 1, 1)
    assert code(216_000, last) == "mapa_publicite_boamp_jal"
    assert code(216_000, first) == "procedure_formalisee"
    assert code(140_000, last, BUYER_STATE) == "mapa_publicite_boamp_jal"
    assert code(140_000, first, BUYER_STATE) == "procedure_formalisee"
    assert thresholds_at(last).eu.amount == 221_000
    assert thresholds_at(first).eu.amount == 216_000


def test_state_and_local_buyers_differ():
    assert code(150_000, IN_2026, BUYER_LOCAL) == "mapa_publicite_boamp_jal"
    assert code(150_000, IN_2026, BUYER_STATE) == "procedure_formalisee"
    assert thresholds_at(IN_2026, BUYER_STATE).eu.rule_id == "eu_services_etat"
    assert thresholds_at(IN_2026, BUYER_LOCAL).eu.rule_id == "eu_services_collectivite"


# --------------------------------------------------------------------------- #
# Works: their own thresholds
# --------------------------------------------------------------------------- #

def works(amount, date=IN_2026, buyer=BUYER_LOCAL):
    return route(amount, date, buyer, category=TRAVAUX)


def test_works_dispense_edge_100000_from_2026():
    """« pour des travaux de 70 000 € HT » : no competition required (R2122-8,
    décret 2025-1386), not the services' MAPA above 60 000 €."""
    for date in (D(2026, 1, 1), BEFORE_APRIL, FROM_APRIL, D(2027, 12, 31)):
        assert works(70_000, date).route == "dispense"
        assert works(99_999, date).route == "dispense"
        assert works(100_000, date).route == "mapa_publicite_boamp_jal"
    assert code(70_000, IN_2026) == "mapa_publicite_adaptee"       # a service of the same amount
    dispense = {t.rule_id: t for t in works(70_000).thresholds}["dispense_travaux"]
    assert dispense.amount == 100_000 and "2025-1386" in dispense.source_text


def test_works_use_the_works_eu_threshold_and_the_common_ones():
    assert works(5_403_999).route == "mapa_publicite_boamp_jal"
    assert works(5_404_000).route == "procedure_formalisee"
    assert works(5_538_000, D(2026, 1, 1) - dt.timedelta(days=1)).covered is False
    ids = {t.rule_id for t in works(70_000).thresholds}
    assert ids == {"written_contract", "dispense_travaux", "free_dce", "mapa_publicity", "eu_travaux"}
    assert works(70_000).written_contract_required is True
    assert works(20_000).written_contract_required is False


def test_works_answer_says_the_works_thresholds_apply():
    result = works(70_000)
    assert "travaux" in result.lead.text and "services" in result.lead.text
    assert "100\u202f000" in result.summary.text and "sans publicité" in result.summary.text
    assert result.messages()[0] == result.lead.text
    assert not any("prestation intellectuelle" in m for m in result.messages())
    assert route(70_000, IN_2026).lead is None


def test_works_before_2026_have_no_data_not_the_services_threshold():
    """The works dispense is in the data from 01/01/2026 only (it was temporary
    before, and facts.md gives no dated source): no data, never a guess."""
    for date in (D(2025, 12, 31), IN_2025, D(2024, 1, 1)):
        result = works(30_000, date)
        assert result.covered is False and "pas de données" in result.no_data.text


def test_works_splitting_warning_near_the_works_dispense_only():
    assert "100\u202f000" in works(95_000).splitting_warning.text
    assert works(85_000).splitting_warning is None        # 90 000 € does not matter under the dispense


def test_category_is_checked():
    with pytest.raises(ValueError):
        route(10_000, IN_2026, category="fournitures")
    assert route(10_000, IN_2026).category == SERVICES


def test_describe_rules_for_works():
    overview = describe_rules(IN_2026, category=TRAVAUX)
    ids = {t.rule_id for t in overview.thresholds}
    assert {"dispense_travaux", "eu_travaux", "written_contract", "mapa_publicity"} <= ids
    assert not ids & {"dispense_services", "eu_services_collectivite"}
    assert any("seuils des travaux" in m for m in overview.messages())


@settings(max_examples=200, deadline=None)
@given(date=st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 31)),
       buyer=st.sampled_from([BUYER_LOCAL, BUYER_STATE]),
       a=st.floats(min_value=0, max_value=10_000_000), b=st.floats(min_value=0, max_value=10_000_000))
def test_works_route_is_monotonic_and_never_stricter_than_services(date, buyer, a, b):
    low, high = sorted((a, b))
    r_low, r_high = works(low, date, buyer), works(high, date, buyer)
    assert ROUTES.index(r_low.route) <= ROUTES.index(r_high.route)
    assert ROUTES.index(r_low.route) <= ROUTES.index(route(low, date, buyer).route)


# --------------------------------------------------------------------------- #
# Content of the result
# --------------------------------------------------------------------------- #

def test_free_online_dce_rule():
    assert route(39_999, BEFORE_APRIL).free_online_dce is False
    assert route(40_000, BEFORE_APRIL).free_online_dce is True
    assert route(59_999, FROM_APRIL).free_online_dce is False
    assert route(60_000, FROM_APRIL).free_online_dce is True
    text = route(60_000, FROM_APRIL).free_online_dce_text.text
    assert "profil d'acheteur" in text and "R2132-2" in text and "60\u202f000" in text


def test_thresholds_applied_carry_label_amount_dates_and_sources():
    result = route(70_000, FROM_APRIL)
    by_rule = {t.rule_id: t for t in result.thresholds}
    assert set(by_rule) == {"written_contract", "dispense_services", "free_dce", "mapa_publicity",
                            "eu_services_collectivite"}
    dispense = by_rule["dispense_services"]
    assert dispense.amount == 60_000 and dispense.amount_text == "60\u202f000\u00a0€\u00a0HT"
    assert dispense.start == FROM_APRIL and dispense.end is None
    assert "R2122-8" in dispense.source_text and "2025-1386" in dispense.source_text
    eu = by_rule["eu_services_collectivite"]
    assert (eu.start, eu.end) == (D(2026, 1, 1), D(2027, 12, 31))
    assert "26 décembre 2025" in eu.source_text
    old = {t.rule_id: t for t in route(70_000, BEFORE_APRIL).thresholds}["dispense_services"]
    assert old.amount == 40_000 and old.end == BEFORE_APRIL and "2019-1344" in old.source_text


def test_dispense_obligations_are_sourced():
    result = route(20_000, IN_2026)
    texts = " ".join(o.text for o in result.obligations)
    assert "pertinente" in texts and "argent public" in texts and "même prestataire" in texts
    assert "plusieurs devis" in texts
    assert all("R2122-8" in o.source_text or "R2112-1" in o.source_text for o in result.obligations)
    assert "aucune obligation" in result.publicity.text
    assert "sans publicité ni mise en concurrence" in result.summary.text


def test_mapa_and_formalised_publicity_and_obligations():
    mapa = route(100_000, IN_2026)
    assert "BOAMP" in mapa.publicity.text and "JAL" in mapa.publicity.text
    assert "R2131-12" in mapa.publicity.source_text
    assert any("R2123-5" in o.text for o in mapa.obligations)
    formal = route(300_000, IN_2026)
    assert "JOUE" in formal.publicity.text and "procédure formalisée" in formal.summary.text
    assert not any("R2123-5" in o.text for o in formal.obligations)
    adapted = route(70_000, IN_2026)
    assert "libre" in adapted.publicity.text


def test_estimated_value_warning_always_present():
    for amount, date in ((1_000, IN_2026), (500_000, IN_2025), (10, D(2019, 1, 1))):
        warning = route(amount, date).estimated_value_warning
        assert "besoin entier" in warning.text and "reconductions" in warning.text
        assert "R2121-1" in warning.source_text


@pytest.mark.parametrize("amount, date, buyer, threshold", [
    (55_000, IN_2026, BUYER_LOCAL, "60\u202f000"),
    (36_000, IN_2025, BUYER_LOCAL, "40\u202f000"),
    (85_000, IN_2026, BUYER_LOCAL, "90\u202f000"),
    (200_000, IN_2026, BUYER_LOCAL, "216\u202f000"),
    (130_000, IN_2026, BUYER_STATE, "140\u202f000"),
    (24_000, IN_2026, BUYER_LOCAL, "25\u202f000"),
])
def test_splitting_warning_near_a_threshold(amount, date, buyer, threshold):
    warning = route(amount, date, buyer).splitting_warning
    assert warning is not None
    assert threshold in warning.text and "R2121-4" in warning.text


@pytest.mark.parametrize("amount", [10_000, 30_000, 50_000, 95_000, 150_000, 216_000, 1_000_000])
def test_no_splitting_warning_far_from_thresholds(amount):
    assert route(amount, IN_2026).splitting_warning is None


def test_environmental_criterion_dated():
    before = route(100_000, D(2026, 8, 20))
    after = route(100_000, D(2026, 8, 21))
    text_before = " ".join(o.text for o in before.obligations)
    text_after = " ".join(o.text for o in after.obligations)
    assert "devra" in text_before and "21 août 2026" in text_before
    assert "doit porter" in text_after and "L2152-7" in text_after
    assert "22 août 2026" in text_after          # the uncertainty is said
    assert criterion_text(D(2024, 6, 1)) is None  # too far ahead to mention
    assert not any("L2152-7" in o.text for o in route(100_000, D(2024, 6, 1)).obligations)
    assert not any("L2152-7" in o.text for o in route(10_000, D(2026, 9, 1)).obligations)


def test_rule_text_at_gives_current_and_next():
    text = rule_text_at("dispense_services", D(2026, 2, 1)).text
    assert "40\u202f000" in text and "60\u202f000" in text and "1er avril 2026" in text
    assert "60\u202f000" in rule_text_at("dispense_services", FROM_APRIL).text
    assert rule_text_at("dispense_services", D(2019, 6, 1)).text.startswith("Pour les consultations")


def test_messages_are_short_and_in_order():
    for amount in (10_000, 50_000, 80_000, 120_000, 400_000):
        for date in (IN_2025, BEFORE_APRIL, FROM_APRIL, D(2026, 9, 1)):
            messages = route(amount, date).messages()
            assert messages[0] == route(amount, date).summary.text
            assert all(len(m) <= 350 for m in messages), messages


# --------------------------------------------------------------------------- #
# Coverage: no data, no guess
# --------------------------------------------------------------------------- #

def test_coverage_bounds():
    assert coverage(BUYER_LOCAL) == (D(2024, 1, 1), D(2027, 12, 31))
    assert coverage(BUYER_STATE) == (D(2024, 1, 1), D(2027, 12, 31))


@pytest.mark.parametrize("date", [D(2019, 12, 31), D(2019, 6, 1), D(2028, 1, 1), D(2031, 5, 5)])
def test_date_outside_coverage_gives_no_data(date):
    result = route(50_000, date)
    assert result.covered is False and result.route is None
    assert result.written_contract_required is None and result.thresholds == ()
    assert "pas de données" in result.no_data.text
    assert result.messages()[0] == result.no_data.text
    assert not thresholds_at(date).covered


@pytest.mark.parametrize("date", [D(2020, 1, 1), D(2023, 1, 1), D(2023, 12, 31)])
def test_a_past_date_is_answered_when_its_thresholds_are_known(date):
    """DGS M1: « si la consultation avait été lancée en 2023 pour 45 000 € HT,
    il fallait mettre en concurrence ? » got « no data » because the EU
    thresholds are known from 2024 only; the dispense (40 000 €, décret
    2019-1344) and the BOAMP/JAL threshold were in force, and the route of
    45 000 € does not depend on the EU threshold."""
    result = route(45_000, date)
    assert result.covered and result.route == "mapa_publicite_adaptee"
    assert "40\u202f000" in result.summary.text and "2019-1344" in result.summary.source_text
    assert route(30_000, date).route == "dispense"
    assert route(89_999, date).route == "mapa_publicite_adaptee"
    assert not thresholds_at(date).covered          # the set of thresholds is not complete


def test_a_past_amount_that_depends_on_a_rule_without_data_gets_no_data():
    result = route(95_000, D(2023, 6, 1))
    assert not result.covered and result.route is None
    assert "seuil européen" in result.no_data.text and "pas de données" in result.no_data.text
    assert "1er juin 2023" in result.no_data.text


def test_first_and_last_covered_days():
    assert route(50_000, D(2024, 1, 1)).covered
    assert route(50_000, D(2027, 12, 31)).covered


def test_invalid_arguments():
    with pytest.raises(ValueError):
        route(10_000, IN_2026, "mairie")
    with pytest.raises(ValueError):
        route(-1, IN_2026)
    with pytest.raises(ValueError):
        route(float("nan"), IN_2026)
    with pytest.raises(TypeError):
        route(10_000, "2026-05-01")
    assert route(10_000, dt.datetime(2026, 5, 1, 12, 0)).date == IN_2026


# --------------------------------------------------------------------------- #
# Rules in force, changes in a year
# --------------------------------------------------------------------------- #

def test_describe_rules_in_force():
    overview = describe_rules(D(2026, 2, 1))
    assert overview.covered
    amounts = {t.rule_id: t.amount for t in overview.thresholds}
    assert amounts["dispense_services"] == 40_000
    assert amounts["eu_services_collectivite"] == 216_000
    assert amounts["dispense_travaux"] == 100_000
    assert all(line.source_text for line in overview.lines)
    assert {c.date for c in overview.upcoming} == {FROM_APRIL}
    assert "devra" in overview.criterion.text
    assert any("prestation intellectuelle" in m for m in overview.messages())


def test_describe_rules_for_the_state_and_without_data():
    assert {t.rule_id for t in describe_rules(IN_2026, BUYER_STATE).thresholds} >= {"eu_services_etat"}
    overview = describe_rules(D(2019, 6, 1))
    assert not overview.covered and "pas de données" in overview.no_data.text
    assert not describe_rules(D(2028, 1, 1)).covered


def test_known_today_after_the_data_only():
    from assistant.procurement import known_today
    today = D(2026, 11, 24)
    title, lines = known_today(D(2028, 1, 1), today, when="en 2028")
    assert title.text == ("Les seuils en vigueur aujourd'hui, le 24 novembre 2026, "
                          "sans savoir s'ils vaudront encore en 2028\u00a0:")
    assert [line.text for line in lines] == \
        [line.text for line in describe_rules(today).key]
    assert any("jusqu'au 31 décembre 2027" in line.text for line in lines)
    for covered_or_past in (D(2027, 6, 1), D(2019, 6, 1), today):
        assert known_today(covered_or_past, today) == (None, ())


def test_describe_rules_of_a_past_year_says_what_it_does_not_know():
    overview = describe_rules(D(2023, 1, 1))
    assert overview.covered and overview.no_data is None
    amounts = {t.rule_id: t.amount for t in overview.thresholds}
    assert amounts["dispense_services"] == 40_000 and amounts["mapa_publicity"] == 90_000
    assert "eu_services_collectivite" not in amounts
    assert [m.text for m in overview.missing] == [
        "Je n'ai pas de données fiables sur le seuil européen des services (collectivités) au 1er janvier 2023."]
    assert overview.missing[0].text in overview.messages()
    assert describe_rules(IN_2026).missing == ()


def test_changes_in_2026():
    changes = changes_in_year(2026)
    assert changes.covered
    by_rule = {c.rule_id: c for c in changes.changes}
    assert by_rule["dispense_services"].date == FROM_APRIL
    assert (by_rule["dispense_services"].old_amount, by_rule["dispense_services"].new_amount) == (40_000, 60_000)
    assert by_rule["free_dce"].new_amount == 60_000
    assert by_rule["eu_services_collectivite"].old_amount == 221_000
    assert by_rule["dispense_travaux"].new_amount == 100_000
    assert by_rule["environmental_criterion"].date == D(2026, 8, 21)
    assert "eu_services_etat" not in by_rule
    assert [c.date for c in changes.changes] == sorted(c.date for c in changes.changes)
    state = {c.rule_id: c for c in changes_in_year(2026, BUYER_STATE).changes}
    assert (state["eu_services_etat"].old_amount, state["eu_services_etat"].new_amount) == (143_000, 140_000)


def test_changes_in_year_without_changes_or_data():
    quiet = changes_in_year(2025)
    assert quiet.covered and quiet.changes == ()
    assert "pas de changement" in quiet.messages()[0]
    future = changes_in_year(2028)
    assert not future.covered and "pas de données" in future.messages()[0]


# --------------------------------------------------------------------------- #
# Property: never a lighter procedure for a higher amount
# --------------------------------------------------------------------------- #

_START, _END = D(2024, 1, 1), D(2027, 12, 31)
dates_in_coverage = st.dates(min_value=_START, max_value=_END)
amounts = st.floats(min_value=0, max_value=10_000_000, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(date=dates_in_coverage, buyer=st.sampled_from([BUYER_LOCAL, BUYER_STATE]),
       a=amounts, b=amounts)
def test_route_is_monotonic_in_amount(date, buyer, a, b):
    low, high = sorted((a, b))
    r_low, r_high = route(low, date, buyer), route(high, date, buyer)
    assert r_low.covered and r_high.covered
    assert ROUTES.index(r_low.route) <= ROUTES.index(r_high.route)
    assert r_low.written_contract_required <= r_high.written_contract_required
    assert r_low.free_online_dce <= r_high.free_online_dce


@settings(max_examples=100, deadline=None)
@given(date=st.one_of(st.dates(max_value=D(2019, 12, 31)),
                      st.dates(min_value=_END + dt.timedelta(days=1))),
       amount=amounts, category=st.sampled_from([SERVICES, TRAVAUX]))
def test_route_never_guesses_outside_coverage(date, amount, category):
    result = route(amount, date, category=category)
    assert not result.covered and result.route is None


@settings(max_examples=200, deadline=None)
@given(date=st.dates(min_value=D(2020, 1, 1), max_value=_START - dt.timedelta(days=1)),
       amount=amounts, buyer=st.sampled_from([BUYER_LOCAL, BUYER_STATE]))
def test_before_the_eu_data_only_the_amounts_it_does_not_decide_are_answered(date, amount, buyer):
    """2020–2023: no EU threshold in the data; 90 000 € (BOAMP/JAL) and more
    need it, so they get « no data »; less is routed with the known ones."""
    result = route(amount, date, buyer)
    assert result.covered == (amount < 90_000)
    if result.covered:
        assert result.route == ("dispense" if amount < 40_000 else "mapa_publicite_adaptee")
    assert not route(amount, date, buyer, TRAVAUX).covered     # no works dispense before 2026


# --------------------------------------------------------------------------- #
# A threshold value stated in a question (fresh M8)
# --------------------------------------------------------------------------- #

from assistant.procurement import ABOVE, UNDER, check_threshold  # noqa: E402

NNBSP = "\u202f"


def _plain(text):
    return text.replace("\u00a0", " ").replace(NNBSP, " ")


def test_the_former_dispense_threshold_is_said_with_both_periods_and_their_decrees():
    """« sous 40 000 on peut signer direct, c toujours vrai ? »: yes, and
    beyond: 40 000 € HT until 31 March 2026, 60 000 € HT since 1 April 2026."""
    check = check_threshold(40_000, D(2026, 11, 22), roles=("dispense",), direction=UNDER)
    text = _plain(check.text.text)
    assert text.startswith("Oui, et même au-delà : le seuil de dispense")
    assert "était de 40 000 € HT jusqu'au 31 mars 2026" in text
    assert "il est de 60 000 € HT pour les consultations lancées depuis le 1er avril 2026" in text
    assert {"decret_2019_1344", "decret_2025_1386", "ccp_r2122_8"} <= set(check.text.sources)
    assert check.rule_id == "dispense_services" and check.holds and check.threshold == 60_000


@pytest.mark.parametrize("date, value, direction, lead, holds", [
    (FROM_APRIL, 60_000, UNDER, "Oui : ", True),            # the threshold itself
    (BEFORE_APRIL, 40_000, UNDER, "Oui : ", True),          # in force on 31 March 2026
    (BEFORE_APRIL, 60_000, None, "Pas encore : ", False),   # from 1 April 2026
    (FROM_APRIL, 40_000, None, "Plus maintenant : ", False),
    (FROM_APRIL, 25_000, UNDER, "Oui, et même au-delà : ", True),
    (FROM_APRIL, 90_000, UNDER, "Non : ", False),
    (FROM_APRIL, 100_000, ABOVE, "Oui, et même en dessous : ", True),
    (FROM_APRIL, 50_000, ABOVE, "Non : ", False),
])
def test_a_dispense_value_is_confirmed_or_corrected_at_the_date(date, value, direction, lead, holds):
    check = check_threshold(value, date, roles=("dispense",), direction=direction)
    assert _plain(check.text.text).startswith(lead) and check.holds is holds


def test_a_value_without_rule_words_is_matched_to_the_thresholds_of_the_date():
    publicity = check_threshold(90_000, FROM_APRIL, says_threshold=True)
    assert publicity.rule_id == "mapa_publicity" and publicity.holds
    assert _plain(publicity.text.text).startswith("Oui : le seuil de l'avis au BOAMP ou dans un JAL est de 90 000")
    written = check_threshold(25_000, FROM_APRIL, direction=ABOVE)
    assert written.rule_id == "written_contract" and written.holds
    eu = check_threshold(221_000, D(2026, 2, 1), says_threshold=True)
    assert _plain(eu.text.text).startswith("Plus maintenant : le seuil européen des services (collectivités) "
                                           "était de 221 000 € HT jusqu'au 31 décembre 2025")
    state = check_threshold(140_000, D(2026, 2, 1), BUYER_STATE, says_threshold=True)
    assert state.rule_id == "eu_services_etat" and state.holds
    works = check_threshold(100_000, D(2026, 2, 1), category=TRAVAUX, says_threshold=True)
    assert works.rule_id == "dispense_travaux" and works.holds


def test_a_value_that_is_no_threshold():
    unknown = check_threshold(35_000, FROM_APRIL, says_threshold=True)
    assert unknown.rule_id is None and not unknown.holds
    assert _plain(unknown.text.text) == "Non : 35 000 € HT ne fait pas partie des seuils que je connais au 1er avril 2026."
    # Without « seuil », an amount to route; « appel d'offres » is the nearest threshold.
    assert check_threshold(35_000, FROM_APRIL, direction=UNDER) is None
    assert check_threshold(50_000, FROM_APRIL, roles=("eu_threshold", "dispense"),
                           direction=UNDER).rule_id == "dispense_services"
    assert check_threshold(200_000, FROM_APRIL, roles=("eu_threshold", "dispense"),
                           direction=UNDER).rule_id == "eu_services_collectivite"
    # No data at that date: no answer rather than a guess.
    assert check_threshold(40_000, D(2019, 6, 1), roles=("dispense",), direction=UNDER) is None


def test_a_period_is_said_as_asked_and_computed_on_its_first_day():
    """final D-L7: « en novembre 2025 » was answered « ici le 1er novembre 2025 »."""
    from assistant.procurement import period_words
    assert period_words(dt.date(2025, 11, 1), "month") == "en novembre 2025"
    assert period_words(dt.date(2023, 1, 1), "year") == "en 2023"
    assert period_words(dt.date(2026, 3, 3)) == "le 3 mars 2026"
    month = route(218_000, dt.date(2025, 11, 1), when="en novembre 2025", until=dt.date(2025, 11, 30))
    assert month.notes[-1].text.endswith("ici en novembre 2025.") and month.route == "mapa_publicite_boamp_jal"
    # 50 000 € in 2026: a MAPA until 31 March, the dispense from 1 April.
    year = route(50_000, dt.date(2026, 1, 1), when="en 2026", until=dt.date(2026, 12, 31))
    assert year.route == "mapa_publicite_adaptee"
    assert "1er avril 2026" in year.notes[-1].text and "en 2026" in year.notes[-1].text
    assert "cela dépend" not in route(150_000, dt.date(2026, 1, 1), when="en 2026",
                                      until=dt.date(2026, 12, 31)).notes[-1].text


# --------------------------------------------------------------------------- #
# An amount typed without HT or TTC, read as HT (final retest S-H8)
# --------------------------------------------------------------------------- #

_READ = "montant lu hors taxes"


@settings(max_examples=150)
@given(st.integers(min_value=1, max_value=1_000_000), st.sampled_from([SERVICES, TRAVAUX]),
       st.booleans())
def test_read_as_ht_is_said_once_right_after_the_amount(amount, category, read_ht):
    result = route(amount, IN_2026, BUYER_LOCAL, category, read_ht=read_ht)
    plain = route(amount, IN_2026, BUYER_LOCAL, category)
    said = "\n".join(result.messages())
    assert said.count(_READ) == (1 if read_ht else 0)
    assert result.route == plain.route                  # the route itself is unchanged
    if read_ht:
        assert result.summary.text.startswith(plain.summary.text.split(",")[0] + " (" + _READ)
    else:
        assert result.messages() == plain.messages()


def test_an_amount_typed_ttc_is_not_said_read_as_ht():
    result = route(29_166.67, IN_2026, ttc=35_000, read_ht=True)
    assert _READ not in "\n".join(result.messages()) and "35 000" in result.summary.text.replace("\u202f", " ")


# --------------------------------------------------------------------------- #
# The short list and the thresholds a question names (live tests, session 12)
# --------------------------------------------------------------------------- #

from assistant.knowledge import load_knowledge as _load_knowledge  # noqa: E402
from assistant.procurement import KEY_ROLES, criterion_brief, named_thresholds  # noqa: E402

KNOWLEDGE = _load_knowledge()


def _nb(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_the_short_list_holds_the_four_thresholds_of_a_service():
    overview = describe_rules(dt.date(2026, 11, 23))
    lines = [_nb(line.text) for line in overview.key]
    assert lines == [
        "Contrat écrit obligatoire : 25 000 € HT (art. R2112-1, depuis le 1er avril 2019).",
        "Dispense de publicité et de mise en concurrence : 60 000 € HT (art. R2122-8, depuis le 1er avril 2026).",
        "Avis au BOAMP ou dans un journal d'annonces légales : 90 000 € HT (art. R2131-12, depuis le 1er avril 2019).",
        "Seuil européen (procédure formalisée) : 216 000 € HT (annexe 2 du Code de la commande publique, "
        "jusqu'au 31 décembre 2027).",
    ]
    others = " ".join(_nb(line.text) for line in overview.others)
    assert "R2132-2" in others and "100 000 € HT" in others and "5 404 000 € HT" in others
    assert len(overview.key) + len(overview.others) == len(overview.lines)
    assert [KNOWLEDGE.rule(r).role for r in overview.key_rules] == list(KEY_ROLES)


def test_the_short_list_reads_each_date():
    """« quels étaient les seuils en 2023 ? »: that date's figures; a rule
    without data then is left out of the list (and said missing)."""
    overview = describe_rules(dt.date(2023, 1, 1), when="en 2023")
    lines = " ".join(_nb(line.text) for line in overview.key)
    assert "40 000 € HT (art. R2122-8, jusqu'au 31 mars 2026)" in lines and "60 000" not in lines
    assert "européen" not in lines and "en 2023" in overview.missing[0].text
    works = describe_rules(dt.date(2026, 11, 23), category=TRAVAUX)
    assert "100 000" in _nb(" ".join(line.text for line in works.key))


def test_the_criterion_in_one_line_keeps_its_caveat():
    now = criterion_brief(dt.date(2026, 11, 23))
    assert "depuis le 21 août 2026" in now.text and "22 août 2026" in now.text
    assert "L2152-7" in now.text and now.sources and len(now.text) < len(criterion_text(dt.date(2026, 11, 23)).text)
    before = criterion_brief(dt.date(2025, 6, 1))
    assert "à partir du 21 août 2026" in before.text and "22 août 2026" in before.text


@pytest.mark.parametrize("roles, category, expected", [
    (("publicity",), None, ["90 000 € HT : à partir de ce montant, un marché à procédure adaptée est annoncé "
                            "au BOAMP ou dans un JAL (art. R2131-12, depuis le 1er avril 2019)."]),
    (("dispense",), None, ["60 000 € HT : sous ce montant, un marché de services peut être conclu sans publicité "
                           "ni mise en concurrence préalables (art. R2122-8, depuis le 1er avril 2026)."]),
    (("written_contract",), None, ["25 000 € HT : à partir de ce montant, le marché doit être conclu par écrit "
                                   "(art. R2112-1, depuis le 1er avril 2019)."]),
    (("dispense",), TRAVAUX, ["100 000 € HT : sous ce montant, un marché de travaux peut être conclu sans "
                              "publicité ni mise en concurrence préalables (art. R2122-8, depuis le 1er janvier 2026)."]),
])
def test_a_threshold_named_in_one_line(roles, category, expected):
    named = named_thresholds(dt.date(2026, 11, 23), roles, category=category)
    assert [_nb(line.text) for line in named.lines] == expected
    assert named.upcoming == () and all(line.sources for line in named.lines)


def test_a_next_change_already_in_force_today_is_not_told_as_to_come():
    """« quel était le seuil européen en novembre 2025 ? » asked in November
    2026: not « ce seuil européen sera de 216 000 € HT » (live test, session
    15), the change with both figures; asked before it, still to come."""
    named = named_thresholds(dt.date(2025, 11, 1), ("eu_threshold",), when="en novembre 2025",
                             today=dt.date(2026, 11, 23))
    assert _nb(named.upcoming[0].text) == (
        "Pour les consultations lancées à partir du 1er janvier 2026 : seuil européen des services "
        "(collectivités), de 221 000 € HT à 216 000 € HT (annexe 2 du Code de la commande publique).")
    ahead = named_thresholds(dt.date(2025, 11, 1), ("eu_threshold",), today=dt.date(2025, 11, 1))
    assert _nb(ahead.upcoming[0].text) == "À partir du 1er janvier 2026, ce seuil européen sera de 216 000 € HT."
    # the change's day itself is today: in force, no longer to come
    on_the_day = named_thresholds(dt.date(2026, 2, 1), ("dispense",), today=dt.date(2026, 4, 1))
    assert "de 40 000 € HT à 60 000 € HT" in _nb(on_the_day.upcoming[0].text)


def test_the_thresholds_named_at_other_dates():
    # before the dispense changed: that figure, and its change coming
    named = named_thresholds(dt.date(2026, 2, 1), ("dispense",))
    assert _nb(named.lines[0].text).startswith("40 000 € HT : sous ce montant")
    assert "du 1er janvier 2020 au 31 mars 2026" in named.lines[0].text
    assert _nb(named.upcoming[0].text) == "Pour les consultations lancées à partir du 1er avril 2026, ce seuil passe à 60 000 € HT."
    # a year asked: said first; a rule without data then: said so
    named = named_thresholds(dt.date(2023, 1, 1), ("dispense", "eu_threshold"), when="en 2023")
    assert _nb(named.lines[0].text).startswith("En 2023, 40 000 € HT")
    assert named.lines[1].text == "Je n'ai pas de données fiables sur le seuil européen des services (collectivités) en 2023."
    # the State's European threshold; the works' own thresholds
    state = named_thresholds(dt.date(2026, 11, 23), ("eu_threshold",), BUYER_STATE)
    assert _nb(state.lines[0].text).startswith("140 000 € HT") and "l'État" in state.lines[0].text
    works = named_thresholds(dt.date(2026, 11, 23), (), category=TRAVAUX)
    assert works.rule_ids == ("dispense_travaux", "eu_travaux")


def test_an_entite_adjudicatrice_is_named_and_checked_not_routed():
    """The data holds only the EU threshold of an entité adjudicatrice: asking
    its route is refused with a ValueError naming why, not a LookupError from
    deep inside; its EU threshold can still be named and checked."""
    from assistant.profile import BUYER_CONTRACTING
    for call in (lambda: route(80_000, IN_2026, BUYER_CONTRACTING),
                 lambda: thresholds_at(IN_2026, BUYER_CONTRACTING),
                 lambda: coverage(BUYER_CONTRACTING),
                 lambda: describe_rules(IN_2026, BUYER_CONTRACTING),
                 lambda: changes_in_year(2026, BUYER_CONTRACTING)):
        with pytest.raises(ValueError, match="EU threshold"):
            call()
    assert check_threshold(432_000, IN_2026, BUYER_CONTRACTING).holds
    wrong = check_threshold(216_000, IN_2026, BUYER_CONTRACTING, roles=("eu_threshold",))
    assert wrong is not None and wrong.holds is False and wrong.threshold == 432_000
    named = named_thresholds(IN_2026, ["eu_threshold"], BUYER_CONTRACTING)
    assert "432\u202f000" in " ".join(line.text for line in named.lines)


def test_a_price_against_the_entites_adjudicatrices_eu_threshold():
    from assistant.procurement import contracting_entity_route

    below = contracting_entity_route(300_000, IN_2026)
    assert "reste sous son seuil européen de 432\u202f000" in below.text and "service juridique" in below.text
    assert "atteint son seuil européen de 432\u202f000" in contracting_entity_route(432_000, IN_2026).text
    # 2025: 443 000 € HT
    assert "reste sous son seuil européen de 443\u202f000" in contracting_entity_route(440_000, D(2025, 6, 1)).text
    assert contracting_entity_route(300_000, D(2020, 1, 1)) is None        # no data, no guess


# Several services, each with its amount (needs_apart).
from assistant.procurement import needs_apart  # noqa: E402

_TODAY = dt.date(2026, 11, 24)


def test_needs_of_different_themes_are_routed_each_then_together():
    said = needs_apart("bilan carbone 25 000 et site internet 40 000 c 2 marchés séparés ?",
                       _TODAY, BUYER_LOCAL, _TODAY)
    assert said is not None and len(said.texts) == 4
    texts = [t.replace("\u202f", " ").replace("\u00a0", " ") for t in said.texts]
    assert texts[0].startswith("Des besoins de nature différente s'estiment chacun séparément")
    assert texts[1].startswith("Pour 25 000 € HT, vous êtes sous le seuil de dispense de 60 000 € HT")
    assert texts[2].startswith("Pour 40 000 € HT, vous êtes sous le seuil de dispense")
    assert "= 65 000 € HT. Pour 65 000 € HT, il faut un marché à procédure adaptée" in texts[3]
    assert said.sources


def test_parts_of_one_need_and_what_is_not_several_services():
    one = needs_apart("etude 35 000 puis accompagnement 30 000 meme projet", _TODAY, BUYER_LOCAL, _TODAY)
    assert one is not None
    assert one.texts[0].startswith("Si ces prestations sont homogènes ou forment une même unité fonctionnelle")
    # one amount, five amounts, works, an unreadable amount: not this question
    for text in ("bilan carbone 25 000", "a 1 000, b 2 000, c 3 000, d 4 000, e 5 000",
                 "travaux de toiture 80 000 et etude 20 000", "etude 25 000 et site internet 40 000 TTC"):
        assert needs_apart(text, _TODAY, BUYER_LOCAL, _TODAY) is None, text


def test_the_routes_are_read_at_the_date_given():
    """In 2025 the dispense threshold was 40 000 € HT: 45 000 alone is then
    above it (today it is under 60 000)."""
    then = dt.date(2025, 6, 1)
    said = needs_apart("bilan carbone 45 000 et site internet 10 000", _TODAY, BUYER_LOCAL, then)
    now = needs_apart("bilan carbone 45 000 et site internet 10 000", _TODAY, BUYER_LOCAL, _TODAY)
    assert said is not None and now is not None
    assert said.texts[1] != now.texts[1]
