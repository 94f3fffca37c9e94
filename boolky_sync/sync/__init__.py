"""Sync: compare desired contacts with Boolky, write the difference, check it converged.

``plan`` decides (no I/O), ``apply`` is the only code that writes to Boolky,
``verify`` measures what is left; ``run`` strings them together for callers.
"""
