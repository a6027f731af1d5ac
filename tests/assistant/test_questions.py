"""What a question names, read in its words (assistant.questions)."""
import pytest

from assistant.questions import (COOPERATION, GROUPEMENT, PUBLIC_PARTNER, QUASI_REGIE, SPL,
                                 public_contracting)


@pytest.mark.parametrize("text, earlier, expected", [
    # The testers' questions (fresh H4, maire H4, dgs M7).
    ("Est-ce qu'un syndicat mixte peut contracter avec une SPL sans publicité ni mise en concurrence ?",
     (), (SPL,)),
    ("question : peut-on passer par notre SPL en quasi-régie pour le diagnostic, sans mise en "
     "concurrence ?", (), (QUASI_REGIE,)),
    ("et une convention de coopération avec le département (entente public-public), c'est possible ?",
     (), (COOPERATION,)),
    ("et la coopération public-public article L2511-6 ?", (), (COOPERATION,)),
    ("quasi regie ou cooperation public public, c'est pareil ?", (), (QUASI_REGIE, COOPERATION)),
    ("et on peut leur confier sans appel d'offres ?",
     ("c'est gratuit ?", "l'agence technique du departement aussi ?"), (PUBLIC_PARTNER,)),
    ("peut-on confier l'étude au syndicat d'énergie sans mise en concurrence ?", (), (PUBLIC_PARTNER,)),
    ("on peut travailler avec la commune voisine sans passer de marché ?", (), (PUBLIC_PARTNER,)),
    ("et un groupement de commandes avec la communauté de communes voisine qui a le même besoin ?",
     (), (GROUPEMENT,)),
    ("Peut-on faire un groupement de commandes entre deux EPCI pour recruter un AMO ?", (), (GROUPEMENT,)),
    ("peut on faire un groupement de commandes avec le syndicat d'energie pour l'etude de faisabilite "
     "du reseau de chaleur ? qui est coordonnateur ?", (), (GROUPEMENT,)),
])
def test_what_a_question_on_public_partners_names(text, earlier, expected):
    assert public_contracting(text, earlier) == expected


@pytest.mark.parametrize("text, earlier", [
    # A private provider, or no partner: the procurement rules decide.
    ("peut-on confier la mission à un bureau d'études sans mise en concurrence ?", ()),
    ("et on peut leur confier sans appel d'offres ?", ("on a trouvé deux bureaux d'études",)),
    ("sous 40 000 on peut signer sans mise en concurrence ?", ("la com com nous aide",)),
    # A partner without competition in question, or another groupement.
    ("le CAUE peut nous aider ?", ()),
    ("qui coordonne le groupement d'experts ?", ()),
    ("on s'entend bien avec le maire, une bonne entente", ()),
    ("/ask_procurement", ()), ("", ()),
])
def test_other_questions_name_no_public_contracting(text, earlier):
    assert public_contracting(text, earlier) is None
