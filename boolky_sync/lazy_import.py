"""Names a package offers but imports on first use (PEP 562), so importing it stays cheap.

Python runs a package's ``__init__`` before any module inside it, and
``import boolky_sync`` is the first thing the console script does: with eager
re-exports, reading ``NormalizeOptions`` from ``boolky_sync.normalize.options``
would load pandas, and ``boolky-sync --help`` would pay for every stage. A
package that keeps its public names (``from boolky_sync.sandbox import
run_sandbox``) without that cost writes the imports under ``if TYPE_CHECKING:``
for type checkers and, under ``else:``, sets ``__getattr__, __dir__ =
lazy_names(...)``; hidden from type checkers, it cannot make a misspelt name pass.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(
    package: str, exports: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``; ``exports`` maps each
    module to the names imported from it."""
    home = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next lookup finds it directly
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *home})

    return __getattr__, __dir__
