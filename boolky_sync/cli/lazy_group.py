"""A command group that imports each subcommand's module only when the command is used.

This is click's "Lazily Loading Subcommands": the group knows every command by
name and where it lives (``"boolky_sync.cli.run_cmd:run"``), so ``boolky-sync
run --help`` imports the ``run`` command alone. click's example overrides
``list_commands`` and ``get_command``; here the laziness sits in the mapping
those two read, so ``group.commands`` still lists every command as it does for
an eager group. ``boolky-sync --help`` lists the short help of every command
and so imports all the command modules: each keeps its heavy imports (pandas,
the sandbox server, rich) inside the functions that need them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import click


class LazyCommands(MutableMapping[str, click.Command]):
    """Commands by name; one given as ``"module:attribute"`` is imported when first read."""

    def __init__(self, lazy: Mapping[str, str]) -> None:
        self._commands: dict[str, click.Command | str] = dict(lazy)

    def __getitem__(self, name: str) -> click.Command:
        command = self._commands[name]
        if isinstance(command, str):
            module, _, attribute = command.partition(":")
            loaded = getattr(importlib.import_module(module), attribute)
            if not isinstance(loaded, click.Command):
                raise TypeError(f"{command} is not a click command")
            self._commands[name] = command = loaded
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


class LazyGroup(click.Group):
    """A group whose ``lazy_subcommands`` (name → ``"module:attribute"``) load on use."""

    def __init__(
        self, name: str | None = None, *, lazy_subcommands: Mapping[str, str], **kwargs: Any
    ) -> None:
        super().__init__(name, LazyCommands(lazy_subcommands), **kwargs)
