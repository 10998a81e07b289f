"""framelens: how is a policy framed, by whom, with what evidence?

Importing the package does nothing but define names; heavy libraries (spaCy,
scikit-learn, pandas) are imported inside the functions that need them.
"""

from __future__ import annotations

import logging

from ._version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())



def load(store="reports/framelens.db", tables=None):
    """Every table of a framelens store as pandas DataFrames (see ``framelens.tables.load``)."""
    from .tables import TABLES
    from .tables import load as _load

    return _load(store, tuple(tables) if tables else TABLES)


__all__ = ["__version__", "load"]
