"""goldenthread: a marketing strategy and its plans as one validated, cross-linked wiki.

The public API. Everything below the adapters (``core``, ``domain``, the pipeline, ``views`` and
``review``) runs without MkDocs; :mod:`goldenthread.plugin` is a thin adapter over it. See
ARCHITECTURE.md for the layers.
"""

from .analysis import Analysis, analyse
from .core.config import Settings, parse_settings
from .core.diagnostics import RULES, Diagnostic, Severity
from .core.version import __version__

__all__ = ["RULES", "Analysis", "Diagnostic", "Settings", "Severity", "__version__", "analyse", "parse_settings"]
