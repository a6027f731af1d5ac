"""The action server, plus the download route of the fiches de cadrage.

``python -m actions.server --port 5055`` replaces ``rasa run actions``: the
same options (rasa_sdk's argument parser; ``--actions`` defaults to
``actions``), the same ``/webhook``, ``/health`` and ``/actions``, plus::

    GET /fiches/<id>.pdf    the PDF (rendered and kept the first time it is asked for)
    GET /fiches/<id>.md     the Markdown

The id is the only key (128 random bits): anything that is not exactly an id
and a known extension is a 404, like an unknown id. Responses are not cached
(``Cache-Control: no-store``) and the access log is off, so links do not end
up in logs. Expose only ``/fiches/`` publicly (``FICHES_PUBLIC_URL``), never
``/webhook``.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
from typing import List, Optional, Union

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app as create_sdk_app
from rasa_sdk.endpoint import create_argument_parser, create_ssl_context
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import MethodNotSupported, NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.privacy import with_privacy_notice
from assistant.fiche import ensure_pdf
from assistant.fiche_store import fiche_path

log = logging.getLogger(__name__)

FICHE_FILE = re.compile(r"([A-Za-z0-9_-]{22})\.(pdf|md)")
CONTENT_TYPES = {"pdf": "application/pdf", "md": "text/markdown; charset=utf-8"}
DISPOSITIONS = {"pdf": 'inline; filename="fiche-de-cadrage.pdf"',
                "md": 'attachment; filename="fiche-de-cadrage.md"'}
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}
TEXT_HEADERS = {**HEADERS, "Content-Security-Policy": "default-src 'none'; sandbox"}
NOT_FOUND = "Fiche introuvable : le lien est incomplet, ou la fiche a été supprimée."
PDF_FAILED = "Le PDF n'a pas pu être produit. La version texte de la fiche reste disponible."


def _text(body: str, status: int) -> HTTPResponse:
    return response.text(body, status=status, headers=TEXT_HEADERS)


async def _fiche_file(fiche_id: str, extension: str):
    """The file to send, None for an unknown fiche; raises if the PDF cannot be rendered."""
    loop = asyncio.get_running_loop()
    if extension == "pdf":
        return await loop.run_in_executor(None, ensure_pdf, fiche_id)
    return fiche_path(fiche_id, extension)


async def serve_fiche(request: Request, name: str) -> HTTPResponse:
    match = FICHE_FILE.fullmatch(name)
    if match is None:
        return _text(NOT_FOUND, 404)
    fiche_id, extension = match.groups()
    try:
        path = await _fiche_file(fiche_id, extension)
    except Exception:  # noqa: BLE001 - WeasyPrint or Pango missing, disk full…
        log.exception("fiche de cadrage: PDF rendering failed")
        return _text(PDF_FAILED, 503)
    if path is None:
        return _text(NOT_FOUND, 404)
    body = await asyncio.get_running_loop().run_in_executor(None, path.read_bytes)
    headers = {**(TEXT_HEADERS if extension == "md" else HEADERS),
               "Content-Disposition": DISPOSITIONS[extension]}
    return response.raw(body, content_type=CONTENT_TYPES[extension], headers=headers)


async def _not_found(request: Request, exception: Exception) -> HTTPResponse:
    """404 / 405, not rasa_sdk's catch-all 500, for unknown routes and methods."""
    status = 405 if isinstance(exception, MethodNotSupported) else 404
    return _text("Méthode non autorisée." if status == 405 else "Introuvable.", status)


def _warm_up() -> None:
    """Import WeasyPrint once at start-up (about 2 s) rather than at the first download."""
    try:
        import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001
        log.warning("WeasyPrint unavailable: the PDF fiches cannot be rendered "
                    "(see scripts/install-fiche-deps.sh); the Markdown ones still can")


async def _warm_up_listener(app: Sanic, loop) -> None:
    loop.run_in_executor(None, _warm_up)


def add_fiche_routes(app: Sanic) -> None:
    app.add_route(serve_fiche, "/fiches/<name:str>", methods=["GET"], name="fiche")
    app.error_handler.add(NotFound, _not_found)
    app.error_handler.add(MethodNotSupported, _not_found)
    app.register_listener(_warm_up_listener, "after_server_start")


def _with_privacy_notice(run):
    """``ActionExecutor.run`` whose first answer to a message that holds a
    phone number or an e-mail address begins with a notice
    (``actions.privacy``)."""
    async def run_with_notice(self, action_call):
        return with_privacy_notice(await run(self, action_call), action_call.get("tracker") or {})
    run_with_notice.wrapped = run
    return run_with_notice


if not hasattr(ActionExecutor.run, "wrapped"):
    ActionExecutor.run = _with_privacy_notice(ActionExecutor.run)


def create_app(action_package_name: str = "actions",
               cors_origins: Union[str, List[str], None] = None,
               auto_reload: bool = False) -> Sanic:
    """rasa_sdk's Sanic app (webhook, health, actions) with the fiches route."""
    app = create_sdk_app(action_package_name, cors_origins=cors_origins, auto_reload=auto_reload)
    add_fiche_routes(app)
    return app


def _configure_logging(args) -> None:
    """As ``rasa run actions`` does."""
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file,
                                 args.loglevel, args.logging_config_file)
    utils.update_sanic_log_level()


def main(argv: Optional[List[str]] = None) -> None:
    args = create_argument_parser().parse_args(argv)
    _configure_logging(args)
    app = create_app(args.actions or "actions", args.cors, args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")
    log.info("Action server with the fiches route on port %s", args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers(),
            access_log=False)


if __name__ == "__main__":
    main()
