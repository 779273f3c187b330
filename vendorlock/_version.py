"""The installed version, kept apart so every layer can read it without cycles."""

__version__ = "0.1.0"
