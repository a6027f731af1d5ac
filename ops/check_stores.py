"""Checks, before Rasa starts, that the conversation database and Redis answer.

Rasa 3.6 itself, when the SQL database is unreachable at start, retries every
5 seconds forever (one warning each time) without ever listening on its port.
This check gives one clear error line per attempt and gives up after
``--wait`` seconds (exit code 3), so that a supervisor (systemd, the topology
script) sees the failure.

    python ops/check_stores.py --endpoints ops/endpoints.postgres.yml --wait 60
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"[:300]


def check_sql(url: str) -> Optional[str]:
    """None if the database answers, else the reason."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url, hide_parameters=True, pool_pre_ping=True)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001
        return _short(getattr(exc, "orig", None) or exc)


def check_redis(host: str, port: int, db: int, password: Optional[str]) -> Optional[str]:
    import redis

    try:
        redis.StrictRedis(
            host=host, port=port, db=db, password=password or None, socket_timeout=3,
            socket_connect_timeout=3,
        ).ping()
        return None
    except Exception as exc:  # noqa: BLE001
        return _short(exc)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoints", required=True)
    parser.add_argument("--wait", type=float, default=60)
    args = parser.parse_args()

    from rasa.core.utils import read_endpoints_from_path

    endpoints = read_endpoints_from_path(args.endpoints)
    checks = []
    store = endpoints.tracker_store
    if store is not None and (store.type or "").lower() == "sql":
        from ops.stores import sql_url_from_endpoints

        url = sql_url_from_endpoints(args.endpoints)
        if url.startswith("sqlite:///"):
            label = "la base des conversations (SQLite)"
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        else:
            label = "la base des conversations (DB_URL)"
        checks.append((label, lambda url=url: check_sql(url)))
    lock = endpoints.lock_store
    if lock is not None and (lock.type or "").lower() == "redis":
        kwargs = lock.kwargs
        checks.append((
            f"Redis (verrous, {lock.url}:{kwargs.get('port', 6379)})",
            lambda: check_redis(lock.url or "localhost", int(kwargs.get("port", 6379)),
                                int(kwargs.get("db", 0) or 0), kwargs.get("password")),
        ))

    deadline = time.monotonic() + args.wait
    pending = list(checks)
    while True:
        still = []
        for label, check in pending:
            reason = check()
            if reason:
                print(f"ERREUR : {label} ne répond pas : {reason}", file=sys.stderr, flush=True)
                still.append((label, check))
        if not still:
            return 0
        if time.monotonic() >= deadline:
            print(
                f"ERREUR : abandon après {args.wait:g} s — Rasa n'est pas lancé. "
                "Vérifier DB_URL / REDIS_* et que les services tournent.",
                file=sys.stderr, flush=True,
            )
            return 3
        pending = still
        time.sleep(2)


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    sys.exit(main())
