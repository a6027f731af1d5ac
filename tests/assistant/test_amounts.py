"""assistant.amounts: amounts in € HT, population and dates in what users type."""
import datetime as dt
import math
import shutil
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings, strategies as st

from assistant.amounts import (
    states_an_amount,
    ERR_NEGATIVE,
    ERR_NOT_FOUND,
    ERR_SEVERAL,
    ERR_TOO_LARGE,
    ERR_TOO_SMALL,
    ERR_ZERO,
    MAX_AMOUNT,
    MIN_AMOUNT,
    NOTE_CORRECTION,
    NOTE_RANGE,
    NOTE_TOTAL,
    NOTE_TTC,
    NeedPart,
    amount_error,
    find_amount_spans,
    find_date_spans,
    find_population_spans,
    is_hesitant,
    need_value,
    parse_amount,
    parse_date,
    parse_population,
    READ_AS_HT,
    vat_rate,
    read_as_ht,
    read_as_ht_clause,
    says_tax,
    ttc_label,
    typed_ttc,
)
from assistant import amounts as amounts_module
from assistant.knowledge import KNOWLEDGE_DIR, load_knowledge_from

TODAY = dt.date(2026, 1, 15)
NBSP, NNBSP = "\u00a0", "\u202f"


# --------------------------------------------------------------------------- helpers

def group(n: int, separator: str) -> str:
    """45000, " " → "45 000"."""
    return f"{n:,}".replace(",", separator)


_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def french_words(n: int, hyphens: bool = False) -> str:
    """French words for 0 < n < 10**9 (traditional spelling, or the 1990 one
    with hyphens everywhere). For the tests only."""
    def below_100(n: int) -> str:
        if n <= 16:
            return _UNITS[n]
        if n < 20:
            return "dix-" + _UNITS[n - 10]
        tens, unit = divmod(n, 10)
        if tens in (7, 9):
            base = "soixante" if tens == 7 else "quatre-vingt"
            if tens == 7 and unit == 1:
                return "soixante et onze"
            return f"{base}-{below_100(10 + unit)}"
        if tens == 8:
            return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _UNITS[unit]
        if unit == 0:
            return _TENS[tens]
        if unit == 1:
            return f"{_TENS[tens]} et un"
        return f"{_TENS[tens]}-{_UNITS[unit]}"

    def below_1000(n: int, before_mille: bool = False) -> str:
        hundreds, rest = divmod(n, 100)
        parts = []
        if hundreds:
            cent = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
            if hundreds > 1 and rest == 0 and not before_mille:
                cent += "s"
            parts.append(cent)
        if rest:
            words = below_100(rest)
            if before_mille and words == "quatre-vingts":
                words = "quatre-vingt"
            parts.append(words)
        return " ".join(parts)

    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(f"{below_1000(millions)} million" + ("s" if millions > 1 else ""))
    if thousands:
        parts.append("mille" if thousands == 1 else f"{below_1000(thousands, True)} mille")
    if units:
        parts.append(below_1000(units))
    text = " ".join(parts)
    return text.replace(" ", "-") if hyphens else text


@pytest.mark.parametrize("n, words", [
    (21, "vingt et un"), (71, "soixante et onze"), (80, "quatre-vingts"),
    (81, "quatre-vingt-un"), (91, "quatre-vingt-onze"), (200, "deux cents"),
    (201, "deux cent un"), (80_000, "quatre-vingt mille"), (1000, "mille"),
    (200_000, "deux cent mille"), (2_500_000, "deux millions cinq cent mille"),
])
def test_the_test_speller(n, words):
    assert french_words(n) == words


# --------------------------------------------------------------------------- examples

@pytest.mark.parametrize("typed, value", [
    ("45 000 €", 45000),
    ("45000", 45000),
    ("45 000€", 45000),
    ("45.000 €", 45000),
    ("45k€", 45000),
    ("45 k€", 45000),
    ("45K", 45000),
    ("45 K€", 45000),
    ("45 keur", 45000),
    ("45ke", 45000),
    ("45 000 euros HT", 45000),
    ("45 000 € H.T.", 45000),
    ("45 000 € hors taxes", 45000),
    ("45 000 EUR", 45000),
    ("45000e", 45000),
    ("45'000 CHF... non, 45'000 €", 45000),
    (f"45{NNBSP}000{NBSP}€", 45000),
    ("cinquante mille euros", 50000),
    ("Cinquante Mille €", 50000),
    ("quarante-cinq mille", 45000),
    ("quarante cinq mille euros", 45000),
    ("quatre-vingt mille euros", 80000),
    ("vingt et un mille €", 21000),
    ("deux cent cinquante mille euros", 250000),
    ("mille euros", 1000),
    ("1,2 M€", 1_200_000),
    ("1,2 m€", 1_200_000),
    ("1.5 M€", 1_500_000),
    ("2M", 2_000_000),
    ("1,5 million d'euros", 1_500_000),
    ("1,5 million d’euros", 1_500_000),
    ("2 millions", 2_000_000),
    ("deux millions", 2_000_000),
    ("un million et demi d'euros", 1_500_000),
    ("deux millions cinq cent mille euros", 2_500_000),
    ("45 mille euros", 45000),
    ("1 200 000 €", 1_200_000),
    ("12,5 k€", 12500),
    ("45 000,50 €", 45000.5),
    ("45,000", 45000),                      # the English way
    ("environ 45 000", 45000),
    ("à peu près 45k", 45000),
    ("max 800", 800),                       # a bare number as the whole answer
    ("2025", 2025),
    ("mille", 1000),
])
def test_amount_formats(typed, value):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok, parsed
    assert parsed.value_ht == value
    assert not parsed.ttc and parsed.range is None and parsed.notes == ()


@pytest.mark.parametrize("typed, value, raw", [
    ("on a 30 000 € pour une étude énergie", 30000, "30 000 €"),
    ("pour 45 000 € faut-il mettre en concurrence ?", 45000, "45 000 €"),
    ("on a trente mille pour l'étude", 30000, "trente mille"),
    ("Notre budget est de 45000 pour la mission", 45000, "45000"),
    ("commune de 800 habitants, budget 45 000 €", 45000, "45 000 €"),
    ("800 habitants et 45k€ de budget", 45000, "45k€"),
    ("en 2025 on a prévu 30 000 €", 30000, "30 000 €"),
    ("au 1er avril 2026, 45 000 € HT c'est un MAPA ?", 45000, "45 000 € HT"),
    ("le 01/04/2026 pour 45k", 45000, "45k"),
    ("le seuil de l'article R2122-8 pour 40 000 € HT", 40000, "40 000 € HT"),
    ("décret n° 2025-1386 : et pour 50 000 € ?", 50000, "50 000 €"),
    ("subvention à 60 % sur 50 000 €", 50000, "50 000 €"),
    ("60 pour cent de 50 000 €", 50000, "50 000 €"),
    ("appelez-moi au 06 12 34 56 78 pour 45 000 €", 45000, "45 000 €"),
    ("tel : 0612345678, montant 45000", 45000, "45000"),
    ("le 3e trimestre, 45 000 €", 45000, "45 000 €"),
    ("pour 12 communes et 45 000 €", 45000, "45 000 €"),
    ("45 000 € soit 45k€", 45000, "45k€"),   # the same amount twice
    ("et pour 2025 € ?", 2025, "2025 €"),   # a year-like figure with its currency
    ("et 2025 euros ?", 2025, "2025 euros"),
])
def test_amount_in_a_sentence(typed, value, raw):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok, parsed
    assert parsed.value_ht == value
    assert parsed.raw == raw
    start, end = parsed.span
    assert typed[start:end] == raw


@pytest.mark.parametrize("typed", [
    "800 habitants",
    "une commune de 1 200 habitants",
    "mille habitants",
    "en 2025",
    "et 2025 ?",                            # a follow-up on the year (r2-h1)
    "et en 2025 ?",
    "ok et 2026 ?",
    "le 1er avril 2026",
    "au 15 mars 2026",
    "01/04/2026",
    "article R2122-8",
    "L2122-21",
    "60 %",
    "60 pour cent",
    "06 12 34 56 78",
    "+33 6 12 34 56 78",
    "on a 3 agents",
    "on est 2 à suivre le projet",
    "il y a un projet",
    "un agent à mi-temps",
    "le 1er",
    "3 ans",
    "10h30",
    "2 m de haut",
    "mille mercis",
    "je ne sais pas",
    "",
    "€",
])
def test_not_an_amount(typed):
    parsed = parse_amount(typed, TODAY)
    assert parsed.error_code == ERR_NOT_FOUND
    assert parsed.value_ht is None
    assert "Indiquez un montant en euros hors taxes" in parsed.error
    assert find_amount_spans(typed, TODAY) == []


# --------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("typed, code", [
    ("0", ERR_ZERO),
    ("0 €", ERR_ZERO),
    ("zéro euro", ERR_ZERO),
    ("-5000 €", ERR_NEGATIVE),
    ("-5 000", ERR_NEGATIVE),
    ("\u221245 000 €", ERR_NEGATIVE),
    ("0,50 €", ERR_TOO_SMALL),
    ("2 000 000 000 €", ERR_TOO_LARGE),
    ("1 000 000 001 €", ERR_TOO_LARGE),
    ("3 milliards", ERR_TOO_LARGE),
    ("45 000 000 000 000", ERR_TOO_LARGE),
])
def test_refused_amounts(typed, code):
    parsed = parse_amount(typed, TODAY)
    assert parsed.error_code == code
    assert parsed.value_ht is None and not parsed.ok
    assert parsed.raw                                   # what was refused
    # a clear French message, vouvoiement, saying what is expected
    expected = "Indiquez un montant en euros hors taxes, par exemple 45\u202f000\u00a0€\u00a0HT."
    assert expected in parsed.error
    assert parsed.message == parsed.error
    assert " tu " not in parsed.error


def test_bounds_are_allowed():
    assert parse_amount("1 €").value_ht == 1
    assert parse_amount("1 000 000 000 €").value_ht == MAX_AMOUNT


def test_refused_amounts_are_still_spans_for_the_extractor():
    assert [s.raw for s in find_amount_spans("on a 0 €", TODAY)] == ["0 €"]
    assert [s.raw for s in find_amount_spans("-5000 €", TODAY)] == ["-5000 €"]


# --------------------------------------------------------------------------- TTC

@pytest.mark.parametrize("typed, ttc, ht", [
    ("80 000 TTC", 80000, 66666.67),
    ("80 000 € TTC", 80000, 66666.67),
    ("80k€ TTC", 80000, 66666.67),
    ("120 000 € T.T.C.", 120000, 100000),
    ("60 000 € toutes taxes comprises", 60000, 50000),
    ("60 000 €, TVA comprise", 60000, 50000),
    ("quatre-vingt mille euros TTC", 80000, 66666.67),
    ("le montant TTC est de 120 000 €", 120000, 100000),
])
def test_ttc_is_converted_and_flagged(typed, ttc, ht):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok
    assert parsed.ttc is True
    assert parsed.ttc_value == ttc
    assert parsed.value_ht == ht
    assert NOTE_TTC in parsed.notes
    assert "TTC" in parsed.confirmation and "hors taxes" in parsed.confirmation
    assert parsed.confirmation.endswith("Corrigez-moi si ce n'est pas le cas.")


def test_ht_mentioned_is_not_ttc():
    parsed = parse_amount("le TTC je ne sais pas, mais c'est 50 000 € HT", TODAY)
    assert parsed.value_ht == 50000 and not parsed.ttc


# --------------------------------------------------------------------------- ranges

@pytest.mark.parametrize("typed, low, high", [
    ("entre 50 et 70 000 €", 50000, 70000),
    ("entre 50 000 et 70 000 €", 50000, 70000),
    ("de 40 à 60k€", 40000, 60000),
    ("de 40 a 60 k€", 40000, 60000),
    ("50 000 à 70 000 €", 50000, 70000),
    ("50-70k€", 50000, 70000),
    ("50 - 70 k€", 50000, 70000),
    ("50–70 k€", 50000, 70000),
    ("40/60 k€", 40000, 60000),
    ("30 ou 40 000 €", 30000, 40000),
    ("entre 1 et 1,5 M€", 1_000_000, 1_500_000),
    ("entre 500 et 700 000 €", 500_000, 700_000),
    ("on pense entre 50 et 70 000 € pour l'étude", 50000, 70000),
    ("entre cinquante et soixante-dix mille euros", 50000, 70000),
])
def test_range_gives_its_upper_bound(typed, low, high):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok, parsed
    assert parsed.value_ht == high
    assert parsed.range == (low, high)
    assert NOTE_RANGE in parsed.notes
    assert "borne haute" in parsed.confirmation


def test_range_in_ttc():
    parsed = parse_amount("entre 60 et 72 000 € TTC", TODAY)
    assert parsed.value_ht == 60000 and parsed.range == (50000, 60000)
    assert parsed.notes == (NOTE_TTC, NOTE_RANGE)
    assert parsed.ttc_value == 72000


def test_range_span_covers_the_whole_range():
    text = "on pense entre 50 et 70 000 € pour l'étude"
    (span,) = find_amount_spans(text, TODAY)
    assert span.raw == "entre 50 et 70 000 €"
    assert text[span.start:span.end] == span.raw


# --------------------------------------------------------------------------- several amounts

def test_several_amounts_are_asked_again():
    parsed = parse_amount("on a 30 000 € pour l'étude et 20 000 € pour le suivi", TODAY)
    assert parsed.error_code == ERR_SEVERAL
    assert parsed.candidates == (30000, 20000)
    assert "plusieurs montants" in parsed.error and "total" in parsed.error
    spans = find_amount_spans("on a 30 000 € pour l'étude et 20 000 € pour le suivi", TODAY)
    assert [s.raw for s in spans] == ["30 000 €", "20 000 €"]


@pytest.mark.parametrize("typed", [
    "30 000 €, en fait plutôt 50 000 €",
    "pas 30 000 mais 50 000 €",
    "45 000 € pardon 50 000 €",
])
def test_correction_takes_the_last_amount(typed):
    parsed = parse_amount(typed, TODAY)
    assert parsed.value_ht == 50000
    assert NOTE_CORRECTION in parsed.notes
    assert "montant corrigé" in parsed.confirmation


def test_no_note_means_no_confirmation():
    assert parse_amount("45 000 €").confirmation is None
    assert parse_amount("45 000 €").message is None


# --------------------------------------------------------------------------- value of a need

@pytest.mark.parametrize("typed, value, explanation", [
    # DGS H1: the optional tranche counts (R2121-1); the last number used to win
    ("70 000 € HT + tranche optionnelle 2 × 15 000 € HT", 100000,
     "70 000 + 2 × 15 000 = 100 000 € HT, options comprises"),
    ("70 000 € HT pour l'élaboration du schéma, plus une tranche optionnelle de suivi de 2 ans "
     "à 15 000 € HT par an", 100000, "70 000 + 2 × 15 000 = 100 000 € HT, options comprises"),
    ("Quelle procédure pour une mission d'AMO de 70 000 € HT avec une tranche optionnelle de "
     "30 000 € HT ?", 100000, "70 000 + 30 000 = 100 000 € HT, options comprises"),
    # Maire H1a
    ("un cabinet me propose une AMO a 38500 euros HT + une option suivi de production 3 ans a "
     "4200 HT par an. ils disent que je peux signer direct sans mise en concurrence car c'est "
     "sous le seuil. c'est vrai ?", 51100, "38 500 + 3 × 4 200 = 51 100 € HT, options comprises"),
    ("38 500 € HT plus une option de 4 200 € par an sur 3 ans", 51100,
     "38 500 + 3 × 4 200 = 51 100 € HT, options comprises"),
    ("deux tranches optionnelles de 15 000 € en plus des 70 000 €", 100000,
     "2 × 15 000 + 70 000 = 100 000 € HT, options comprises"),
    ("70000+2x15000", 100000, "70 000 + 2 × 15 000 = 100 000 € HT"),
    # the whole duration (R2121-1, R2121-7)
    ("on a 45 000 € par an pendant 3 ans", 135000, "3 × 45 000 = 135 000 € HT"),
    ("500 € par mois pendant 2 ans", 12000, "24 × 500 = 12 000 € HT"),
    ("une mission de 20 000 € reconductible 2 fois", 60000, "3 × 20 000 = 60 000 € HT"),
    # the renewals said apart from the amount (live test, session 17: a dispense for 20 000 €)
    ("marché d'1 an reconductible 3 fois, 20k par an", 80000, "4 × 20 000 = 80 000 € HT"),
    ("25 000 € par an, marché reconductible 2 fois", 75000, "3 × 25 000 = 75 000 € HT"),
    ("20k par an, renouvelable trois fois", 80000, "4 × 20 000 = 80 000 € HT"),
    # typed TTC: the total converted once (live test, session 25: « 3 ×
    # 16 666,67 = 50 000,01 € HT »)
    ("20k€ TTC par an pendant 3 ans", 50000, "3 × 20 000 = 60 000 € TTC, soit 50 000 € HT"),
    ("1000 € TTC par mois pendant 7 mois", 5833.33, "7 × 1 000 = 7 000 € TTC, soit 5 833,33 € HT"),
    ("30 000 € HT + option de 6 000 € TTC", 35000, "30 000 + 5 000 = 35 000 € HT, options comprises"),
])
def test_the_parts_of_a_need_are_added_up(typed, value, explanation):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok and parsed.value_ht == value, parsed
    assert NOTE_TOTAL in parsed.notes
    assert parsed.need.explanation.replace(NNBSP, " ").replace(NBSP, " ") == explanation
    assert parsed.confirmation.startswith("Valeur du besoin")
    assert parsed.need.explanation in parsed.confirmation.replace(f" {NNBSP}", NNBSP)


@pytest.mark.parametrize("typed, value", [
    ("commune de 800 habitants avec 30 000 €", 30000),
    ("le projet dure 3 ans, on a 45 000 €", 45000),
    ("4200 HT par an", 4200),                      # no duration said: nothing to multiply
    ("en 2025 on a prévu 30 000 € sur 3 ans", 30000),
    ("45 000 € soit 45k€", 45000),
])
def test_one_amount_stays_one_amount(typed, value):
    parsed = parse_amount(typed, TODAY)
    assert parsed.value_ht == value and parsed.need is None and NOTE_TOTAL not in parsed.notes


@pytest.mark.parametrize("typed", [
    "on a 30 000 € pour l'étude et 20 000 € pour le suivi",   # which one? asked
    "70 000 € dont une tranche optionnelle de 30 000 €",       # included, or not? asked
    "30 000 € avec 20 000 € de subvention",                    # funding is not a part
])
def test_amounts_that_are_not_parts_are_not_added(typed):
    assert parse_amount(typed, TODAY).error_code == ERR_SEVERAL


def test_an_option_said_later_adds_to_the_amount_said_before():
    """Maire H1b: « mission AMO 38 500 € HT… » then « en fait il y a une
    option en plus de 12600 sur 3 ans »: 51 100 € HT, not 12 600 €."""
    parsed = parse_amount("en fait il y a une option en plus de 12600 sur 3 ans", TODAY, base=38500)
    assert parsed.value_ht == 51100 and "38" + NNBSP + "500 + 12" + NNBSP + "600" in parsed.confirmation
    assert parse_amount("+ 4 200 € par an sur 3 ans", TODAY, base=38500).value_ht == 51100
    # a correction replaces it; « plus de » is « more than »
    assert parse_amount("en fait c'est plutôt 80 000 €", TODAY, base=38500).value_ht == 80000
    assert parse_amount("en fait c'est plus de 30 000 €", TODAY, base=20000).value_ht == 30000
    assert parse_amount("une option de 12 600 €", TODAY).value_ht == 12600   # nothing before


parts = st.builds(NeedPart, amount=st.integers(min_value=0, max_value=10**7).map(float),
                  count=st.integers(min_value=1, max_value=50), optional=st.booleans())


@given(st.lists(parts, min_size=1, max_size=6), st.randoms())
def test_need_value_is_the_sum_of_its_parts(items, rnd):
    need = need_value(items)
    assert need.total == sum(p.amount * p.count for p in items)
    assert all(need.total >= p.amount * p.count for p in items)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert need_value(shuffled).total == need.total
    text = need.explanation.replace(NNBSP, " ").replace(NBSP, " ")
    total = f"= {group(int(need.total), ' ')} € HT"
    assert text.endswith(total + (", options comprises" if any(p.optional for p in items) else ""))
    assert text.count(" + ") == len(items) - 1
    assert text.count(" × ") == sum(p.count > 1 for p in items)


@given(st.lists(parts, min_size=1, max_size=5), parts)
def test_an_option_never_lowers_the_value(items, extra):
    assert need_value(items + [extra]).total == need_value(items).total + extra.amount * extra.count


def test_need_value_refuses_nonsense():
    for bad in ([], [NeedPart(-1.0)], [NeedPart(10.0, 0)], [NeedPart(float("nan"))]):
        with pytest.raises(ValueError):
            need_value(bad)


@pytest.mark.parametrize("text, expected", [
    ("je sais pas trop peut etre 30000", True),
    ("peut-être 45 000 €", True),
    ("environ 45k", True),
    ("entre 30 et 50 000 € HT je pense", True),
    ("45 000 € HT", False),
    ("le budget estimé est de 55 000 € HT", False),
])
def test_is_hesitant(text, expected):
    assert is_hesitant(text) is expected


thousands = st.integers(min_value=1, max_value=900).map(lambda k: k * 100)
GROUPINGS = [" ", ".", NNBSP, NBSP]


@settings(max_examples=200)
@given(base=thousands, option=thousands, years=st.integers(min_value=2, max_value=10),
       separator=st.sampled_from(GROUPINGS), data=st.data())
def test_any_base_with_options_is_read_as_its_total(base, option, years, separator, data):
    template = data.draw(st.sampled_from([
        "{b} € HT plus une option de {o} € par an sur {n} ans",
        "{b} € HT + tranche optionnelle {n} × {o} € HT",
        "mission d'AMO à {b} € HT, avec {n} tranches optionnelles de {o} € HT",
        "{b} euros HT + une option de suivi {n} ans a {o} HT par an",
    ]))
    text = template.format(b=group(base, separator), o=group(option, separator), n=years)
    parsed = parse_amount(text, TODAY)
    assert parsed.value_ht == base + years * option, (text, parsed)
    assert parsed.need.with_options


@settings(max_examples=200)
@given(population=st.integers(min_value=50, max_value=90_000), amount=thousands,
       year=st.integers(min_value=2020, max_value=2030), separator=st.sampled_from(GROUPINGS))
def test_a_population_or_a_date_does_not_make_an_amount_a_sum(population, amount, year, separator):
    for text in (f"commune de {group(population, separator)} habitants avec {group(amount, separator)} €",
                 f"en {year}, on a {group(amount, separator)} € pour l'étude",
                 f"{group(population, separator)} habitants, budget {group(amount, separator)} € HT"):
        parsed = parse_amount(text, TODAY)
        assert parsed.value_ht == amount and parsed.need is None, (text, parsed)


# --------------------------------------------------------------------------- properties

SEPARATORS = ["", " ", ".", NNBSP, NBSP]
SUFFIXES = ["", "€", " €", " euros", " EUR", " € HT", " HT", " euros HT", "€ HT", " eur", " €HT"]
SENTENCES = [
    "{}",
    "on a {} pour une étude énergie",
    "pour {} faut-il mettre en concurrence ?",
    "Bonjour, le budget est de {}, c'est possible ?",
    "environ {}",
    "en fait c'est plutôt {}.",
]
amounts = st.integers(min_value=1, max_value=MAX_AMOUNT)


@st.composite
def written_amounts(draw):
    """(n, how a user may write n)."""
    n = draw(amounts)
    forms = [group(n, sep) + suffix for sep in SEPARATORS for suffix in SUFFIXES]
    if n % 1000 == 0:
        k = group(n // 1000, draw(st.sampled_from(SEPARATORS)))
        forms += [f"{k}k€", f"{k} k€", f"{k}K", f"{k} K", f"{k}k", f"{k} K€", f"{k} keur",
                  f"{k}k€ HT"]
    if n % 100 == 0 and n >= 1000:
        thousands = decimal_comma(n / 1000)
        forms += [f"{thousands} k€"]
    if n % 100_000 == 0:
        millions = decimal_comma(n / 1_000_000)
        forms += [f"{millions} M€", f"{millions} millions d'euros", f"{millions} M"]
    return n, draw(st.sampled_from(forms))


def decimal_comma(x: float) -> str:
    """1.5 → "1,5", 1000.0 → "1000" (one decimal at most here)."""
    return f"{x:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _strong(form: str) -> bool:
    """The form says it is money (a bare number needs to look like one in a sentence)."""
    return any(c.isalpha() or c == "€" for c in form)


@settings(max_examples=400)
@given(written_amounts(), st.sampled_from(SENTENCES))
def test_any_written_amount_parses_back(amount, sentence):
    n, form = amount
    if sentence != "{}" and not _strong(form):
        # a bare number in a sentence: from 1 000 on, and not a year
        assume(n >= 1000 and not 1900 <= n <= 2100)
    text = sentence.format(form)
    parsed = parse_amount(text, TODAY)
    assert parsed.ok, (text, parsed)
    assert parsed.value_ht == n
    assert not parsed.ttc and parsed.range is None
    (span,) = find_amount_spans(text, TODAY)
    assert text[span.start:span.end] == span.raw
    assert parse_amount(span.raw, TODAY).value_ht == n


@given(amounts, st.booleans())
def test_any_amount_in_french_words_parses_back(n, hyphens):
    words = french_words(n, hyphens)
    for text in (f"{words} euros", f"on a {words} € pour l'étude"):
        parsed = parse_amount(text, TODAY)
        assert parsed.value_ht == n, (text, parsed)


@given(st.integers(min_value=2, max_value=MAX_AMOUNT), st.sampled_from(SEPARATORS),
       st.sampled_from([" TTC", " € TTC", "€ TTC", " euros TTC", " € T.T.C."]))
def test_any_ttc_amount_is_converted(n, separator, suffix):
    parsed = parse_amount(group(n, separator) + suffix, TODAY)
    assert parsed.ttc and parsed.ttc_value == n
    assert parsed.value_ht == round(n / 1.2, 2)
    assert NOTE_TTC in parsed.notes


@given(st.integers(min_value=1000, max_value=MAX_AMOUNT - 1), st.data())
def test_any_range_gives_its_upper_bound(low, data):
    high = data.draw(st.integers(min_value=low + 1, max_value=MAX_AMOUNT))
    separator = data.draw(st.sampled_from(SEPARATORS))
    template = data.draw(st.sampled_from(
        ["entre {} et {} €", "de {} à {} €", "{} à {} euros HT", "{} - {} €",
         "entre {} € et {} €"]))
    parsed = parse_amount(template.format(group(low, separator), group(high, separator)), TODAY)
    assert parsed.value_ht == high
    assert parsed.range == (low, high)
    assert NOTE_RANGE in parsed.notes


@given(st.sampled_from(["0 €", "0,00 €", "zéro euro", "-1 €", "-45 000 €", "0,99 €",
                        "1 000 000 001 €", "5 milliards d'euros", "0 € HT", "-45k€"]),
       st.sampled_from(SENTENCES))
def test_refusals_in_sentences(form, sentence):
    parsed = parse_amount(sentence.format(form), TODAY)
    assert parsed.value_ht is None
    assert parsed.error_code in (ERR_ZERO, ERR_NEGATIVE, ERR_TOO_SMALL, ERR_TOO_LARGE)


@given(st.text(max_size=300))
def test_never_crashes(text):
    parsed = parse_amount(text, TODAY)
    assert parsed.ok or parsed.error
    for span in find_amount_spans(text, TODAY):
        assert text[span.start:span.end] == span.raw
    find_population_spans(text)
    find_date_spans(text, TODAY)


def test_huge_input_is_cut():
    parsed = parse_amount("bla " * 100_000 + "45 000 €", TODAY)
    assert parsed.error_code == ERR_NOT_FOUND
    assert parse_amount("45 000 € " + "bla " * 100_000, TODAY).value_ht == 45000


# --------------------------------------------------------------------------- population

@pytest.mark.parametrize("typed, value", [
    ("800 habitants", 800),
    ("1 200 hab", 1200),
    ("1 200 hab.", 1200),
    ("1200 habs", 1200),
    ("3500 âmes", 3500),
    ("3500 ames", 3500),
    ("mille habitants", 1000),
    ("deux mille cinq cents habitants", 2500),
    ("commune de 800 personnes", 800),
    ("une commune de 800", 800),
    ("village de 350 habitants", 350),
    ("population : 2300", 2300),
    ("12k habitants", 12000),
    ("2,5 millions d'habitants", 2_500_000),
    ("communauté de communes de 25 000 habitants", 25000),
    ("on a 30 000 € pour 800 habitants", 800),
    ("commune de 800 habitants avec 45 000 €", 800),
])
def test_population(typed, value):
    assert parse_population(typed) == value
    (span,) = find_population_spans(typed)
    assert span.value == value
    assert typed[span.start:span.end] == span.raw


@pytest.mark.parametrize("typed", [
    "45 000 €", "commune de 45 000 €", "on est 3 personnes dans le service",
    "CC de 12 communes", "en 2025", "", "beaucoup d'habitants",
])
def test_not_a_population(typed):
    assert parse_population(typed) is None


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize("typed, kind, start, end, iso", [
    ("au 15 mars 2026", "day", "2026-03-15", "2026-03-15", "2026-03-15"),
    ("01/04/2026", "day", "2026-04-01", "2026-04-01", "2026-04-01"),
    ("le 15.03.2026", "day", "2026-03-15", "2026-03-15", "2026-03-15"),
    ("le 15/03/26", "day", "2026-03-15", "2026-03-15", "2026-03-15"),
    ("2026-04-01", "day", "2026-04-01", "2026-04-01", "2026-04-01"),
    ("le 1er avril 2026", "day", "2026-04-01", "2026-04-01", "2026-04-01"),
    ("le 1ᵉʳ avril 2026", "day", "2026-04-01", "2026-04-01", "2026-04-01"),
    ("depuis le premier janvier 2026 ?", "day", "2026-01-01", "2026-01-01", "2026-01-01"),
    ("le 1er avril", "day", "2026-04-01", "2026-04-01", "2026-04-01"),     # this year
    ("le 3 decmbre 2025", "day", "2025-12-03", "2025-12-03", "2025-12-03"),  # typo
    ("le 15 sept", "day", "2026-09-15", "2026-09-15", "2026-09-15"),
    ("en 2025", "year", "2025-01-01", "2025-12-31", "2025"),
    ("les seuils 2026 ?", "year", "2026-01-01", "2026-12-31", "2026"),
    ("en mars 2026", "month", "2026-03-01", "2026-03-31", "2026-03"),
    ("en fevrier 2028", "month", "2028-02-01", "2028-02-29", "2028-02"),
    ("en décembre 2025", "month", "2025-12-01", "2025-12-31", "2025-12"),
    ("en mars", "month", "2026-03-01", "2026-03-31", "2026-03"),
    ("sept 2025", "month", "2025-09-01", "2025-09-30", "2025-09"),
    ("aujourd'hui", "day", "2026-01-15", "2026-01-15", "2026-01-15"),
    ("l'an prochain", "year", "2027-01-01", "2027-12-31", "2027"),
    ("cette année", "year", "2026-01-01", "2026-12-31", "2026"),
    ("l'année dernière", "year", "2025-01-01", "2025-12-31", "2025"),
    ("dans 2 ans les seuils seront les mêmes ?", "year", "2028-01-01", "2028-12-31", "2028"),
    ("d'ici deux ans", "year", "2028-01-01", "2028-12-31", "2028"),
    ("il y a 3 ans", "year", "2023-01-01", "2023-12-31", "2023"),
    ("dans six mois", "month", "2026-07-01", "2026-07-31", "2026-07"),
    ("dans 12 mois", "month", "2027-01-01", "2027-01-31", "2027-01"),
])
def test_dates(typed, kind, start, end, iso):
    period = parse_date(typed, TODAY)
    assert period is not None, typed
    assert (period.kind, period.start.isoformat(), period.end.isoformat(), period.iso) == \
        (kind, start, end, iso)
    (span,) = find_date_spans(typed, TODAY)
    assert typed[span.start:span.end] == span.raw == period.raw


@pytest.mark.parametrize("typed", [
    "31/02/2026", "sept mille euros", "45 000 €", "2025 €", "2 025 habitants", "R2122-8",
    "décret n° 2025-1386", "mars", "mille neuf cents", "", "le 3e trimestre",
    "une mission sur 2 ans", "dans 2 communes", "3 ans",
])
def test_not_a_date(typed):
    assert parse_date(typed, TODAY) is None


def test_date_and_amount_in_one_question():
    text = "Au 1er avril 2026, pour 45 000 € HT, faut-il publier ?"
    assert parse_date(text, TODAY).start == dt.date(2026, 4, 1)
    assert parse_amount(text, TODAY).value_ht == 45000


def test_today_defaults_to_the_current_year():
    assert parse_date("le 1er avril").start.year == dt.date.today().year


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_amount_error_agrees_with_the_typed_bounds(value):
    """A number received as is is refused exactly when it is out of bounds."""
    error = amount_error(value)
    acceptable = math.isfinite(value) and MIN_AMOUNT <= value <= MAX_AMOUNT
    assert (error is None) == acceptable
    if error:
        assert "HT" in error


@pytest.mark.parametrize("text, money", [
    ("800", False), ("environ 1 200", False), ("30 000", False), ("en 2025", False),
    ("800 habitants", False), ("pas de budget", False), ("2 agents", False),
    ("30 000 €", True), ("45k", True), ("80 000 HT", True), ("trente mille euros", True),
    ("un budget de 30 000", True), ("l'enveloppe est de 50 000", True),
    ("ça coûte 12 000", True),
])
def test_states_an_amount_needs_a_unit_or_a_money_word(text, money):
    assert states_an_amount(text) is money


def test_a_ttc_amount_is_said_as_typed_then_in_ht_rounded():
    """Final F-L2: « env 35k€ TTC » was said back « 29 166,67 € HT » only; the
    amount typed comes first, then its HT value, rounded, with the rate."""
    parsed = parse_amount("env 35k€ TTC", TODAY)
    assert parsed.value_ht == 29166.67 and parsed.ttc_value == 35000
    said = f"35{NNBSP}000{NBSP}€ TTC, soit environ 29{NNBSP}167{NBSP}€{NBSP}HT (TVA à 20{NNBSP}%)"
    assert said in parsed.confirmation
    assert f"soit 20{NNBSP}000{NBSP}€{NBSP}HT (" in parse_amount("24 000 TTC", TODAY).confirmation


def _with_vat_percent(monkeypatch, tmp_path, percent: str) -> None:
    """The knowledge data, with the standard VAT rate in force today set to
    ``percent`` in taxes.yml, as the one amounts.py reads."""
    target = tmp_path / f"knowledge_{percent}"
    shutil.copytree(KNOWLEDGE_DIR, target)
    taxes = target / "taxes.yml"
    text = taxes.read_text(encoding="utf-8")
    assert "      - percent: 20\n" in text
    taxes.write_text(text.replace("      - percent: 20\n", f"      - percent: {percent}\n"), encoding="utf-8")
    knowledge = load_knowledge_from(target)
    monkeypatch.setattr(amounts_module, "load_knowledge", lambda: knowledge)


def test_the_vat_rate_is_the_data_one():
    """20 % since 2014-01-01 (CGI art. 278), 19,6 % before, from taxes.yml."""
    assert vat_rate() == Decimal("0.2") and amounts_module.vat_rate_label() == f"20{NNBSP}%"
    assert vat_rate(dt.date(2014, 1, 1)) == Decimal("0.2")
    assert vat_rate(dt.date(2013, 12, 31)) == Decimal("0.196")


def test_the_vat_rate_said_is_the_one_used(monkeypatch, tmp_path):
    """The rate in the sentences and in the computation is the data's
    (taxes.yml), not a literal in the code or in a sentence."""
    _with_vat_percent(monkeypatch, tmp_path, "10")
    parsed = parse_amount("33 000 € TTC", TODAY)
    assert parsed.value_ht == 30000
    assert f"(TVA à 10{NNBSP}%)" in parsed.confirmation and "20" not in parsed.confirmation
    assert amounts_module.vat_rate_label() == f"10{NNBSP}%"
    assert typed_ttc(30000.0, 33000) == 33000.0
    assert f"divisez-le par 1,1{NBSP}: 10{NNBSP}000{NBSP}€{NBSP}HT)" in read_as_ht_clause(11000)
    _with_vat_percent(monkeypatch, tmp_path, "5.5")
    assert f"(TVA à 5,5{NNBSP}%)" in ttc_label(105.5, 100)


@pytest.mark.parametrize("value_ht, ttc, kept", [
    (29166.67, 35000, 35000.0),
    (20000.0, 24000, 24000.0),
    (50000.0, 35000, None),         # the budget was corrected since: not that TTC amount
    (29166.67, None, None),
    (None, 35000, None),
    (29166.67, "35000", None),
])
def test_typed_ttc_only_while_it_describes_the_amount(value_ht, ttc, kept):
    assert typed_ttc(value_ht, ttc) == kept


@pytest.mark.parametrize("text, said", [
    ("env 35k€", False), ("45 000 €", False), ("35 000 € HT", True), ("35k TTC", True),
    ("30 000 hors taxes", True), ("60 000 €, TVA comprise", True), ("budget de 40 000", False),
])
def test_says_tax(text, said):
    assert says_tax(text) is said


from decimal import ROUND_HALF_UP as _HALF_UP, Decimal as _Dec

from hypothesis import given as _given, strategies as _st


@_given(ttc=_st.integers(min_value=1_000, max_value=5_000_000))
def test_an_amount_typed_ttc_is_said_ttc_with_a_rounded_ht_value(ttc):
    """« Pour 29 166,67 € HT … » after « 35 000 € TTC »: the amount is said as
    typed, TTC, with its HT value rounded to the euro; the HT value kept for
    the computation is the one typed_ttc recognises."""
    from assistant.amounts import amount_words, parse_amount, typed_ttc_of
    from assistant.typography import format_eur
    parsed = parse_amount(f"{ttc} € TTC")
    said = amount_words(parsed.value_ht, typed_ttc_of(parsed))
    rounded = float(_Dec(str(parsed.value_ht)).quantize(_Dec(1), rounding=_HALF_UP))
    assert said.startswith(f"{format_eur(ttc, ht=False)} TTC (")
    assert said.endswith(f"{format_eur(rounded)})") and "," not in said
    assert amount_words(parsed.value_ht) == format_eur(parsed.value_ht)


def test_an_amount_typed_ht_is_said_as_it_is():
    from assistant.amounts import amount_words, parse_amount, typed_ttc_of
    from assistant.typography import format_eur
    parsed = parse_amount("30 000 € HT")
    assert typed_ttc_of(parsed) is None
    assert amount_words(parsed.value_ht, typed_ttc_of(parsed)) == format_eur(30_000)


# An amount typed without HT or TTC is read as HT, and said so (final retest S-H8)
_UNMARKED = ["", "€", " €", " euros", " EUR", " eur"]
_MARKED_HT = [" € HT", " HT", " euros HT", "€ HT", " €HT", " € hors taxes", " euros H.T"]
_MARKED_TTC = [" TTC", " € TTC", " euros TTC", " € toutes taxes comprises", " € T.T.C."]


@settings(max_examples=300)
@given(st.integers(min_value=1000, max_value=MAX_AMOUNT // 2), st.sampled_from(SEPARATORS),
       st.sampled_from(_UNMARKED + _MARKED_HT + _MARKED_TTC), st.sampled_from(SENTENCES))
def test_an_amount_is_read_as_ht_exactly_when_no_tax_is_said(n, separator, suffix, sentence):
    assume(not 1900 <= n <= 2100)
    text = sentence.format(group(n, separator) + suffix)
    parsed = parse_amount(text, TODAY)
    assert parsed.ok, text
    assert read_as_ht(parsed, text) is (suffix in _UNMARKED), text
    if suffix in _MARKED_TTC:
        assert parsed.ttc                   # converted and said as before, no « lu hors taxes »


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=MAX_AMOUNT))
def test_the_read_as_ht_clause_divides_by_one_plus_the_vat_rate(n):
    """« (montant lu hors taxes ; s'il est TTC, divisez-le par 1,2 : 10 000 € HT) »:
    the divisor is 1 + vat_rate(), the value it gives that division rounded to the
    euro, « environ » exactly when rounded."""
    clause = read_as_ht_clause(n).replace(NNBSP, " ").replace(NBSP, " ")
    divisor = str(1 + vat_rate()).rstrip("0").replace(".", ",")
    assert clause.startswith(f"({READ_AS_HT} ; s'il est TTC, divisez-le par {divisor} : ") and clause.endswith(" € HT)")
    exact = Decimal(n) / (1 + vat_rate())
    said = clause.rsplit(" : ", 1)[1][:-len(" € HT)")]
    about = said.startswith("environ ")
    value = Decimal(said.removeprefix("environ ").replace(" ", ""))
    assert abs(value - exact) <= Decimal("0.5")
    assert about is (value != exact)


def test_read_as_ht_examples():
    assert read_as_ht_clause(12000).replace(NNBSP, " ").replace(NBSP, " ") == \
        "(montant lu hors taxes ; s'il est TTC, divisez-le par 1,2 : 10 000 € HT)"
    text = "on a un devis de 12000 euros pour refaire le site de la mairie"
    assert read_as_ht(parse_amount(text, TODAY), text)
    assert not read_as_ht(parse_amount("zéro euro", TODAY), "zéro euro")      # refused: nothing read


# -- « en fait c'est TTC », without the amount (live test t12d, session 12) --------------

from assistant.amounts import (ERR_SHARE, NOTE_SHARE, date_asked_in, switch_tax,  # noqa: E402
                               tax_said_alone)


@pytest.mark.parametrize("text, tax", [
    ("en fait c'est TTC", "ttc"), ("c'était TTC", "ttc"), ("c TTC pas HT", "ttc"),
    ("montant TTC", "ttc"), ("le montant était TTC", "ttc"), ("non c'est TTC le montant", "ttc"),
    ("c'était toutes taxes comprises", "ttc"),
    ("le montant que je vous ai donné c'était du TTC, pas du HT", "ttc"),
    ("c'est HT", "ht"), ("en fait c'est hors taxe", "ht"), ("c'est HT pas TTC", "ht"), ("non, hors taxes", "ht"),
    # not the amount noted said again
    ("HT ou TTC", None), ("c'est HT ou TTC les seuils ?", None), ("je sais pas si c'est TTC", None),
    ("en fait c'est 80 000 TTC", None), ("les seuils sont hors taxes", None), ("merci", None),
])
def test_a_tax_said_alone(text, tax):
    assert tax_said_alone(text) == tax


def test_switch_tax_converts_at_the_rate_of_the_data():
    assert switch_tax(250000.0, None, "ttc") == (208333.33, 250000.0)
    assert switch_tax(208333.33, 250000.0, "ttc") == (208333.33, 250000.0)    # already TTC
    assert switch_tax(208333.33, 250000.0, "ht") == (250000.0, None)
    assert switch_tax(30000.0, None, "ht") == (30000.0, None)                  # already HT
    assert switch_tax(None, None, "ttc") is None and switch_tax("inconnu", None, "ttc") is None


# -- a share left after a subsidy (live test t12n, session 12) ---------------------------

@pytest.mark.parametrize("text, total, computed", [
    ("c'est financé à 80% par le fonds vert, le reste c'est 12 000", 60000.0, "12 000 / 0,2 = 60 000"),
    ("subvention de 50 %, reste à charge 20 000 €", 40000.0, "20 000 / 0,5 = 40 000"),
    ("reste à charge de 20 %, soit 12 000 €", 60000.0, "12 000 / 0,2 = 60 000"),
    ("financé à 50% par la région et 30% par le département, le reste 8 000", 40000.0,
     "8 000 / 0,2 = 40 000"),
    ("subvention de 48 000 €, reste à charge 12 000 €", 60000.0, "12 000 + 48 000 = 60 000"),
    ("budget 60 000 €, subvention 80%, reste à charge 12 000", 60000.0, "montant total, 60 000"),
    ("80 % de subvention DETR, il nous reste 12 000 TTC", 50000.0, "10 000 / 0,2 = 50 000"),
])
def test_a_share_after_a_subsidy_gives_the_whole_value(text, total, computed):
    """The thresholds apply to the whole value of the need, whoever pays it
    (R2121-1): « le reste c'est 12 000 » after « financé à 80 % » is a
    mission of 60 000 € HT, not of 12 000."""
    parsed = parse_amount(text)
    assert parsed.value_ht == total and NOTE_SHARE in parsed.notes
    said = parsed.confirmation.replace("\u202f", " ").replace("\u00a0", " ")
    assert computed in said and "subventions comprises (art. R2121-1)" in said


@pytest.mark.parametrize("text", ["on a 15 000 de reste à charge", "notre autofinancement c'est 20 000 €"])
def test_a_share_without_the_subsidy_asks_for_the_whole_value(text):
    parsed = parse_amount(text)
    assert parsed.value_ht is None and parsed.error_code == ERR_SHARE
    assert "montant total de la mission" in parsed.error


@pytest.mark.parametrize("text, value", [
    ("le projet coûte 60 000 €, subventionné à 80 %", 60000.0),      # the total, said
    ("on a 30 000 de budget, le reste on verra", 30000.0),             # no subsidy
    ("30 000 €", 30000.0),
])
def test_an_amount_that_is_no_share_is_read_as_before(text, value):
    parsed = parse_amount(text)
    assert parsed.value_ht == value and NOTE_SHARE not in parsed.notes


# -- the date of a question, not of an earlier event (live test t12o, session 12) --------

@pytest.mark.parametrize("text", [
    "le maire veut reprendre le meme bureau d'etudes que l'an dernier sans consulter, 45000 HT, c'est ok ?",
    "on veut reprendre le bureau d'études de 2023 pour une nouvelle mission, 45000 HT, sans consulter ?",
    "45000 HT pour une AMO, comme l'année dernière, quelle procédure ?",
    "l'an passé on avait pris le même BE, on peut le reprendre pour 30 000 ?",
    "on a travaillé avec un BE en 2023, peut-on le reprendre pour 45 000 ?",
    "c'est celui qui a fait notre schema directeur en 2024 : on peut le reprendre sans consultation ?",
])
def test_an_earlier_event_is_not_the_date_asked(text):
    assert date_asked_in(text, TODAY) is None
    assert parse_date(text, TODAY) is not None         # (a date all the same)


@pytest.mark.parametrize("text, iso", [
    ("en 2023, quel était le seuil pour 45 000 ?", "2023"),
    ("si on lance en 2027, quel seuil ?", "2027"),
    ("quels étaient les seuils en 2024 ?", "2024"),
    ("quels étaient les seuils de 2024 ?", "2024"),
    ("si la consultation avait été lancée en 2023 pour 45 000 € HT, il fallait mettre en concurrence ?",
     "2023"),
    ("Et si nous avions lancé la consultation en novembre 2025 pour 218 000 € HT ?", "2025-11"),
    ("et l'an dernier ?", "2025"),
    ("à partir de 2027 c'est quoi le seuil", "2027"),
    ("le même bureau d'études que l'an dernier, si on lance en 2027 ?", "2027"),
])
def test_the_date_of_a_launch_is_the_date_asked(text, iso):
    assert date_asked_in(text, TODAY).iso == iso


# -- a launch to come: a day or a month without its year is the next one (session 12)

_NOV_23 = dt.date(2026, 11, 23)


@pytest.mark.parametrize("typed, kind, start", [
    ("et si on attend avril ?", "month", "2027-04-01"),       # « attend » before the month
    ("et si on lance en mars ?", "month", "2027-03-01"),
    ("et en septembre ?", "month", "2027-09-01"),
    ("d'ici juin", "month", "2027-06-01"),
    ("vers mai", "month", "2027-05-01"),
    ("et en novembre ?", "month", "2026-11-01"),              # this month: this year
    ("et en décembre ?", "month", "2026-12-01"),
    ("le 1er avril", "day", "2027-04-01"),
    ("le 30 novembre", "day", "2026-11-30"),
    ("le 22 novembre", "day", "2027-11-22"),                  # yesterday: next year's
    ("aujourd'hui", "day", "2026-11-23"),
    ("en avril 2026", "month", "2026-04-01"),                 # a year said is kept
    ("le 1er avril 2026", "day", "2026-04-01"),
    ("début 2027", "year", "2027-01-01"),
])
def test_a_date_ahead_without_its_year_is_the_next_one(typed, kind, start):
    """« et si on attend avril ? » on 23 November 2026 is April 2027, a launch
    to come (it fell back, then « et en septembre ? » got September 2026)."""
    period = parse_date(typed, _NOV_23, ahead=True)
    assert period is not None, typed
    assert (period.kind, period.start.isoformat()) == (kind, start)


def test_without_ahead_a_missing_year_is_still_todays():
    assert parse_date("en avril", _NOV_23).start == dt.date(2026, 4, 1)
    assert parse_date("le 1er avril", _NOV_23).start == dt.date(2026, 4, 1)
    assert find_date_spans("et si on attend avril ?", _NOV_23)[0].value.iso == "2026-04"


@pytest.mark.parametrize("typed", ["on attend", "vers 800 habitants", "d'ici là", "attend sept jours"])
def test_the_new_month_contexts_need_a_month(typed):
    assert parse_date(typed, _NOV_23, ahead=True) is None


# -- a launch gone by: the year of the date discussed, or the latest (session 14) ------

_FEB_2026 = date_asked_in("pour 45 000 € HT en février 2026, faut-il mettre en concurrence ?", _NOV_23)
_PAST_APRIL = ["et si on l'avait lancée en avril ?", "si on avait publié en avril ?", "et en avril dernier ?",
               "et si on l avait lancee en avril", "si on lavait lance en avril ?"]
_FUTURE_APRIL = ["et si on attend avril ?", "et si on lance en avril ?", "en avril prochain ?", "et en avril ?"]


@pytest.mark.parametrize("today, typed, discussed, iso", [
    # after « …en février 2026 ? », on 23 November 2026: April 2026, not 2027
    *((_NOV_23, typed, _FEB_2026, "2026-04") for typed in _PAST_APRIL),
    # and with no date discussed: the latest April
    *((_NOV_23, typed, None, "2026-04") for typed in _PAST_APRIL),
    *((TODAY, typed, None, "2025-04") for typed in _PAST_APRIL),
    # the date discussed wins over the latest April (« avril dernier » aside)
    (TODAY, "et si on l'avait lancée en avril ?", _FEB_2026, "2026-04"),
    (TODAY, "si on avait publié le 3 avril ?", _FEB_2026, "2026-04-03"),
    (TODAY, "et si on l'avait lancée en avril ?", date_asked_in("et en 2023 ?", TODAY), "2023-04"),
    (TODAY, "et en avril dernier ?", _FEB_2026, "2025-04"),               # « dernier »: before today
    # a launch to come stays ahead, whatever the date discussed
    *((_NOV_23, typed, _FEB_2026, "2027-04") for typed in _FUTURE_APRIL),
    *((TODAY, typed, _FEB_2026, "2026-04") for typed in _FUTURE_APRIL),
    # a year said is kept in every tense
    (_NOV_23, "et si on l'avait lancée en avril 2025 ?", _FEB_2026, "2025-04"),
    (_NOV_23, "et si on l'avait lancée en 2024 ?", _FEB_2026, "2024"),
])
def test_a_launch_gone_by_is_in_the_year_discussed(today, typed, discussed, iso):
    assert _FEB_2026.iso == "2026-02"
    assert date_asked_in(typed, today, ahead=True, discussed=discussed).iso == iso, typed


def test_without_ahead_a_launch_gone_by_is_read_as_before():
    """Only the date of a launch (``ahead``) reads the tense."""
    assert date_asked_in("et si on l'avait lancée en avril ?", _NOV_23, discussed=_FEB_2026).iso == "2026-04"
    assert date_asked_in("et si on l'avait lancée en avril ?", TODAY, discussed=_FEB_2026).iso == "2026-04"
    assert date_asked_in("et si on l'avait lancée en mai ?", dt.date(2027, 1, 15)).iso == "2027-05"


@pytest.mark.parametrize("typed, today, start, raw", [
    ("en avril dernier", _NOV_23, "2026-04-01", "avril dernier"),
    ("en avril dernier", TODAY, "2025-04-01", "avril dernier"),
    ("depuis janvier dernier", TODAY, "2026-01-01", "janvier dernier"),       # the month under way
    ("le 3 avril dernier", TODAY, "2025-04-03", "3 avril dernier"),
    ("avril prochain", TODAY, "2026-04-01", "avril prochain"),
    ("en avril prochain", _NOV_23, "2027-04-01", "avril prochain"),
    ("le 1er avril prochain", _NOV_23, "2027-04-01", "1er avril prochain"),
    ("en mai derniere", _NOV_23, "2026-05-01", "mai derniere"),
    ("avant le 15 avril dernier délai", TODAY, "2026-04-15", "15 avril"),      # the latest day
])
def test_last_and_next_after_a_month_are_the_one_gone_by_and_the_one_to_come(typed, today, start, raw):
    for ahead in (False, True):
        period = parse_date(typed, today, ahead=ahead)
        assert (period.start.isoformat(), period.raw) == (start, raw), (typed, ahead)


_MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre")


@given(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), st.integers(1, 12),
       st.sampled_from(["et si on l'avait lancée en {}", "si on avait publié en {} ?", "et en {} dernier ?",
                        "si la consultation avait ete lancee en {}"]))
def test_a_month_gone_by_is_the_latest_up_to_today(today, month, phrase):
    name = _MONTH_NAMES[month - 1]
    period = date_asked_in(phrase.format(name), today, ahead=True)
    assert period.start.month == month and period.start <= today
    assert period.start > dt.date(today.year - 1, today.month, 1)          # within a year


@given(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), st.integers(1, 12),
       st.sampled_from(["et si on attend {} ?", "et si on lance en {} ?", "en {} prochain ?", "et en {} ?"]),
       st.integers(1990, 2040))
def test_a_month_to_come_is_the_next_one_whatever_the_date_discussed(today, month, phrase, year):
    name = _MONTH_NAMES[month - 1]
    discussed = date_asked_in(f"en {year}", today)
    period = date_asked_in(phrase.format(name), today, ahead=True, discussed=discussed)
    assert period.start.month == month and period.end >= today.replace(day=1)
    assert period.start.year in (today.year, today.year + 1)


@given(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), st.integers(1, 12), st.integers(1990, 2040))
def test_a_month_gone_by_after_a_date_is_in_its_year(today, month, year):
    name = _MONTH_NAMES[month - 1]
    discussed = date_asked_in(f"pour 45 000 € en {year} ?", today)
    period = date_asked_in(f"et si on l'avait lancée en {name} ?", today, ahead=True, discussed=discussed)
    assert (period.start.year, period.start.month) == (year, month)


def test_a_share_after_a_subsidy_said_ttc_switches_the_whole_value():
    """r2-d1: the share repeated with TTC is the whole value said TTC."""
    from assistant.amounts import share_tax_switch

    share = "le projet est subventionne a 80 % par l'ademe, le reste 12 000 € pour nous"
    assert share_tax_switch("en fait c'est 12 000 TTC", share, 60000.0) == (50000.0, 60000.0)
    assert share_tax_switch("12 000 HT", share, 60000.0) == (60000.0, None)          # already HT
    assert share_tax_switch("en fait c'est 15 000 TTC", share, 60000.0) is None      # another amount
    assert share_tax_switch("en fait c'est 12 000", share, 60000.0) is None          # no tax said
    assert share_tax_switch("c'est quoi 12 000 TTC ?", share, 60000.0) is None       # a question
    assert share_tax_switch("en fait c'est 12 000 TTC", share, 70000.0) is None      # another budget since
    assert share_tax_switch("en fait c'est 12 000 TTC", "on a 12 000 €", 12000.0) is None   # no share
    typed_ttc = "subvention de 80 %, reste à charge 12 000 € TTC"                        # 50 000 € HT
    assert share_tax_switch("non 12 000 HT", typed_ttc, 50000.0) == (60000.0, None)
    assert share_tax_switch("oui 12 000 TTC", typed_ttc, 50000.0) == (50000.0, 60000.0)


def test_phases_of_one_need_add_up():
    """« 30 000 pour la 1ere phase et 30 000 pour la 2eme » (live test,
    session 12: the splitting question was not understood)."""
    parsed = parse_amount("le prestataire nous propose 30 000 pour la 1ere phase et 30 000 pour la 2eme, "
                          "on peut faire 2 contrats ?")
    assert parsed.value_ht == 60000 and NOTE_TOTAL in parsed.notes
    assert parse_amount("phase 1 : 20 000 €, phase 2 : 15 000 €").value_ht == 35000
    # a correction is no phase added
    corrected = parse_amount("30 000 pour la phase 1, en fait 40 000")
    assert corrected.value_ht == 40000 and NOTE_TOTAL not in corrected.notes


@pytest.mark.parametrize("text, year", [("2025", 2025), (" en 2026 ? ", 2026), ("2100", 2100),
                                        ("2025 €", None), ("2 025", None), ("1999", None),
                                        ("2025 euros", None), ("20 250", None), ("", None)])
def test_bare_year(text, year):
    from assistant.amounts import bare_year
    assert bare_year(text) == year


@pytest.mark.parametrize("typed, value", [
    # « pas », « et non », « au lieu de » set the amount after them aside (the
    # last one was taken: « en fait c'est 80 000 € pas 50 000 » noted 50 000,
    # live test, session 17)
    ("en fait c'est 80 000 € pas 50 000", 80000), ("80 000 et non 50 000", 80000),
    ("50 000 au lieu de 40 000", 50000), ("pas 50 000 mais 80 000", 80000),
    ("30 000, en fait 50 000", 50000), ("on avait dit 40 000 mais finalement 55 000", 55000),
    # a total is not multiplied by its renewals
    ("60 000 € au total, reconductible 2 fois", 60000),
])
def test_the_corrected_amount_is_kept(typed, value):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok and parsed.value_ht == value, parsed
    if "au total" not in typed:
        assert "Je retiens le montant corrigé" in parsed.confirmation.replace(NNBSP, " ")


@pytest.mark.parametrize("typed, day", [
    # « avant 2020 » is the day before 2020, not 2020 (live test, session 17)
    ("et avant 2020 ?", dt.date(2019, 12, 31)), ("le seuil avant le 1er avril 2026", dt.date(2026, 3, 31)),
    ("avant avril 2026 c'était combien", dt.date(2026, 3, 31)),
])
def test_a_date_before_is_the_day_before(typed, day):
    period = date_asked_in(typed, dt.date(2026, 11, 23), ahead=True)
    assert (period.start, period.end, period.kind) == (day, day, "day")
    assert period.raw.startswith("avant") and typed[period.span[0]:period.span[1]] == period.raw


@pytest.mark.parametrize("typed, value", [
    # two parts the message asks to order apart are one need (live test, session 17)
    ("un diag energie de 35k et un accompagnement pcaet de 30k, on peut faire 2 bons de commande séparés ?", 65000),
    ("diag 35 000 € et une AMO pcaet à 30 000 €, marchés séparés ?", 65000),
    # the lots of one consultation add up: the total was asked (live test, session 18)
    ("lot 1 20k, lot 2 25k, lot 3 18k", 63000),
    ("2 lots : un audit energetique a 35k et une mission de suivi des travaux a 30k", 65000),
    ("lot 1 : 20 000, lot 2 : 25 000", 45000),
])
def test_parts_ordered_apart_are_added_up(typed, value):
    parsed = parse_amount(typed, TODAY)
    assert parsed.ok and parsed.value_ht == value and NOTE_TOTAL in parsed.notes


def test_two_amounts_of_different_things_are_not_added():
    assert parse_amount("un budget de 30 000 et un devis de 45 000", TODAY).error_code == ERR_SEVERAL


from assistant.amounts import population_answer  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("800", 800),
    ("mille", 1000),
    ("environ 1200 habitants", 1200),
    # live test, session 24: noted as 2 inhabitants
    ("un an ou deux", None),
    ("3 ans", None),
    ("6 mois", None),
])
def test_population_answer(text, expected):
    assert population_answer(text) == expected


@pytest.mark.parametrize("text, expected", [
    # live test, session 24: « 2 €/habitant » noted as a budget of 2 € HT
    ("une convention payante, 2 €/habitant par an", None),
    ("2 euros par habitant", None),
    ("500 € par jour", None),
    ("30 000 € par an", 30000.0),
    ("20 000 € pour un audit", 20000.0),
])
def test_a_price_per_unit_is_no_amount(text, expected):
    assert parse_amount(text).value_ht == expected


@pytest.mark.parametrize("text", [
    "on est un syndicat d'eau potable de 12 communes, 8000 abonnés",
    "12 000 usagers du service",
    "4500 compteurs à changer",
])
def test_subscribers_and_meters_are_no_amount(text):
    """« … 8000 abonnés » was noted « budget 8 000 € HT » (live test, session 26)."""
    assert find_amount_spans(text) == []


@pytest.mark.parametrize("text, raw", [
    ("on est une commune de 50 millions d'euros", "50 millions d'euros"),
    ("commune de 50 millions de euros", "50 millions de euros"),
])
def test_a_commune_of_millions_of_euros_is_money(text, raw):
    """Live test, session 27: « une commune de 50 millions d'euros » was 50
    million inhabitants, refused without a word."""
    from assistant.amounts import find_amount_spans, parse_population

    assert parse_population(text) is None
    assert [s.raw for s in find_amount_spans(text)] == [raw]


@pytest.mark.parametrize("text, population", [
    ("une commune de 2 millions", 2_000_000), ("commune de 3 mille", 3000), ("commune de 1200", 1200),
])
def test_a_commune_of_millions_is_still_a_population(text, population):
    from assistant.amounts import parse_population

    assert parse_population(text) == population


@pytest.mark.parametrize("text", ["25000 toutes taxes", "25 000 € taxes comprises", "25000 taxes incluses",
                                  "budget de 25000 toutes taxes", "25000 TVA inclue"])
def test_all_taxes_is_ttc(text):
    """Live test, session 27: « 25000 toutes taxes » was noted « 25 000 € HT »."""
    from assistant.amounts import parse_amount

    parsed = parse_amount(text)
    assert parsed.ttc and parsed.value_ht == pytest.approx(20833.33), parsed


@pytest.mark.parametrize("text", ["25000 hors taxes", "25000 € hors tva", "25000 HT"])
def test_without_taxes_stays_ht(text):
    from assistant.amounts import parse_amount

    parsed = parse_amount(text)
    assert not parsed.ttc and parsed.value_ht == 25000, parsed
