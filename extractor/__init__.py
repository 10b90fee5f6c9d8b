"""renstra: turn Indonesian regional planning documents (Renstra) into clean, checked data."""

__version__ = "0.1.0"
