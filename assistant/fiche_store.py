"""Where the fiches de cadrage are kept: one file per format, named by an unguessable id.

The directory is ``$FICHES_DIR`` (default ``var/fiches/`` at the project's
root, git-ignored). A fiche is ``<id>.md``, ``<id>.html`` (what the PDF is
rendered from) and, once asked for, ``<id>.pdf``; ``<id>`` is
``secrets.token_urlsafe(16)`` (128 random bits): the link is the only key.
``purge_fiches`` deletes the fiches older than the conversations' retention
(``ops/purge.py`` calls it), every format of a fiche at once.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Union

ROOT = Path(__file__).resolve().parent.parent
FICHES_DIR_ENV = "FICHES_DIR"
DEFAULT_DIR = ROOT / "var" / "fiches"
EXTENSIONS = ("md", "html", "pdf")
ID_RE = re.compile(r"[A-Za-z0-9_-]{22}")          # secrets.token_urlsafe(16)
_FILE_RE = re.compile(r"\.?([A-Za-z0-9_-]{22})\.(?:md|html|pdf)(?:\.[0-9a-f]{8}\.tmp)?")
DAY = 86400


@dataclass(frozen=True)
class StoredFiche:
    id: str
    markdown: Path
    html: Path                       # the PDF is rendered from it when first asked for


def fiches_dir(directory: Optional[Path] = None) -> Path:
    if directory is not None:
        return Path(directory)
    configured = os.environ.get(FICHES_DIR_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_DIR


def valid_id(fiche_id: object) -> bool:
    return isinstance(fiche_id, str) and ID_RE.fullmatch(fiche_id) is not None


def fiche_path(fiche_id: str, extension: str, directory: Optional[Path] = None) -> Optional[Path]:
    """The file of a fiche, or None for a bad id or extension or a missing file."""
    if not valid_id(fiche_id) or extension not in EXTENSIONS:
        return None
    path = fiches_dir(directory) / f"{fiche_id}.{extension}"
    return path if path.is_file() else None


def _write(path: Path, data: bytes) -> None:
    """Atomic write, readable by the owner only (a unique temporary name: several
    action servers may render the same PDF at once)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_fiche(markdown: str, html: str, directory: Optional[Path] = None) -> StoredFiche:
    """Store a new fiche (Markdown and HTML) under a new id."""
    target = fiches_dir(directory)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    fiche_id = secrets.token_urlsafe(16)
    while (target / f"{fiche_id}.md").exists():      # 2^-128: never, but never overwrite
        fiche_id = secrets.token_urlsafe(16)
    html_path = store_file(fiche_id, "html", html.encode("utf-8"), target)
    return StoredFiche(fiche_id, store_file(fiche_id, "md", markdown.encode("utf-8"), target), html_path)


def store_file(fiche_id: str, extension: str, data: bytes, directory: Optional[Path] = None) -> Path:
    """Write one format of a fiche (atomically, readable by the owner only)."""
    if not valid_id(fiche_id) or extension not in EXTENSIONS:
        raise ValueError(f"bad fiche file {fiche_id!r}.{extension!r}")
    path = fiches_dir(directory) / f"{fiche_id}.{extension}"
    _write(path, data)
    return path


def _timestamp(now: Union[None, float, int, dt.datetime]) -> float:
    if now is None:
        return time.time()
    if isinstance(now, dt.datetime):
        return now.timestamp()
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        raise TypeError(f"now must be a datetime or a POSIX timestamp, got {now!r}")
    return float(now)


def purge_fiches(older_than_days: int, now: Union[None, float, dt.datetime] = None,
                 directory: Optional[Path] = None) -> int:
    """Delete the fiches created more than ``older_than_days`` days before ``now``.

    A fiche's age is that of its oldest file (the Markdown and HTML written
    when the fiche was made); all its files go together, including a PDF
    rendered later and an interrupted temporary file, so that no format
    outlives the retention. Only files named like a fiche are touched.
    Returns the number of fiches (ids) deleted.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 0:
        raise ValueError(f"older_than_days must be an integer >= 0, got {older_than_days!r}")
    target = fiches_dir(directory)
    if not target.is_dir():
        return 0
    cutoff = _timestamp(now) - older_than_days * DAY
    files: Dict[str, List[Path]] = {}
    created: Dict[str, float] = {}
    for path in target.iterdir():
        match = _FILE_RE.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:           # deleted meanwhile (another purge, a rename)
            continue
        fiche_id = match.group(1)
        files.setdefault(fiche_id, []).append(path)
        created[fiche_id] = min(mtime, created.get(fiche_id, mtime))
    removed = 0
    for fiche_id, paths in files.items():
        if created[fiche_id] < cutoff:
            for path in paths:
                path.unlink(missing_ok=True)
            removed += 1
    return removed
