"""RGPD retention: ops/purge.py deletes the conversations whose last event is
older than N days (PostgreSQL of the topology, and SQLite through Rasa's own
SQLTrackerStore), keeps the others whole, and purges the fiches de cadrage
through assistant.fiche.purge_fiches when that module exists."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
import sqlalchemy as sa

from ops import purge
from tests.production.conftest import ROOT, Conversation, tracker, user_texts

pytestmark = pytest.mark.production
DAY = 86_400


def age(db_url, sender, days, keep_last=False):
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        clause = "sender_id = :s"
        if keep_last:
            clause += " AND id < (SELECT MAX(id) FROM events WHERE sender_id = :s)"
        connection.execute(sa.text(f"UPDATE events SET timestamp = timestamp - :d WHERE {clause}"),
                           {"s": sender, "d": days * DAY})
    engine.dispose()


def count(db_url, sender):
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        n = connection.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"),
                               {"s": sender}).scalar()
    engine.dispose()
    return n


def test_purge_postgresql(topo, tmp_path):
    old, older, active = (Conversation(topo["BASE_URL"]) for _ in range(3))
    for c in (old, older, active):
        c.say("Bonjour")
        c.say("c'est quoi un AMO ?")
    db = topo["DB_URL"]
    age(db, old.sender, 31)
    age(db, older.sender, 400)
    age(db, active.sender, 90, keep_last=True)  # old start, but active yesterday
    before_active = count(db, active.sender)

    env = {**os.environ, "DB_URL": db, "RETENTION_DAYS": "30", "FICHES_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, str(ROOT / "ops" / "purge.py")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert count(db, old.sender) == 0 and count(db, older.sender) == 0
    assert count(db, active.sender) == before_active
    assert topo["DB_PASSWORD"] not in done.stdout + done.stderr
    # Rasa sees a purged conversation as a new one.
    assert user_texts(tracker(topo, old.sender)) == []


def test_purge_sqlite_with_rasa_tracker_store(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    db = tmp_path / "var" / "rasa.db"
    db.parent.mkdir()
    store = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()

    async def write(sender, *ages_in_days):
        events = []
        for days in ages_in_days:
            events += [UserUttered("bonjour", timestamp=now - days * DAY),
                       ActionExecuted("action_listen", timestamp=now - days * DAY + 1)]
        await store.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(write("vieille", 45, 40))
    asyncio.run(write("recente", 2, 1))
    asyncio.run(write("reprise", 60, 0.5))
    url = f"sqlite:///{db}"

    assert purge.purge_conversations(url, 30, dry_run=True) == {"conversations": 1, "events": 4}
    assert purge.purge_conversations(url, 30) == {"conversations": 1, "events": 4}
    assert count(url, "vieille") == 0
    assert count(url, "recente") == 4 and count(url, "reprise") == 4
    assert purge.purge_conversations(url, 30) == {"conversations": 0, "events": 0}


def test_retention_days_from_environment(monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert purge.retention_days() == 30
    monkeypatch.setenv("RETENTION_DAYS", "45")
    assert purge.retention_days() == 45
    with pytest.raises(ValueError):
        purge.retention_days(0)


def test_fiches_are_purged_when_the_module_exists(monkeypatch, tmp_path):
    calls = []
    fake = types.ModuleType("assistant.fiche")
    fake.purge_fiches = lambda days: calls.append(days) or 3
    monkeypatch.setitem(sys.modules, "assistant.fiche", fake)
    monkeypatch.setattr(purge.importlib.util, "find_spec", lambda name: object())
    url = f"sqlite:///{tmp_path / 'rasa.db'}"
    assert purge.main(["--days", "7", "--db-url", url]) == 0
    assert calls == [7]


def test_purge_without_fiche_module(monkeypatch, tmp_path):
    monkeypatch.setattr(purge.importlib.util, "find_spec", lambda name: None)
    url = f"sqlite:///{tmp_path / 'rasa.db'}"
    assert purge.main(["--days", "7", "--db-url", url]) == 0


def _isolated_env(monkeypatch, *keys):
    """Keys absent now and restored (absent) after the test, even if .env sets them."""
    for key in keys:
        monkeypatch.setenv(key, "x")
        monkeypatch.delenv(key)


def test_purge_reads_dotenv_like_rasa_sh(monkeypatch, tmp_path):
    """DB_URL/SQLITE_PATH and RETENTION_DAYS set in .env (as for ops/rasa.sh) are
    the ones the purge uses; a relative SQLITE_PATH starts at the repository."""
    from ops import stores

    _isolated_env(monkeypatch, "DB_URL", "SQLITE_PATH", "RETENTION_DAYS", "AMO_NO_DOTENV")
    monkeypatch.setattr(stores, "ROOT", tmp_path)
    monkeypatch.setattr(purge.importlib.util, "find_spec", lambda name: None)
    (tmp_path / ".env").write_text("# réglages\nDB_URL=\nSQLITE_PATH='conv/rasa.db'\nRETENTION_DAYS=45\n")
    (tmp_path / "conv").mkdir()
    url = f"sqlite:///{tmp_path / 'conv' / 'rasa.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, "
                                   "timestamp FLOAT)"))
        for sender, days in (("a50", 50), ("a40", 40)):
            connection.execute(sa.text("INSERT INTO events (sender_id, timestamp) VALUES (:s, :t)"),
                               {"s": sender, "t": time.time() - days * DAY})
    engine.dispose()
    monkeypatch.chdir(ROOT / "tests")   # not the repository: the path must not depend on it
    assert purge.main([]) == 0
    assert count(url, "a50") == 0 and count(url, "a40") == 1   # 45 days from .env, not 30


def test_purge_without_database_creates_nothing(monkeypatch, tmp_path):
    _isolated_env(monkeypatch, "DB_URL", "RETENTION_DAYS")
    monkeypatch.setenv("AMO_NO_DOTENV", "1")
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "absent" / "rasa.db"))
    monkeypatch.setattr(purge.importlib.util, "find_spec", lambda name: None)
    assert purge.main(["--dry-run"]) == 0
    assert purge.main([]) == 0
    assert not (tmp_path / "absent").exists()
