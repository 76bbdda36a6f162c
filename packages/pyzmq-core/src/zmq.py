"""A tripwire, never imported while ``zmq/__init__.py`` exists.

Python prefers the package ``zmq/`` over this module when both sit in one directory; this file is
only imported when ``zmq/__init__.py`` is gone, which is what ``pip install -U pyzmq`` over the
one-piece pyzmq (< 28) leaves: pip installs pyzmq-core and the plugins, then uninstalls the old
pyzmq, deleting every file of ours that the old one also listed. Without this file ``import zmq``
would silently give an empty namespace package. No one-piece pyzmq ever shipped ``zmq.py`` or
``zmq/_plugins.py``, so both survive that uninstall. See ARCHITECTURE.md.
"""

import importlib.util
import os

_site = os.path.dirname(os.path.abspath(__file__))
_message = (
    f"zmq is incomplete: zmq/__init__.py is missing from {_site}. Repair with:\n"
    "    python -m pip install --force-reinstall pyzmq"
)
_spec = importlib.util.spec_from_file_location(
    "_zmq_install_check", os.path.join(_site, "zmq", "_plugins.py")
)
if _spec is not None and _spec.loader is not None and os.path.isfile(_spec.origin or ""):
    _check = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_check)
    _message = _check.incomplete_message(_site)
raise ImportError(_message, name="zmq")
