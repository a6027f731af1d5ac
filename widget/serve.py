"""Petit serveur (bibliothèque standard) du widget et de son portail de démonstration.

    python widget/serve.py [--port 8080] [--rasa-url http://localhost:5005] [--contact TEXTE]

Sert le dossier widget/ sur 127.0.0.1 avec une politique de sécurité stricte
(Content-Security-Policy) ; connect-src autorise l'adresse de Rasa. Les pages de
démonstration reçoivent cette adresse dans l'attribut data-server du widget, et
le contact humain du portail (``--contact``, par défaut la variable
AMO_CONTACT_EMAIL, celle que l'assistant donne à qui demande une personne) dans
l'attribut data-contact ; sans contact, le widget affiche une phrase neutre.
"""
from __future__ import annotations

import argparse
import html
import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
DEMO_SERVER_ATTR = 'data-server="http://localhost:5005"'  # tel qu'écrit dans demo/*.html


def origin(url: str) -> str:
    """« http://localhost:5005/ » -> « http://localhost:5005 » (refuse le reste)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"adresse de Rasa invalide : {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def csp(rasa_origin: str) -> str:
    return (
        "default-src 'self'; "
        f"connect-src 'self' {rasa_origin}; "
        "img-src 'self' data:; "
        "style-src 'self'; "
        "script-src 'self'"
    )


class Handler(SimpleHTTPRequestHandler):
    rasa_origin = "http://localhost:5005"
    contact = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", csp(self.rasa_origin))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (nom imposé par http.server)
        path = urlsplit(self.path).path
        if path == "/":
            self.send_response(302)
            self.send_header("Location", "/demo/")
            self.end_headers()
            return
        if path.startswith("/demo/") and (path.endswith(".html") or path.endswith("/")):
            self._demo_page(path)
            return
        super().do_GET()

    def list_directory(self, path):  # pas de listing de dossier
        self.send_error(404)
        return None

    def _demo_page(self, path: str) -> None:
        file = (ROOT / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if ROOT not in file.parents or not file.is_file():
            self.send_error(404)
            return
        attr = f'data-server="{html.escape(self.rasa_origin)}"'
        if self.contact.strip():
            attr += f' data-contact="{html.escape(self.contact.strip())}"'
        body = file.read_text(encoding="utf-8").replace(DEMO_SERVER_ATTR, attr).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt: str, *args) -> None:
        sys.stderr.write("serve.py: " + (fmt % args) + "\n")


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", type=origin, default="http://localhost:5005")
    parser.add_argument("--contact", default=os.environ.get("AMO_CONTACT_EMAIL", ""),
                        help="contact humain affiché en pied du widget (défaut : AMO_CONTACT_EMAIL)")
    return parser.parse_args(argv)


def configured(args: argparse.Namespace) -> type:
    """La classe de Handler qui sert avec ces réglages."""
    return type("ConfiguredHandler", (Handler,), {"rasa_origin": args.rasa_url, "contact": args.contact})


def main(argv: list[str] | None = None) -> None:
    args = options(argv)
    handler = configured(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), partial(handler, directory=str(ROOT)))
    print(f"Widget et démonstration : http://localhost:{args.port}/demo/ (Rasa : {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
