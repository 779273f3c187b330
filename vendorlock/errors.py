"""vendorlock's exceptions, in one place.

Only user-facing errors live here; each carries a one-line message that the
CLI prints as it is (exit code 2), never a traceback.
"""

from __future__ import annotations


class VendorlockError(Exception):
    """Base of every error vendorlock reports to a user."""


class UsageError(VendorlockError):
    """The command line asks for something that cannot be done (a missing path)."""


class ConfigError(VendorlockError):
    """A configuration file is invalid; the message names the file and the key."""


class CatalogueError(VendorlockError):
    """A catalogue file is invalid; the message names the file and the key."""
