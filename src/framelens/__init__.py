"""framelens: how is a policy framed, by whom, with what evidence?

Importing the package does nothing but define names; heavy libraries (spaCy,
scikit-learn, pandas) are imported inside the functions that need them.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
