"""A tiny HTTP server on 127.0.0.1 that answers every request with one crafted answer.

The sandbox answers what Boolky documents; these tests need what it never
would — an answer that claims 300 MiB, one that streams without end, an id of
2^63 — so a real HTTP server sends them and the real client reads them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson


def getcontacts_body(contacts: list[dict[str, Any]]) -> bytes:
    """A getContacts answer holding ``contacts`` and no groups."""
    return orjson.dumps({"result": {"data": {"contacts": contacts, "groups": []}}})


@contextmanager
def crafted_server(
    chunks: Iterable[bytes], headers: dict[str, str] | None = None
) -> Iterator[tuple[str, list[str]]]:
    """(base URL, the paths asked for) of a server sending ``chunks`` as every answer's body.

    Without a Content-Length in ``headers`` the body is sent chunked; a client
    that hangs up mid-answer ends that answer.
    """
    parts = list(chunks) if not isinstance(chunks, Iterator) else chunks
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            asked.append(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            sent = dict(headers or {})
            chunked = "Content-Length" not in sent
            if chunked:
                sent["Transfer-Encoding"] = "chunked"
            for name, value in sent.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                for part in parts:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read what was asked from ``asked``."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()
