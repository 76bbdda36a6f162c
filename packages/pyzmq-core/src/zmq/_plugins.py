"""The distributions that make up ``zmq``, and what to say when the installation is not whole.

``zmq`` is split across distributions: core ships ``zmq`` itself, each plugin ships one subpackage.
The finder below sits last on ``sys.meta_path``, so it is only asked after every real finder failed
to find a plugin: it never shadows an installed one.

This module also spots the two broken states an upgrade from the one-piece pyzmq (< 28) can leave
with pip (ARCHITECTURE.md, "Upgrading from the one-piece pyzmq"), and names the command that repairs
them. It imports nothing from ``zmq``: the top-level ``zmq.py`` fallback loads it by path when
``zmq/__init__.py`` itself was deleted.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from typing import Any

# subpackage -> distribution that provides it
PLUGINS = {
    "zmq.asyncio": "pyzmq-asyncio",
    "zmq.eventloop": "pyzmq-tornado",
    "zmq.green": "pyzmq-green",
    "zmq.auth": "pyzmq-auth",
    "zmq.ssh": "pyzmq-ssh",
    "zmq.log": "pyzmq-log",
}
CORE = "pyzmq-core"
METAPACKAGE = "pyzmq"  # no files; depends on the core and every plugin
DISTRIBUTIONS = (METAPACKAGE, CORE, *PLUGINS.values())
# Every `pyzmq` release before this one is the one-piece pyzmq, whose files overlap ours.
FIRST_SPLIT_MAJOR = 28


class MissingPluginFinder:
    """Turns 'No module named zmq.asyncio' into a message that names the distribution.

    A meta path finder needs only find_spec; not subclassing importlib.abc.MetaPathFinder keeps
    importlib.abc (and importlib.resources behind it) out of ``import zmq``.
    """

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        dist = PLUGINS.get(fullname)
        if dist is not None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: install {dist} (or pyzmq, which includes it)",
                name=fullname,
            )
        return None


def extend_path(path: list[str], name: str) -> list[str]:
    """Add every ``name`` directory on sys.path to a package's ``__path__``.

    What ``pkgutil.extend_path`` does for directory entries, without importing pkgutil, which cost a
    third of ``import zmq``. Plugins installed in another sys.path entry (user site, ``--target``,
    editable installs) so join the ``zmq`` package.
    """
    for entry in sys.path:
        if not isinstance(entry, str) or not entry:
            continue
        candidate = os.path.join(entry, name)
        if candidate not in path and os.path.isdir(candidate):
            path.append(candidate)
    return path


def install() -> None:
    """Append the finder once (importing zmq twice, e.g. after a reload, adds nothing)."""
    if not any(isinstance(f, MissingPluginFinder) for f in sys.meta_path):
        sys.meta_path.append(MissingPluginFinder())


def installed_in(site: str) -> dict[str, str]:
    """Our distributions (and a one-piece pyzmq) installed in the directory site: name -> version.

    Read from the names of the ``.dist-info`` / ``.egg-info`` directories: one ``listdir``, no
    metadata parsing, so ``import zmq`` can afford it.
    """
    found: dict[str, str] = {}
    try:
        entries = os.listdir(site)
    except OSError:
        return found
    for entry in entries:
        stem, dot, kind = entry.rpartition(".")
        if not dot or kind not in ("dist-info", "egg-info"):
            continue
        name, _, version = stem.partition("-")
        name = name.lower().replace("_", "-").replace(".", "-")
        if name in DISTRIBUTIONS:
            found[name] = version.split("-")[0]  # egg-info: name-version-pyX.Y
    return found


def _is_one_piece(version: str) -> bool:
    major = version.split(".")[0]
    return major.isdigit() and int(major) < FIRST_SPLIT_MAJOR


def repair_command(site: str) -> str:
    """The command line that makes the installation in site whole again."""
    import shlex

    pip = f"{shlex.quote(sys.executable)} -m pip"
    installed = installed_in(site)
    reinstall = sorted(
        f"{name}=={version}" for name, version in installed.items() if name != METAPACKAGE
    ) or [CORE]
    command = f"{pip} install --force-reinstall --no-deps {' '.join(reinstall)}"
    if _is_one_piece(installed.get(METAPACKAGE, "")):
        # its uninstall deletes the files ours share with it: first, then reinstall ours
        command = f"{pip} uninstall -y {METAPACKAGE} && {command}"
    return command


def check_not_over_one_piece(init_file: str) -> None:
    """Refuse to import when pyzmq-core shares its directory with a one-piece pyzmq (< 28).

    pip installs a distribution of a new name without removing the old one, so
    ``pip install pyzmq-core`` (or a plugin) into an environment holding the one-piece pyzmq writes
    our files over its files: the old plugins stay behind, and uninstalling the old pyzmq later
    would delete the core. Better a clear error now than that.
    """
    site = os.path.dirname(os.path.dirname(os.path.abspath(init_file)))
    old = installed_in(site).get(METAPACKAGE, "")
    if _is_one_piece(old):
        raise ImportError(
            f"pyzmq-core was installed over the one-piece pyzmq {old}, which pip does not remove"
            " (and removing it later would delete pyzmq-core's files). Repair with:\n"
            f"    {repair_command(site)}\n"
            "then `pip install pyzmq` brings every plugin the one-piece pyzmq had.",
            name="zmq",
        )


def incomplete_message(site: str) -> str:
    """What the top-level zmq.py fallback says when zmq/__init__.py is missing."""
    return (
        f"zmq is incomplete: zmq/__init__.py is missing from {site}. Upgrading the one-piece pyzmq"
        " (< 28) with pip deletes the files the new distributions had just installed (pip removes"
        " the old pyzmq after installing what the new one depends on). Repair with:\n"
        f"    {repair_command(site)}"
    )
