"""Where Boolky answers and where its key is read from, apart from the HTTP client.

The command line shows these in ``--help``; keeping them out of ``client``
lets it do so without loading httpx.
"""

from __future__ import annotations

DEFAULT_BASE_URL = "https://api.boolky.net"
API_KEY_ENV = "BOOLKY_API_KEY"
