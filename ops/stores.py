"""Where the conversations are stored, as ops/rasa.sh decides it.

- ``DB_URL`` set: PostgreSQL at that URL;
- else ``SQLITE_PATH`` (default ``var/rasa.db``): SQLite;
- or explicitly an endpoints file (``tracker_store`` of type SQL).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import MutableMapping, Optional

ROOT = Path(__file__).resolve().parent.parent


def load_dotenv(path: Optional[Path] = None,
                environ: Optional[MutableMapping[str, str]] = None) -> bool:
    """Reads ``.env`` (default: the repository's) as ops/dotenv.sh does for
    ops/rasa.sh: ``KEY=VALUE`` lines, ``#`` comments, optional quotes, nothing
    executed; a variable already in the environment wins; ``AMO_NO_DOTENV=1``
    ignores the file. Without it, ops/purge.py would purge SQLite while Rasa
    keeps the conversations in the PostgreSQL of ``DB_URL`` set in ``.env``."""
    environ = os.environ if environ is None else environ
    path = ROOT / ".env" if path is None else path
    if environ.get("AMO_NO_DOTENV") or not path.is_file():
        return False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.rstrip("\r")
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) or key in environ:
            continue
        quoted = re.fullmatch(r'"(.*)"|\'(.*)\'', value)
        if quoted:
            value = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        environ[key] = value
    return True


def sqlite_path(url: str) -> Optional[Path]:
    """The file of a ``sqlite:///…`` URL (relative to the repository, as for
    Rasa launched from its root), or None for another database."""
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url[len("sqlite:///"):].split("?", 1)[0])
    return path if path.is_absolute() else ROOT / path


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
