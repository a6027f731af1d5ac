"""La fiche de cadrage en fichier Matrix : bridge/fiche.py et son usage par le robot.

Rapides et sans réseau : le serveur des fiches est une session HTTP simulée,
le serveur Matrix un client simulé. Passent avec l'environnement de Rasa
(``make test-unit`` ; aiohttp y est) comme avec celui du pont ; les tests du
robot lui-même (``bridge.client``) demandent matrix-nio et ne tournent que
dans ce dernier (``scripts/test-matrix.sh``).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest

from bridge.config import ConfigError, from_env
from bridge.fiche import (
    MAX_BYTES,
    PDF_MIMETYPE,
    FicheFetcher,
    FicheUnavailable,
    check_base_url,
    fiche_filename,
    fiche_id_from_link,
    fiche_pdf_links,
    file_content,
    upload_fiche,
)

FICHE_ID = "AbCdEfGhIjKlMnOpQrStUv"            # 22 caractères, comme secrets.token_urlsafe(16)
PUBLIC = "https://assistant.exemple.fr"
INTERNAL = "http://127.0.0.1:5055"
PDF = b"%PDF-1.7\n" + b"x" * 1000 + b"\n%%EOF\n"
LINK = f"{PUBLIC}/fiches/{FICHE_ID}.pdf"


def rasa_reply(pdf: str = LINK) -> list:
    """Ce que renvoie le canal REST de Rasa pour une fiche (voir actions/fiche.py)."""
    return [
        {"recipient_id": "mx-1", "text": f"Votre fiche de cadrage est prête : [la fiche en PDF]({pdf}) · "
                                         f"[la version texte]({pdf[:-4]}.md)."},
        {"recipient_id": "mx-1", "custom": {"fiche": {"pdf": pdf, "markdown": pdf[:-4] + ".md"}}},
        {"recipient_id": "mx-1", "text": "Sources : …"},
    ]


# ---------------------------------------------------------------------------
# Liens, adresses, contenu de l'événement


def test_pdf_links_come_from_the_custom_payload_only():
    assert fiche_pdf_links(rasa_reply()) == [LINK]
    assert fiche_pdf_links(rasa_reply() + rasa_reply()) == [LINK]
    assert fiche_pdf_links([{"text": f"un lien dans le texte : {LINK}"}]) == []
    odd = [None, "x", {"custom": None}, {"custom": {"fiche": "x"}}, {"custom": {"fiche": {"pdf": 3}}},
           {"custom": {"fiche": {"pdf": "  "}}}, {"custom": {"autre": {"pdf": LINK}}}]
    assert fiche_pdf_links(odd) == []
    assert fiche_pdf_links(None) == [] and fiche_pdf_links({"custom": {}}) == []


@pytest.mark.parametrize("link", [
    LINK,
    f"  {LINK} ",
    f"HTTPS://Assistant.Exemple.FR/fiches/{FICHE_ID}.pdf",
    f"https://assistant.exemple.fr:443/fiches/{FICHE_ID}.pdf".replace(":443", ""),
])
def test_link_of_the_configured_server_gives_the_id(link):
    assert fiche_id_from_link(link, PUBLIC) == FICHE_ID


@pytest.mark.parametrize("link", [
    f"https://ailleurs.exemple.fr/fiches/{FICHE_ID}.pdf",            # autre hôte
    f"http://assistant.exemple.fr/fiches/{FICHE_ID}.pdf",            # autre schéma
    f"https://assistant.exemple.fr:8443/fiches/{FICHE_ID}.pdf",      # autre port
    f"https://assistant.exemple.fr.evil.example/fiches/{FICHE_ID}.pdf",
    f"https://assistant.exemple.fr@evil.example/fiches/{FICHE_ID}.pdf",
    f"https://x@assistant.exemple.fr/fiches/{FICHE_ID}.pdf",         # identifiants
    f"{LINK}?x=1", f"{LINK}#page=2",
    f"{PUBLIC}/fiches/{FICHE_ID}.md",
    f"{PUBLIC}/fiches/{FICHE_ID[:-1]}.pdf",
    f"{PUBLIC}/fiches/{FICHE_ID}x.pdf",
    f"{PUBLIC}/fiches/../fiches/{FICHE_ID}.pdf",
    f"{PUBLIC}/fiches/sub/{FICHE_ID}.pdf",
    f"{PUBLIC}/autre/{FICHE_ID}.pdf",
    f"{PUBLIC}/fiches/{FICHE_ID}.pdf/",
    f"{PUBLIC}/fiches/{FICHE_ID[:-2]}%2F.pdf",
    f"//assistant.exemple.fr/fiches/{FICHE_ID}.pdf",
    f"file:///fiches/{FICHE_ID}.pdf",
    "https://[::1/fiches/x.pdf",                                       # adresse invalide
    "", None, 42,
])
def test_any_other_link_is_refused(link):
    assert fiche_id_from_link(link, PUBLIC) is None


def test_public_url_with_a_path():
    base = "https://portail.exemple.fr/assistant/"
    assert fiche_id_from_link(f"https://portail.exemple.fr/assistant/fiches/{FICHE_ID}.pdf", base) == FICHE_ID
    assert fiche_id_from_link(f"https://portail.exemple.fr/fiches/{FICHE_ID}.pdf", base) is None


def test_download_url_is_built_from_the_configuration_not_from_the_link():
    fetcher = FicheFetcher(PUBLIC, INTERNAL + "/")
    assert fetcher.fiche_id(LINK) == FICHE_ID
    assert fetcher.download_url(FICHE_ID) == f"{INTERNAL}/fiches/{FICHE_ID}.pdf"
    assert FicheFetcher(PUBLIC).download_url(FICHE_ID) == LINK
    for bad in ("../../etc/passwd", FICHE_ID + "/x", "", FICHE_ID[:-1]):
        with pytest.raises(ValueError):
            fetcher.download_url(bad)


@pytest.mark.parametrize("url,ok", [
    ("http://localhost:5055", True), ("https://a.example/assistant", True),
    ("ftp://a.example", False), ("localhost:5055", False), ("https://", False),
    ("https://u:p@a.example", False), ("https://a.example/?x=1", False), ("https://a.example/#x", False),
    ("http://a.example:99999", False),
])
def test_base_urls(url, ok):
    assert (check_base_url(url) is None) is ok
    if not ok:
        with pytest.raises(ValueError):
            FicheFetcher(url)


def test_file_name_and_contents():
    assert fiche_filename(dt.date(2026, 11, 22)) == "fiche-de-cadrage-2026-11-22.pdf"
    assert fiche_filename().startswith(f"fiche-de-cadrage-{dt.date.today().year}-")
    plain = file_content("f.pdf", 1234, "mxc://localhost/abc")
    assert plain == {"msgtype": "m.file", "body": "f.pdf", "filename": "f.pdf",
                     "info": {"mimetype": "application/pdf", "size": 1234}, "url": "mxc://localhost/abc"}
    keys = {"v": "v2", "key": {"kty": "oct", "k": "secret"}, "iv": "iv0", "hashes": {"sha256": "h"}}
    encrypted = file_content("f.pdf", 1234, "mxc://localhost/abc", keys)
    assert "url" not in encrypted
    assert encrypted["file"] == {"url": "mxc://localhost/abc", "key": keys["key"], "iv": "iv0",
                                 "hashes": {"sha256": "h"}, "v": "v2", "mimetype": PDF_MIMETYPE}
    assert encrypted["info"] == {"mimetype": "application/pdf", "size": 1234}


# ---------------------------------------------------------------------------
# Téléchargement (session HTTP simulée)


class FakeStream:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.read_bytes = 0

    async def iter_chunked(self, size: int):
        for i in range(0, len(self.body), size):
            self.read_bytes += len(self.body[i:i + size])
            yield self.body[i:i + size]


class FakeResponse:
    def __init__(self, status=200, content_type=PDF_MIMETYPE, body=PDF, headers=None, error=None):
        self.status = status
        self.content_type = content_type
        self.headers = headers or {}
        self.content = FakeStream(body)
        self.error = error

    async def __aenter__(self):
        if self.error is not None:
            raise self.error
        return self

    async def __aexit__(self, *exc):
        return False


class FakeSession:
    def __init__(self, response: FakeResponse) -> None:
        self.response = response
        self.calls = []
        self.closed = False

    def get(self, url, **kwargs):
        self.calls.append((url, kwargs))
        return self.response

    async def close(self):
        self.closed = True


def fetcher_with(response: FakeResponse, **kwargs):
    session = FakeSession(response)
    return FicheFetcher(PUBLIC, INTERNAL, session_factory=lambda: session, **kwargs), session


def test_fetch_downloads_from_the_configured_server_without_redirects():
    fetcher, session = fetcher_with(FakeResponse())
    assert asyncio.run(fetcher.fetch(FICHE_ID)) == PDF
    assert session.calls == [(f"{INTERNAL}/fiches/{FICHE_ID}.pdf", {"allow_redirects": False})]
    asyncio.run(fetcher.close())
    assert session.closed


@pytest.mark.parametrize("response,reason", [
    (FakeResponse(status=404), "HTTP 404"),
    (FakeResponse(status=503), "HTTP 503"),
    (FakeResponse(status=302, headers={"Location": "http://evil.example/x.pdf"}), "HTTP 302"),
    (FakeResponse(content_type="text/html"), "pas renvoyé un PDF"),
    (FakeResponse(body=b"<html>not a pdf</html>"), "n'est pas un PDF"),
    (FakeResponse(body=b""), "n'est pas un PDF"),
    (FakeResponse(headers={"Content-Length": str(MAX_BYTES + 1)}), "trop gros"),
    (FakeResponse(error=asyncio.TimeoutError()), "n'a pas répondu"),
    (FakeResponse(error=ConnectionRefusedError(111, "refused")), "injoignable (ConnectionRefusedError)"),
])
def test_fetch_failures(response, reason):
    fetcher, _ = fetcher_with(response)
    with pytest.raises(FicheUnavailable, match=reason.replace("(", r"\(").replace(")", r"\)")) as info:
        asyncio.run(fetcher.fetch(FICHE_ID))
    assert FICHE_ID not in str(info.value) and "fiches/" not in str(info.value)


def test_fetch_stops_reading_past_the_limit():
    response = FakeResponse(body=b"%PDF-" + b"x" * 500_000)
    fetcher, _ = fetcher_with(response, max_bytes=100_000)
    with pytest.raises(FicheUnavailable, match="plus de 100000 octets"):
        asyncio.run(fetcher.fetch(FICHE_ID))
    assert response.content.read_bytes < 200_000


def test_real_aiohttp_session_is_created_lazily_and_closed():
    aiohttp = pytest.importorskip("aiohttp")

    async def scenario():
        fetcher = FicheFetcher(PUBLIC, INTERNAL, timeout=5)
        session = fetcher._get_session()
        assert isinstance(session, aiohttp.ClientSession)
        assert session.trust_env is False            # pas de mandataire de l'environnement
        assert fetcher._get_session() is session
        await fetcher.close()
        assert session.closed

    asyncio.run(scenario())


# ---------------------------------------------------------------------------
# Dépôt sur le serveur Matrix (client simulé)


class UploadResponse:
    def __init__(self, content_uri):
        self.content_uri = content_uri


class UploadError:
    status_code, message = "M_TOO_LARGE", "Cannot upload files larger than 1 MiB"


class FakeClient:
    KEYS = {"v": "v2", "key": {"kty": "oct", "alg": "A256CTR", "k": "k"}, "iv": "iv", "hashes": {"sha256": "h"}}

    def __init__(self, response=None, keys=KEYS):
        self.response = response or UploadResponse("mxc://localhost/media1")
        self.keys = keys
        self.uploads = []

    async def upload(self, data_provider, content_type, filename, encrypt, filesize):
        self.uploads.append({"data": data_provider(0, 0), "again": data_provider(1, 0), "content_type": content_type,
                             "filename": filename, "encrypt": encrypt, "filesize": filesize})
        return self.response, (self.keys if encrypt else None)


def test_upload_in_an_unencrypted_room():
    client = FakeClient()
    content = asyncio.run(upload_fiche(client, PDF, "fiche-de-cadrage-2026-11-22.pdf", encrypt=False))
    assert client.uploads == [{"data": PDF, "again": PDF, "content_type": "application/pdf",
                               "filename": "fiche-de-cadrage-2026-11-22.pdf", "encrypt": False,
                               "filesize": len(PDF)}]
    assert content == file_content("fiche-de-cadrage-2026-11-22.pdf", len(PDF), "mxc://localhost/media1")


def test_upload_in_an_encrypted_room():
    client = FakeClient()
    content = asyncio.run(upload_fiche(client, PDF, "fiche-de-cadrage-2026-11-22.pdf", encrypt=True))
    upload = client.uploads[0]
    assert upload["encrypt"] is True and upload["filename"] is None    # le nom ne va qu'à l'événement chiffré
    assert content["file"]["url"] == "mxc://localhost/media1" and content["file"]["key"]["k"] == "k"
    assert "url" not in content and content["info"]["size"] == len(PDF)
    assert content["body"] == "fiche-de-cadrage-2026-11-22.pdf"


@pytest.mark.parametrize("client,reason", [
    (FakeClient(response=UploadError()), "M_TOO_LARGE"),
    (FakeClient(response=UploadResponse("https://evil.example/x")), "refusé"),
    (FakeClient(keys={}), "clés"),
    (FakeClient(keys=None), "clés"),
])
def test_upload_failures(client, reason):
    with pytest.raises(FicheUnavailable, match=reason):
        asyncio.run(upload_fiche(client, PDF, "f.pdf", encrypt=True))


# ---------------------------------------------------------------------------
# Configuration

BASE_ENV = {"MATRIX_HOMESERVER": "https://matrix.exemple.fr", "MATRIX_USER_ID": "@amo:exemple.fr",
            "MATRIX_PASSWORD": "x"}


def test_configuration_defaults_and_overrides():
    config = from_env(BASE_ENV)
    assert config.fiches_public_url == config.fiches_url == "http://localhost:5055"
    assert config.fiche_files is True and config.fiche_timeout == 60.0
    config = from_env({**BASE_ENV, "FICHES_PUBLIC_URL": PUBLIC + "/", "BRIDGE_FICHE_TIMEOUT": "20"})
    assert config.fiches_public_url == config.fiches_url == PUBLIC and config.fiche_timeout == 20
    config = from_env({**BASE_ENV, "FICHES_PUBLIC_URL": PUBLIC, "BRIDGE_FICHES_URL": INTERNAL,
                       "BRIDGE_FICHE_FILES": "non"})
    assert (config.fiches_public_url, config.fiches_url, config.fiche_files) == (PUBLIC, INTERNAL, False)
    assert from_env({**BASE_ENV, "BRIDGE_FICHE_FILES": "Oui"}).fiche_files is True


@pytest.mark.parametrize("name,value", [
    ("FICHES_PUBLIC_URL", "assistant.exemple.fr"), ("BRIDGE_FICHES_URL", "file:///tmp"),
    ("BRIDGE_FICHES_URL", "http://u:p@127.0.0.1:5055"), ("BRIDGE_FICHE_FILES", "peut-être"),
    ("BRIDGE_FICHE_TIMEOUT", "0"),
])
def test_configuration_errors(name, value):
    with pytest.raises(ConfigError, match=name):
        from_env({**BASE_ENV, name: value})


# ---------------------------------------------------------------------------
# Le robot : texte (avec le lien) puis fichier ; le lien seul si ça échoue


class FakeRasa:
    def __init__(self, messages):
        self.messages = messages

    async def send(self, sender, message, message_id=None):
        return self.messages

    async def healthy(self):
        return True

    async def close(self):
        pass


class FakeRoom:
    def __init__(self, encrypted: bool) -> None:
        self.encrypted = encrypted
        self.members_synced = True
        self.users = {"@testeur:exemple.fr": None, "@amo:exemple.fr": None}


@pytest.fixture
def make_bridge(tmp_path):
    nio = pytest.importorskip("nio")
    from bridge.client import Bridge

    made = []

    def make(messages, response=None, encrypted=True, upload=None, **env):
        config = from_env({**BASE_ENV, "MATRIX_STORE_DIR": str(tmp_path / "store"), "BRIDGE_ROOM_MIN_INTERVAL": "0",
                           "FICHES_PUBLIC_URL": PUBLIC, "BRIDGE_FICHES_URL": INTERNAL, **env})
        bridge = Bridge(config, b"secret", rasa=FakeRasa(messages))
        bridge.sent = []
        session = FakeSession(response or FakeResponse())
        if bridge.fiches is not None:
            bridge.fiches._session_factory = lambda: session
        bridge.client.rooms["!salon:exemple.fr"] = FakeRoom(encrypted)
        client = FakeClient(response=upload)
        bridge.client.upload = client.upload

        async def room_send(room_id, message_type, content, tx_id=None, ignore_unverified_devices=False):
            bridge.sent.append(content)
            return nio.RoomSendResponse("$e%d" % len(bridge.sent), room_id)

        async def prepared(room):
            pass

        bridge.client.room_send = room_send
        bridge._prepare_encrypted = prepared
        bridge.uploads, bridge.session = client.uploads, session
        made.append(bridge)
        return bridge

    yield make
    for bridge in made:
        asyncio.run(bridge.client.close())


def handle(bridge):
    from bridge.client import Incoming

    asyncio.run(bridge._handle("!salon:exemple.fr", Incoming("@testeur:exemple.fr", "envoyez-moi la synthèse", "$1")))
    return bridge.sent


def test_bridge_sends_the_text_then_the_encrypted_file(make_bridge, caplog):
    caplog.set_level(logging.INFO, logger="bridge")
    bridge = make_bridge(rasa_reply())
    sent = handle(bridge)
    assert [c["msgtype"] for c in sent] == ["m.text", "m.file"]
    assert LINK in sent[0]["body"]                               # le lien reste dans le texte
    assert sent[1]["file"]["url"] == "mxc://localhost/media1" and "url" not in sent[1]
    assert sent[1]["body"] == fiche_filename(dt.date.today())
    assert sent[1]["info"] == {"mimetype": "application/pdf", "size": len(PDF)}
    assert bridge.session.calls[0][0] == f"{INTERNAL}/fiches/{FICHE_ID}.pdf"
    assert bridge.uploads[0]["encrypt"] is True
    assert "Fiche de cadrage jointe en PDF" in caplog.text and FICHE_ID not in caplog.text


def test_bridge_sends_a_plain_file_in_an_unencrypted_room(make_bridge):
    bridge = make_bridge(rasa_reply(), encrypted=False)
    sent = handle(bridge)
    assert [c["msgtype"] for c in sent] == ["m.text", "m.file"]
    assert sent[1]["url"] == "mxc://localhost/media1" and "file" not in sent[1]
    assert bridge.uploads[0]["encrypt"] is False


@pytest.mark.parametrize("case", ["download", "upload", "other server", "disabled"])
def test_bridge_keeps_the_link_when_the_file_cannot_be_sent(make_bridge, caplog, case):
    caplog.set_level(logging.INFO, logger="bridge")
    kwargs = {
        "download": {"response": FakeResponse(status=503)},
        "upload": {"upload": UploadError()},
        "other server": {"messages": rasa_reply(f"https://evil.example/fiches/{FICHE_ID}.pdf")},
        "disabled": {"BRIDGE_FICHE_FILES": "0"},
    }[case]
    bridge = make_bridge(kwargs.pop("messages", rasa_reply()), **kwargs)
    sent = handle(bridge)
    assert [c["msgtype"] for c in sent] == ["m.text"]
    assert f"/fiches/{FICHE_ID}.pdf" in sent[0]["body"]
    if case == "other server":
        assert bridge.session.calls == []                       # jamais téléchargé
    if case != "disabled":
        assert "Fiche de cadrage non jointe" in caplog.text
    assert FICHE_ID not in caplog.text and "synthèse" not in caplog.text


def test_bridge_without_fiche_sends_only_the_text(make_bridge):
    bridge = make_bridge([{"recipient_id": "mx-1", "text": "Bonjour."}])
    assert [c["msgtype"] for c in handle(bridge)] == ["m.text"]
    assert bridge.session.calls == [] and bridge.uploads == []
