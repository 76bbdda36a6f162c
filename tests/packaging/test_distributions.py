"""One list of our distributions: the folders of packages/ (tests/support/venvs.py reads them, and so do
the Makefile and scripts/build-dist.sh). What must work without the source tree agrees with it: the
installed zmq/_plugins.py (missing-plugin messages, repair commands) and the metapackage's
dependencies."""

from __future__ import annotations

import sys

import venvs
from packaging.requirements import Requirement

from zmq import _plugins

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_zmq_knows_every_plugin_and_distribution() -> None:
    assert _plugins.PLUGINS == venvs.PLUGIN_MODULES
    assert sorted(_plugins.DISTRIBUTIONS) == sorted(venvs.DISTRIBUTIONS)


def test_metapackage_depends_on_every_distribution() -> None:
    project = tomllib.loads((venvs.REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == "pyzmq"
    names = {Requirement(r).name for r in project["dependencies"]}
    assert names == set(venvs.DISTRIBUTIONS) - {"pyzmq"}
