"""Content to model: reading files, typing values, linking items, diagnostics. Imports nothing above core."""
