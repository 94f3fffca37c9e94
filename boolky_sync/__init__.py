"""boolky-sync: keep a Boolky contact list in step with the files contacts live in."""

__version__ = "0.1.0"
