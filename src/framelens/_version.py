"""The framelens version: one place, imported by the package root and by whatever records a run."""

__version__ = "0.1.0"
