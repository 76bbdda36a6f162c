"""Sphinx configuration for the split pyzmq documentation.

Autodoc imports the *installed* distributions (``make docs`` installs the wheels into .venv first),
so the reference shows exactly what a user gets from PyPI.
"""

from __future__ import annotations

import os
import sys
import types
import typing

import tomllib

# At run time zmq.sugar._generic hands out stand-ins for typing's Generic and TypeVar (import zmq
# does not import typing); the reference shows the types as a type checker sees them, so the docs
# build gives it typing's own names before zmq is imported.
sys.modules["zmq.sugar._generic"] = types.SimpleNamespace(  # type: ignore[assignment]
    Generic=typing.Generic, TypeVar=typing.TypeVar, overload=typing.overload
)

import zmq  # noqa: E402
import zmq.sugar.context  # noqa: E402
import zmq.sugar.socket  # noqa: E402

project = "pyzmq (split)"
author = "the pyzmq split contributors"
copyright = "the pyzmq split contributors"
release = zmq.__version__
version = ".".join(release.split(".")[:2])

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "_ext"))

extensions = [
    "public_names",  # the API under the names users import (docs/_ext/public_names.py)
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    # sphinx.ext.napoleon: loaded by public_names, which keeps it off attribute docstrings
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# howto/_*.md are fragments included by other pages
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "howto/_*.md"]
root_doc = "index"

# MyST: ``{directive}`` fences, ``:::`` admonitions, and anchors for headings so how-tos can link
# to sections of each other.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Docstrings are NumPy style (Parameters / Returns / Raises).
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
# "Attributes" sections become fields: the attributes are also documented as members, and two
# descriptions of one attribute would clash
napoleon_use_ivar = True

# Overload signatures show their annotations: name the option kinds as zmq.integration exports
# them (the private names exist only for type checkers).
autodoc_type_aliases = {
    "_IntSocketOption": "zmq.integration.IntSocketOption",
    "_BytesSocketOption": "zmq.integration.BytesSocketOption",
}

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"show-inheritance": True}
autosummary_generate = False

# Every reference must resolve: a dead link fails `make docs` (-W).
nitpicky = True

# No network at build time: Python's links come from a committed subset of its objects.inv
# (docs/_intersphinx/, regenerated as its README says when a new standard-library name is linked).
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", os.path.join("_intersphinx", "python.inv")),
}

# What intersphinx cannot reach offline: the third-party libraries the plugins integrate (their
# inventories would need the network or a copy of each project's docs), and napoleon's "optional"
# marker in parameter types, which names no object.
nitpick_ignore_regex = [
    ("py:.*", r"(tornado|gevent|paramiko|pexpect|pyczmq)(\..*)?"),
    ("py:class", r"optional"),
]

html_theme = "alabaster"
html_static_path = ["_static"]
html_title = f"pyzmq {release} (split)"
# The project's links (repository, issue tracker ...) come from where the metapackage declares them,
# [project.urls] in pyproject.toml, so the site and PyPI always agree.
with open(os.path.join(os.path.dirname(__file__), "..", "pyproject.toml"), "rb") as _f:
    _project_urls: dict[str, str] = tomllib.load(_f)["project"].get("urls", {})

html_theme_options = {
    "description": "Python bindings for ZeroMQ, in eight distributions",
    "fixed_sidebar": True,
    "extra_nav_links": _project_urls,
}

# ``zmq.sugar.socket`` annotates its overloads with ``Context``, imported there only under
# ``TYPE_CHECKING``: unevaluated, the bare name matches every documented ``Context`` class. Bind the
# name in that module, as the type checker sees it, so autodoc resolves it to the class it means.
zmq.sugar.socket.Context = zmq.sugar.context.Context  # type: ignore[attr-defined]

# The same for the names that the typing of future sockets and monitor messages imports only under
# ``TYPE_CHECKING`` (asyncio's Future, the socket classes of zmq.utils.monitor's overloads).
import asyncio  # noqa: E402

import zmq._future  # noqa: E402
import zmq.utils.monitor  # noqa: E402

# Core modules import typing's names (Any, Callable ...) only for type checkers, to keep import zmq
# quick; bind them where missing, so autodoc can evaluate the annotations as a checker does.
for _name, _module in list(sys.modules.items()):
    if _name == "zmq" or _name.startswith("zmq."):
        for _typing_name in typing.__all__:
            vars(_module).setdefault(_typing_name, getattr(typing, _typing_name))

zmq._future.Future = asyncio.Future  # type: ignore[attr-defined]
zmq._future.Frame = zmq.Frame  # type: ignore[attr-defined]
zmq._future.MessageTracker = zmq.MessageTracker  # type: ignore[attr-defined]
zmq.utils.monitor.Future = asyncio.Future  # type: ignore[attr-defined]
zmq.utils.monitor.Socket = zmq.sugar.socket.Socket  # type: ignore[attr-defined]
zmq.utils.monitor.FutureSocket = zmq._future.FutureSocket  # type: ignore[attr-defined]
