"""A local HTTP server on 127.0.0.1 that answers like Nominatim's ``/search`` endpoint, for offline tests.

Point geopy at it with ``Nominatim(domain=stub.domain, scheme="http")`` (or, for the ``atlas`` command,
``ATLAS_NOMINATIM_DOMAIN=<stub.domain> ATLAS_NOMINATIM_SCHEME=http``). Modes:

- ``ok``: ``[{"lat": "...", "lon": "...", "display_name": ..., "osm_type", "osm_id", ...}]`` for queries found in
  ``answers``, ``[]`` (no match) for the rest;
- ``slow``: waits ``delay`` seconds (longer than the client's timeout), then answers like ``ok``;
- ``429`` / ``500``: that HTTP status with a short body;
- ``garbage``: HTTP 200 with a body that is not JSON;
- ``wrong_shape``: HTTP 200 with JSON that is not a Nominatim answer (a result without coordinates);
- ``refused``: nothing listens on the port (connections are refused).

The server is bounded: it serves on a free port, shuts itself down after ``lifetime`` seconds at the latest, and
a slow answer gives up waiting as soon as the server stops. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import json
import socket
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

__all__ = ["MODES", "NominatimStub"]

MODES = ("ok", "slow", "429", "500", "garbage", "wrong_shape", "refused")


class NominatimStub:
    """Context manager running the stub in a daemon thread; ``domain`` is ``127.0.0.1:<port>``."""

    def __init__(self, mode: str = "ok", answers: dict[str, tuple[float, float, str]] | None = None,
                 delay: float = 3.0, lifetime: float = 120.0):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {MODES}")
        self.mode = mode
        self.answers = {k.casefold(): v for k, v in (answers or {}).items()}
        self.delay = delay
        self.lifetime = lifetime
        self.requests: list[dict] = []
        self._stopped = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self.port = 0

    @property
    def domain(self) -> str:
        """``host:port`` for geopy's ``domain`` option."""
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> NominatimStub:
        if self.mode == "refused":
            # Reserve a free port, then release it: nothing listens there, so connecting is refused.
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            return self
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving (idempotent); pending slow answers are abandoned."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self._timer is not None:
            self._timer.cancel()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # silence per-request logging on stderr
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                stub.requests.append({"path": parts.path, "params": params,
                                      "user_agent": self.headers.get("User-Agent", "")})
                if stub.mode == "slow" and stub._stopped.wait(stub.delay):
                    return  # server stopping: abandon the answer
                if stub.mode == "429":
                    self._send(429, b'{"error": "Too Many Requests"}')
                elif stub.mode == "500":
                    self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
                elif stub.mode == "garbage":
                    self._send(200, b'[{"lat": "43.1", "lon": <<not json>>')
                elif stub.mode == "wrong_shape":
                    self._send(200, json.dumps([{"display_name": "Nowhere", "lat": "north"}]).encode())
                else:
                    self._send(200, json.dumps(stub._search(params.get("q", ""))).encode())

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timed out) first

        return Handler

    def _search(self, query: str) -> list[dict]:
        found = self.answers.get(query.casefold())
        if found is None:
            return []
        lat, lon, name = found
        osm_id = zlib.crc32(query.casefold().encode())
        return [{"place_id": osm_id + 1, "licence": "Data © OpenStreetMap contributors, ODbL 1.0 (test stub)",
                 "osm_type": "node", "osm_id": osm_id, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}",
                 "class": "place", "type": "village", "importance": 0.3, "display_name": name}]


if __name__ == "__main__":  # manual use: python tests/support/nominatim_stub.py slow
    import sys
    import time

    with NominatimStub(sys.argv[1] if len(sys.argv) > 1 else "ok") as running:
        print(f"ATLAS_NOMINATIM_DOMAIN={running.domain} ATLAS_NOMINATIM_SCHEME=http", flush=True)
        time.sleep(running.lifetime)
