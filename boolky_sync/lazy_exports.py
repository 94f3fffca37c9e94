"""A package's exports, imported when first used, so importing one small module stays cheap.

Python runs a package's ``__init__`` before any module inside it: with eager
re-exports, reading ``NormalizeOptions`` from ``boolky_sync.normalize.options``
would load pandas, and ``boolky-sync --help`` would pay for every stage. A
package that keeps its public names (``from boolky_sync.sandbox import
run_sandbox``) without that cost writes the imports under ``if TYPE_CHECKING:``
for type checkers and, under ``else:``, sets ``__getattr__ = lazy_exports(...)``
(PEP 562); hidden from type checkers, it cannot make a misspelt name pass.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping


def lazy_exports(package: str, exports: Mapping[str, Iterable[str]]) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``; ``exports`` maps each module to its names."""
    home = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next lookup finds it directly
        return value

    return __getattr__
