"""What a procurement question is about: works or a service, and which
amount belongs to which purchase."""
import pytest

from assistant.purchase import (SERVICES, TRAVAUX, amount_categories, keep_amounts,
                                purchase_category)


@pytest.mark.parametrize("text, expected", [
    ("pour des travaux de 70000 euros ht on doit mettre en concurrence ?", TRAVAUX),
    ("on a 95000 de travaux pour les led on doit faire une pub ?", TRAVAUX),
    ("et pour des TRAVAUX ?", TRAVAUX),
    ("le chantier de l'école coûte 120 000 €", TRAVAUX),
    ("le conseil municipal a voté 70 000 € de travaux", TRAVAUX),
    ("une mission d'AMO de 45 000 € HT", SERVICES),
    ("une AMO pour les travaux de l'école", SERVICES),
    ("une étude de faisabilité à 30 000 €", SERVICES),
    ("le maître d'œuvre des travaux", SERVICES),
    # the follow-up of works is a mission (retest M-WW1: the correction
    # « en fait c'est 80 000 avec le suivi de chantier » was dropped as works)
    ("en fait c'est 80 000 avec le suivi de chantier", SERVICES),
    ("le suivi des travaux en plus", SERVICES),
    ("pour 45 000 € faut-il mettre en concurrence ?", None),
    ("commune de 800 habitants avec 30 000 €", None),
])
def test_purchase_category(text, expected):
    assert purchase_category(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("AMO 20 000, travaux 180 000", [("20 000", SERVICES), ("180 000", TRAVAUX)]),
    ("pour l'AMO je pensais 20 000 HT mais les travaux c'est 180 000",
     [("20 000 HT", SERVICES), ("180 000", TRAVAUX)]),
    ("180 000 € de travaux et 20 000 € d'AMO", [("180 000 €", TRAVAUX), ("20 000 €", SERVICES)]),
    ("AMO à 20 000 € pour des travaux de 180 000 €", [("20 000 €", SERVICES), ("180 000 €", TRAVAUX)]),
    ("on a 95000 de travaux pour les led", [("95000", TRAVAUX)]),
    ("pour des travaux, on a 70 000 €", [("70 000 €", TRAVAUX)]),
    ("commune de 800 habitants avec 30 000 €", [("30 000 €", SERVICES)]),
    ("70 000 € HT plus une tranche optionnelle de 30 000 € HT",
     [("70 000 € HT", SERVICES), ("30 000 € HT", SERVICES)]),
])
def test_each_amount_belongs_to_its_purchase(text, expected):
    assert [(span.raw, category) for span, category in amount_categories(text)] == expected


def test_keep_amounts_blanks_the_other_purchase_in_place():
    text = "AMO 20 000, travaux 180 000"
    kept = keep_amounts(text, SERVICES)
    assert len(kept) == len(text) and "20 000" in kept and "180" not in kept
    assert "180 000" in keep_amounts(text, TRAVAUX) and "20 000" not in keep_amounts(text, TRAVAUX)
    assert keep_amounts("rien à voir", SERVICES) == "rien à voir"
