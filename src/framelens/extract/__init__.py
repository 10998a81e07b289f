"""Extraction: annotated spaCy Docs to typed records. Pure functions, no I/O."""
