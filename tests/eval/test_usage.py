"""Usage analytics on a tracker store written by Rasa's own SQLTrackerStore
(dialect sqlite): the schema and the event payloads are the real ones."""
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from eval import usage
from eval.synthetic import Script, save

PARIS = ZoneInfo("Europe/Paris")
SENDERS = ["alice-4f1c9e", "bob-77aa01", "carol-0b9d2f", "dave-c0ffee", "erin-e4e4e4", "frank-f00d00"]
ANSWERS = [
    ("structure_type", "commune"), ("population", 800), ("project", "isoler l'école"),
    ("theme", "energie"), ("need_kinds", ["capacite", "expertise"]), ("duration", "ponctuel"),
    ("internal_resources", "aucune"), ("partners_status", "non_consultes"), ("sponsor", "oui"),
    ("amount", 40000.0),
]


def at(day: str, hour: int) -> float:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), PARIS).timestamp()


def answer_all(script: Script, answers, first: int = 0) -> Script:
    for k in range(first, len(answers)):
        slot, value = answers[k]
        script.answer(slot, value, answers[k + 1][0] if k + 1 < len(answers) else None)
    return script


def conversations():
    alice = Script(SENDERS[0], at("2026-03-02", 10)).session(at("2026-03-02", 10))
    alice.user("bonjour", "greet").action("action_greet", listen=True).start_form()
    answer_all(alice, ANSWERS).advice("utile")

    bob = Script(SENDERS[1], 0).session(at("2026-03-02", 15)).start_form()
    for k in range(4):   # structure, population, project, theme → need_kinds asked
        bob.answer(ANSWERS[k][0], ANSWERS[k][1], ANSWERS[k + 1][0])
    bob.fallback("appelez moi au 06 12 34 56 78 svp")

    carol = Script(SENDERS[2], 0).session(at("2026-03-03", 11))
    carol.question("c'est quoi un amo", "ask_definition").question("seuils ?", "ask_procurement")
    carol.fallback("mon mail est jean.dupont@example.org").fallback("dossier 123456789 en attente")

    dave = Script(SENDERS[3], 0).session(at("2026-03-03", 9)).start_form()
    dave.answer("structure_type", "epci", "population")           # leaves at population
    dave.session(at("2026-03-04", 9))                               # next day: a new session
    dave.start_form("on reprend", first_slot="population")
    answers = [a if a[0] != "need_kinds" else ("need_kinds", ["audit"]) for a in ANSWERS]
    answer_all(dave, answers, first=1).advice("pas_utile")

    erin = Script(SENDERS[4], 0).session(at("2026-03-04", 16)).start_form()
    answers = [a if a[0] != "need_kinds" else ("need_kinds", ["inconnu"]) for a in ANSWERS]
    answer_all(erin, answers).advice(None)

    frank = Script(SENDERS[5], 0).session(at("2026-03-05", 8))      # opened, never wrote
    return [alice, bob, carol, dave, erin, frank]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tracker") / "rasa.db"
    save(conversations(), path)
    return path


@pytest.fixture(scope="module")
def analysis(db):
    return usage.analyse(usage.split_conversations(usage.read_events(str(db))))


def test_the_store_has_rasa_schema(db):
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{db}")
    columns = {c["name"] for c in sa.inspect(engine).get_columns("events")}
    assert {"sender_id", "type_name", "timestamp", "intent_name", "action_name", "data"} <= columns
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT intent_name, data FROM events WHERE type_name = 'user' LIMIT 1")).one()
    assert row[0] == "greet" and json.loads(row[1])["text"] == "bonjour"
    engine.dispose()


def test_conversations_are_sessions_with_a_user_message(analysis):
    assert analysis["conversations"] == 6          # dave has two sessions, frank never wrote
    assert analysis["conversations_per_day"] == {"2026-03-02": 2, "2026-03-03": 2, "2026-03-04": 2}
    assert analysis["period"] == {"first": "2026-03-02", "last": "2026-03-04", "time_zone": "Europe/Paris"}


def test_messages_and_intents(analysis):
    # alice 13, bob 6, carol 4, dave 2 + 12 (with the remark after « non »), erin 11
    assert analysis["user_messages"] == 48
    intents = dict(analysis["intents"])
    assert intents["inform"] == 34
    assert intents["start_diagnostic"] == 5
    assert intents["nlu_fallback"] == 3
    assert intents["ask_definition"] == 1 and intents["ask_procurement"] == 1
    assert sorted(analysis["questions"]) == [("ask_definition", 1), ("ask_procurement", 1)]


def test_diagnostics_completion_and_dropouts(analysis):
    assert analysis["diagnostics"]["started"] == 5
    assert analysis["diagnostics"]["completed"] == 3
    assert analysis["diagnostics"]["completion_rate"] == pytest.approx(0.6)
    assert dict(analysis["dropouts"]) == {"population": 1, "need_kinds": 1}
    assert [k for k, _ in analysis["dropouts"]] == ["population", "need_kinds"]   # form order


def test_need_kinds_from_slot_events(analysis):
    assert dict(analysis["need_kinds"]) == {"capacite": 1, "expertise": 1, "audit": 1, "inconnu": 1}
    assert analysis["conversations_with_need_kinds"] == 3


def test_fallbacks_are_counted_and_scrubbed(analysis):
    assert analysis["fallback"]["messages"] == 3
    assert analysis["fallback"]["rate"] == pytest.approx(3 / 48)
    texts = {t for t, _ in analysis["fallback"]["texts"]}
    assert texts == {"appelez moi au [téléphone] svp", "mon mail est [courriel]",
                     "dossier [nombre] en attente"}


def test_satisfaction(analysis):
    fb = analysis["feedback"]
    assert (fb["utile"], fb["pas_utile"], fb["answered"]) == (1, 1, 2)
    assert fb["satisfaction"] == pytest.approx(0.5)
    assert fb["response_rate"] == pytest.approx(2 / 3)
    assert analysis["handoff_conversations"] == 1     # « pas utile » → action_handoff
    assert fb["remarks"] == ["trop long, rappelez moi au [téléphone]"]   # scrubbed


def test_report_has_the_numbers_and_no_personal_data(db, tmp_path):
    out = tmp_path / "docs" / "usage.md"
    assert usage.main(["--db", str(db), "--out", str(out), "--notice", "Données synthétiques"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "> Données synthétiques" in text
    assert "| Diagnostics menés jusqu'au conseil | 3 (60,0 %) |" in text
    assert "| Taux de repli (messages non compris) | 3 (6,2 %) |" in text
    assert "nature du besoin (`need_kinds`)" in text
    assert "Satisfaction : **50,0 %**" in text
    for sender in SENDERS:
        assert sender.split("-")[0] not in text and sender not in text
    for secret in ("06 12 34 56 78", "jean.dupont", "123456789"):
        assert secret not in text
    images = sorted(p.name for p in (out.parent / "usage").iterdir())
    assert images == ["conversations-per-day.png", "dropouts.png", "need-kinds.png", "questions.png"]
    assert "](usage/conversations-per-day.png)" in text


def test_period_filter(db):
    events = usage.read_events(str(db), since=at("2026-03-04", 0))
    result = usage.analyse(usage.split_conversations(events))
    assert result["conversations"] == 2 and result["diagnostics"]["completed"] == 2


@pytest.mark.parametrize("text, expected", [
    ("tel 06 12 34 56 78", "tel [téléphone]"),
    ("tel 0612345678.", "tel [téléphone]."),
    ("+33 6 12 34 56 78 ou +33 (0)1 23 45 67 89", "[téléphone] ou [téléphone]"),
    ("écrire à marie-claire.durand+amo@commune-exemple.fr", "écrire à [courriel]"),
    ("siret 123 456 789 00012", "siret [nombre]"),
    ("budget 45 000 € pour 2026, 12345 hab", "budget 45 000 € pour 2026, 12345 hab"),
    ("budget 150 000 €", "budget [nombre] €"),
    ("  plusieurs   espaces ", "plusieurs espaces"),
])
def test_scrub(text, expected):
    assert usage.scrub(text) == expected


def test_empty_store(tmp_path):
    save([], tmp_path / "empty.db")
    result = usage.analyse(usage.split_conversations(usage.read_events(str(tmp_path / "empty.db"))))
    assert result["conversations"] == 0 and result["fallback"]["rate"] is None
    assert "# Statistiques" in usage.build_report(result, images=None)


def test_missing_sqlite_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(usage.read_events(str(tmp_path / "nope.db")))


def test_out_may_be_a_folder(db, tmp_path):
    assert usage.main(["--db", str(db), "--out", str(tmp_path / "usage")]) == 0
    assert (tmp_path / "usage" / "usage-report.md").exists()
    assert (tmp_path / "usage" / "usage" / "questions.png").exists()
