"""Utilities shipped with the core: json helpers, monitor parsing, z85, interop."""
