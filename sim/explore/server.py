"""The local web server of `opzet explore`: the page, its two files, and a small JSON API.

Python's own HTTP server and a page of plain HTML and JavaScript: nothing to install and
nothing fetched from elsewhere, so the page works on a laptop without a network
(docs/explore.md says why this and not Solara or Panel). It listens on 127.0.0.1 unless
the user asks for another address (`--host`), answers only requests addressed to it (the
Host header), and takes changes (run, stop, open, save) only as JSON from its own page.
"""

from __future__ import annotations

import ipaddress
import json
import math
import socket
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sim.errors import ProjectError
from sim.explore.session import PageError, Session
from sim.report.texts import LANGUAGES, TEXTS, text

STATIC = Path(__file__).parent / "static"
FILES = {"/": ("index.html", "text/html; charset=utf-8"),
         "/static/explore.js": ("explore.js", "text/javascript; charset=utf-8"),
         "/static/explore.css": ("explore.css", "text/css; charset=utf-8")}
"""Everything the page loads: these three files, and the API's JSON."""
MAX_BODY = 64 * 1024


class ExploreError(ProjectError):
    """A server that cannot start; `str(err)` is one line."""


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


class ExploreServer(ThreadingHTTPServer):
    """The server of one session; `url` is the page's address."""

    daemon_threads = True

    def __init__(self, session: Session, host: str, port: int, lang: str,
                 allow_remote: bool = False) -> None:
        if not allow_remote and not is_loopback(host):
            raise ExploreError(f"--host {host}: not this machine only; the page lets anyone who "
                               "reaches it run simulations and read folders, so opzet explore "
                               "listens on 127.0.0.1 unless --host names another address")
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), Handler)
        except OSError as err:
            raise ExploreError(f"--port {port}: cannot listen on {host}:{port} "
                               f"({err.strerror or err}); choose another --port") from None
        self.session, self.lang, self.remote = session, lang, allow_remote
        self.loopback = is_loopback(host)
        bound = self.server_address[1]
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host \
            else host  # an address on all interfaces is reached here as 127.0.0.1
        self.url = f"http://{shown}:{bound}/?lang={lang}"
        self.names = {f"{name}:{bound}" for name in (shown, "127.0.0.1", "localhost", "[::1]")}


class Handler(BaseHTTPRequestHandler):
    """One request: a file of the page, or a question to the session."""

    server: ExploreServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the address and errors, not every request."""

    # ------------------------------------------------------------------ requests
    def do_GET(self) -> None:
        if not self._addressed_to_us():
            return
        where = urlsplit(self.path)
        if where.path in FILES:
            name, kind = FILES[where.path]
            self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), kind)
            return
        query = {k: v[-1] for k, v in parse_qs(where.query).items()}
        lang = query.get("lang") if query.get("lang") in LANGUAGES else "nl"
        session = self.server.session

        def answer() -> dict[str, Any] | None:
            if where.path == "/api/setup":
                return {"lang": lang, "texts": {k: v[lang] for k, v in TEXTS.items()},
                        "setup": session.setup(lang), "results": self._results(lang),
                        "errors": [e.words(lang) for e in session.opening_errors]}
            if where.path == "/api/results":
                return {"results": self._results(lang)}
            if where.path == "/api/progress":
                return session.state(lang)
            if where.path == "/api/figure":
                return session.figure(_whole(query.get("result")), query.get("key", ""), lang)
            if where.path == "/api/family":
                family = query.get("family")
                return session.family(
                    _whole(query.get("result")), query.get("left", ""), query.get("right", ""),
                    query.get("filter", "any"), _whole(family) if family else None, lang)
            return None

        self._reply(answer, lang)

    def do_POST(self) -> None:
        if not self._addressed_to_us() or not self._from_our_page():
            return
        body = self._body()
        if body is None:
            return
        lang = body.get("lang") if body.get("lang") in LANGUAGES else "nl"
        session = self.server.session
        path = urlsplit(self.path).path

        def answer() -> dict[str, Any] | None:
            if path == "/api/run":
                session.start(body)
                return {"ok": True}
            if path == "/api/stop":
                session.stop()
                return {"ok": True}
            if path == "/api/open":
                return {"result": session.view(session.open(str(body.get("folder", ""))),
                                               lang)}
            if path == "/api/save":
                saved = session.save(_whole(body.get("result")), str(body.get("folder", "")))
                return {"ok": True, "message": _saved(saved, lang)}
            return None

        self._reply(answer, lang)

    def _reply(self, answer: Callable[[], dict[str, Any] | None], lang: str) -> None:
        """The answer as JSON (none: not found); a PageError as its sentence on the page,
        anything else as one line here and a sentence there."""
        try:
            answered = answer()
        except PageError as err:
            answered = {"message": err.words(lang)}
        except Exception as err:  # noqa: BLE001 - one line here and on the page, never more
            self._failed(err, lang)
            return
        if answered is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
        else:
            self._json(answered)

    def _failed(self, err: Exception, lang: str) -> None:
        """Whatever went wrong answering: one line on the terminal, a sentence on the page."""
        detail = f"{type(err).__name__}: {err}"
        print(f"opzet explore: {self.path}: {detail}", file=sys.stderr, flush=True)
        self._json({"message": PageError("explore.failed", detail).words(lang)})

    # ------------------------------------------------------------------ checks
    def _addressed_to_us(self) -> bool:
        """Only requests for this server by name (no other site reaching it through a name
        that points here); any address when the user asked to be reached from elsewhere."""
        if self.server.remote or self.headers.get("Host", "") in self.server.names:
            return True
        self._send(HTTPStatus.MISDIRECTED_REQUEST, b"not this server", "text/plain")
        return False

    def _from_our_page(self) -> bool:
        """A change comes as JSON from this page (a browser never sends JSON to another
        site's address unasked), never from another site's form."""
        origin = self.headers.get("Origin")
        kind = self.headers.get("Content-Type", "").split(";")[0].strip()
        if kind == "application/json" and (origin is None or origin == "http://"
                                           + self.headers.get("Host", "")):
            return True
        self._send(HTTPStatus.FORBIDDEN, b"only from the page itself", "text/plain")
        return False

    def _body(self) -> dict[str, Any] | None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
            if not 0 <= length <= MAX_BODY:
                raise ValueError
            body = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            self._send(HTTPStatus.BAD_REQUEST, b"a JSON object, please", "text/plain")
            return None
        return body

    # ------------------------------------------------------------------ answers
    def _results(self, lang: str) -> list[dict[str, Any]]:
        return [self.server.session.view(r, lang) for r in self.server.session.results]

    def _json(self, data: Any) -> None:
        self._send(HTTPStatus.OK, json.dumps(_plain(data), allow_nan=False).encode(),
                   "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                         "img-src 'self' data:")
        self.end_headers()
        self.wfile.write(body)


def _plain(value: Any) -> Any:
    """Numbers as JSON has them: numpy's as Python's, NaN (not measured) as null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _whole(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise PageError("explore.figure_none", f"not a number: {value!r}") from None


def _saved(folder: Path, lang: str) -> str:
    return text("explore.saved", lang, folder=str(folder))
