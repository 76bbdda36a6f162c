# _build_config.py is written by CMake at build time (from _build_config.py.in); this gives its types.
LIBZMQ_VERSION: str
LIBZMQ_INCLUDE_DIRS: list[str]
LIBZMQ_LIBRARY_DIRS: list[str]
DRAFT_API: bool
