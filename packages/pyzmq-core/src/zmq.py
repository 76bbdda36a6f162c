"""A tripwire, never imported while ``zmq/__init__.py`` exists.

Python prefers the package ``zmq/`` over this module when both sit in one directory; this file is
only imported when ``zmq/__init__.py`` is gone, which is what ``pip install -U pyzmq`` over the
one-piece pyzmq (< 28) leaves: pip installs pyzmq-core and the plugins, then uninstalls the old
pyzmq, deleting every file of ours that the old one also listed. Without this file ``import zmq``
would silently give an empty namespace package. No one-piece pyzmq ever shipped ``zmq.py`` or
``zmq/_plugins.py``, so both survive that uninstall. See ARCHITECTURE.md.
"""


def _raise_incomplete() -> None:
    import importlib.util
    import os

    site = os.path.dirname(os.path.abspath(__file__))
    message = (
        f"zmq is incomplete: zmq/__init__.py is missing from {site}. Repair with:\n"
        "    python -m pip install --force-reinstall pyzmq"
    )
    spec = importlib.util.spec_from_file_location(
        "_zmq_install_check", os.path.join(site, "zmq", "_plugins.py")
    )
    if spec is not None and spec.loader is not None and os.path.isfile(spec.origin or ""):
        check = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(check)
        message = check.incomplete_message(site)
    raise ImportError(message, name="zmq")


_raise_incomplete()
