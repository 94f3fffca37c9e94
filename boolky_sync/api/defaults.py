"""Where Boolky answers and where its key is read from, apart from the HTTP client.

The command line shows these in ``--help``; keeping them out of ``client``
lets it do so without loading httpx.
"""

from __future__ import annotations

DEFAULT_BASE_URL = "https://api.boolky.net"
API_KEY_ENV = "BOOLKY_API_KEY"
MAX_ANSWER_MIB = 512
"""The most one answer may be, in MiB (``[target] max_answer_mib``). The sandbox's
getContacts takes 190 bytes a contact with every field filled, 256 with 50-character
names and long e-mails (``benchmarks/hostile_input.py`` measures it): a million
contacts are 180 to 245 MiB, so 512 holds them twice over."""
