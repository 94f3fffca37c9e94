"""``python -m boolky_sync`` runs the same CLI as the ``boolky-sync`` script."""

from boolky_sync.cli.main import main

main()
