"""The ``boolky-sync`` command line: a thin layer over the library."""
