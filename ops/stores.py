"""Where the conversations are stored, as ops/rasa.sh decides it.

- ``DB_URL`` set: PostgreSQL at that URL;
- else ``SQLITE_PATH`` (default ``var/rasa.db``): SQLite;
- or explicitly an endpoints file (``tracker_store`` of type SQL).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


def sql_url_from_endpoints(path: str) -> Optional[str]:
    """The SQLAlchemy URL of an endpoints file's SQL tracker store, or None."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import read_endpoints_from_path

    store = read_endpoints_from_path(path).tracker_store
    if store is None or (store.type or "").lower() != "sql":
        return None
    if store.url and "://" in store.url:
        return store.url
    kwargs = store.kwargs
    url = SQLTrackerStore.get_db_url(
        kwargs.get("dialect", "sqlite"), store.url, kwargs.get("port"),
        kwargs.get("db", "rasa.db"), kwargs.get("username"), kwargs.get("password"),
    )
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


def configured_sql_url(endpoints: Optional[str] = None) -> str:
    if endpoints:
        url = sql_url_from_endpoints(endpoints)
        if not url:
            raise SystemExit(f"{endpoints} : pas de tracker_store de type SQL")
        return url
    if os.environ.get("DB_URL"):
        return os.environ["DB_URL"]
    return "sqlite:///" + os.environ.get("SQLITE_PATH", "var/rasa.db")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "<url>"
