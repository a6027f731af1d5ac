"""Purge RGPD : supprime les conversations inactives depuis plus de N jours.

Une conversation (un ``sender_id``) dont le **dernier** événement a plus de N
jours est supprimée en entier (tous ses événements) ; une conversation encore
active garde tout son historique. Puis, si le module existe, les fiches de
cadrage plus anciennes que N jours (``assistant.fiche.purge_fiches``).

    .venv/bin/python ops/purge.py                 # RETENTION_DAYS, défaut 30
    .venv/bin/python ops/purge.py --days 90 --dry-run
    .venv/bin/python ops/purge.py --endpoints endpoints.yml

La base est celle de ops/rasa.sh : ``DB_URL`` (PostgreSQL) si défini, sinon
SQLite ``SQLITE_PATH`` (défaut ``var/rasa.db``), ou le ``tracker_store`` du
fichier ``--endpoints`` ; comme ops/rasa.sh, lit ``.env`` (l'environnement
l'emporte). Un fichier SQLite absent : rien à purger (il n'est pas créé). À lancer chaque jour (cron ou minuteur systemd, voir
docs/exploitation.md). Code de sortie : 0 si tout est purgé, 1 sinon.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Dict, Optional

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.stores import configured_sql_url, load_dotenv, redact, sqlite_path  # noqa: E402

log = logging.getLogger("ops.purge")
DAY = 86_400
DEFAULT_DAYS = 30


def retention_days(value: Optional[int] = None) -> int:
    if value is None:
        raw = os.environ.get("RETENTION_DAYS", "").strip()
        value = int(raw) if raw else DEFAULT_DAYS
    if value < 1:
        raise ValueError("la durée de conservation doit être d'au moins 1 jour")
    return value


def purge_conversations(url: str, days: int, now: Optional[float] = None,
                        dry_run: bool = False) -> Dict[str, int]:
    """Deletes the events of the conversations whose last event is older than
    ``days`` days. Works on the ``events`` table of Rasa's SQLTrackerStore
    (SQLite and PostgreSQL). Returns {"conversations": n, "events": m}."""
    import sqlalchemy as sa

    cutoff = (time.time() if now is None else now) - days * DAY
    engine = sa.create_engine(url, hide_parameters=True)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":  # DB_URL may bound statements for Rasa
                connection.execute(sa.text("SET LOCAL statement_timeout = 0"))
            if not sa.inspect(connection).has_table("events"):
                return {"conversations": 0, "events": 0}
            stale = (
                "SELECT sender_id FROM events GROUP BY sender_id "
                "HAVING MAX(timestamp) < :cutoff"
            )
            conversations = connection.execute(
                sa.text(f"SELECT COUNT(*) FROM ({stale}) AS stale"), {"cutoff": cutoff}
            ).scalar()
            if dry_run:
                events = connection.execute(
                    sa.text(f"SELECT COUNT(*) FROM events WHERE sender_id IN ({stale})"),
                    {"cutoff": cutoff},
                ).scalar()
            else:
                events = connection.execute(
                    sa.text(f"DELETE FROM events WHERE sender_id IN ({stale})"),
                    {"cutoff": cutoff},
                ).rowcount
        if not dry_run and engine.dialect.name == "sqlite" and events:
            try:  # the deleted text leaves the file (needs a moment without writers)
                with engine.connect() as connection:
                    connection.execute(sa.text("VACUUM"))
            except Exception as exc:  # noqa: BLE001
                log.warning("VACUUM SQLite reporté (%s) : les données supprimées restent "
                            "dans les pages libres jusqu'au prochain VACUUM.", type(exc).__name__)
        return {"conversations": int(conversations or 0), "events": int(events or 0)}
    finally:
        engine.dispose()


def fiche_purger() -> Optional[Callable[[int], int]]:
    """``assistant.fiche.purge_fiches`` if that module exists (written separately)."""
    try:
        if importlib.util.find_spec("assistant.fiche") is None:
            return None
    except (ImportError, ValueError):
        return None
    module = importlib.import_module("assistant.fiche")
    purge = getattr(module, "purge_fiches", None)
    return purge if callable(purge) else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=None,
                        help=f"conservation en jours (défaut : RETENTION_DAYS, sinon {DEFAULT_DAYS})")
    parser.add_argument("--endpoints", help="fichier endpoints dont le tracker_store est purgé")
    parser.add_argument("--db-url", help="URL SQLAlchemy de la base (prioritaire)")
    parser.add_argument("--dry-run", action="store_true", help="compter sans supprimer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")

    load_dotenv()   # DB_URL, SQLITE_PATH, RETENTION_DAYS, FICHES_DIR, as for ops/rasa.sh
    days = retention_days(args.days)
    url = args.db_url or configured_sql_url(args.endpoints)
    status = 0
    try:
        path = sqlite_path(url)
        if path is not None:
            url = f"sqlite:///{path}"   # relative: from the repository, as ops/rasa.sh
        if path is not None and not path.exists():
            # Nothing stored yet; sqlite would create an empty file (or fail on
            # a missing directory).
            log.info("Aucune conversation enregistrée (%s absent) : rien à purger.", path)
            counts = {"conversations": 0, "events": 0}
        else:
            counts = purge_conversations(url, days, dry_run=args.dry_run)
        verb = "à supprimer" if args.dry_run else "supprimées"
        log.info("Conversations inactives depuis plus de %d jours %s : %d (%d événements) — base %s",
                 days, verb, counts["conversations"], counts["events"], redact(url))
    except Exception as exc:  # noqa: BLE001
        log.error("Purge des conversations impossible (base %s) : %s: %s",
                  redact(url), type(exc).__name__, str(exc).splitlines()[0][:300] if str(exc) else "")
        status = 1

    purge = fiche_purger()
    if purge is None:
        log.info("Pas de fiches de cadrage à purger (module assistant.fiche absent).")
    elif args.dry_run:
        log.info("Fiches de cadrage : non purgées (--dry-run).")
    else:
        try:
            removed = purge(days)
            log.info("Fiches de cadrage de plus de %d jours supprimées : %s", days, removed)
        except Exception as exc:  # noqa: BLE001
            log.error("Purge des fiches de cadrage impossible : %s: %s", type(exc).__name__, exc)
            status = 1
    return status


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    sys.exit(main())
