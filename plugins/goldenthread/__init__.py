"""goldenthread: a marketing strategy and its plans as one validated, cross-linked wiki.

The core (``load``, ``model``, ``validate``, ``graph``, views) never imports MkDocs; the
MkDocs plugin in :mod:`goldenthread.plugin` is a thin adapter over it.
"""

__version__ = "0.1.0"
