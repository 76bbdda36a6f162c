"""The version of pyzmq-core, kept in one place (the build reads it from here)."""

__version__ = "28.0.0"
