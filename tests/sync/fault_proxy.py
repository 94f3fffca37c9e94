"""A fault proxy: a tiny HTTP server on 127.0.0.1 in front of a real sandbox that rewrites
the getContacts answer into what Boolky does not document, or cuts it short.

The sandbox always answers in its documented shape; a Boolky that loses the
``groups`` of its answer, sends ``groupIds`` as text or lists 300 of 1,000
contacts is what the tool must refuse, so the proxy makes those answers from
real ones. Every call is forwarded as it came (the sandbox's call log sees
every write); only a getContacts answer passes through ``FaultProxy.rewrite``,
which gets ``result.data`` and returns what the client is to see instead.
``rewrite`` may be set at any time: seed the account first, then break it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import orjson

Rewrite = Callable[[Any], Any]
"""``result.data`` of a getContacts answer in, what the client gets instead out."""

_DROPPED = object()
_HOP_BY_HOP = {"connection", "content-length", "content-encoding", "transfer-encoding"}


@dataclass
class FaultProxy:
    url: str
    rewrite: Rewrite | None = None
    rewritten: int = 0
    """getContacts answers rewritten so far: a test can tell its fault was met."""


@contextmanager
def fault_proxy(target: str, rewrite: Rewrite | None = None) -> Iterator[FaultProxy]:
    """A proxy to the Boolky at ``target`` for the ``with`` block; its ``url`` is the base URL."""
    upstream = httpx.Client(base_url=target, timeout=30.0)
    proxy = FaultProxy("", rewrite)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host"}}
            answer = upstream.request(self.command, self.path, content=body, headers=headers)
            content = answer.content
            if self.path.rstrip("/") == "/getContacts" and answer.status_code == 200:
                content = _rewritten(proxy, content)
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_PUT = do_POST = do_DELETE = _forward

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the sandbox's call log says what was asked."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fault-proxy", daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        upstream.close()


def _rewritten(proxy: FaultProxy, content: bytes) -> bytes:
    rewrite = proxy.rewrite
    if rewrite is None:
        return content
    answer = orjson.loads(content)
    answer["result"]["data"] = rewrite(answer["result"]["data"])
    proxy.rewritten += 1
    return orjson.dumps(answer)


# -- the rewrites ------------------------------------------------------------------------


def replaced(value: Any) -> Rewrite:
    """``data`` is ``value`` (``{}``, a list, null ...), whatever Boolky holds."""
    return lambda _data: value


def without(key: str) -> Rewrite:
    """``data`` lacks ``key`` ("groups", "contacts")."""
    return lambda data: {k: v for k, v in data.items() if k != key}


def listing(key: str, value: Any) -> Rewrite:
    """``data[key]`` is ``value``: ``contacts`` not a list, or ``[]``."""
    return lambda data: {**data, key: value}


def cut_at(count: int) -> Rewrite:
    """Only the first ``count`` contacts are listed (an answer cut short); groups intact."""
    return lambda data: {**data, "contacts": data["contacts"][:count]}


def each_contact(key: str, value: Any = _DROPPED) -> Rewrite:
    """Every contact's ``key`` is ``value``, or is left out when no value is given."""

    def rewrite(data: Any) -> Any:
        contacts = [
            {k: v for k, v in c.items() if k != key} | ({} if value is _DROPPED else {key: value})
            for c in data["contacts"]
        ]
        return {**data, "contacts": contacts}

    return rewrite


def last_contact(key: str, value: Any) -> Rewrite:
    """Only the last listed contact's ``key`` is ``value``: one bad record among good ones."""

    def rewrite(data: Any) -> Any:
        *good, last = data["contacts"]
        return {**data, "contacts": [*good, {**last, key: value}]}

    return rewrite
