"""Versions and metadata of the eight distributions, read from the built artefacts in dist/."""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .distenv import DIST, DISTRIBUTIONS, PLUGINS, REPO, norm, pythons

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SOURCE_DIRS = {
    "pyzmq": REPO,
    **{f"pyzmq-{p}": REPO / "packages" / f"pyzmq-{p}" for p in [*PLUGINS, "core"]},
}


def artefacts(name: str) -> tuple[Path, list[Path]]:
    stem = name.replace("-", "_")
    sdists = list(DIST.glob(f"{stem}-*.tar.gz"))
    wheels = list(DIST.glob(f"{stem}-*.whl"))
    assert len(sdists) == 1 and wheels, (name, sdists, wheels)
    return sdists[0], wheels


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as zf:
        (path,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(zf.read(path).decode())


def sdist_metadata(sdist: Path) -> Message:
    with tarfile.open(sdist) as tf:
        member = tf.getmember(sdist.name[: -len(".tar.gz")] + "/PKG-INFO")
        f = tf.extractfile(member)
        assert f is not None
        return Parser().parsestr(f.read().decode())


def source_version(name: str) -> str:
    """Where each distribution's version is written: core's _version.py, else its pyproject.toml."""
    if name == "pyzmq-core":
        text = (SOURCE_DIRS[name] / "src" / "zmq" / "_version.py").read_text()
        match = re.search(r'^__version__ = "([^"]+)"$', text, re.M)
        assert match
        return match.group(1)
    return tomllib.loads((SOURCE_DIRS[name] / "pyproject.toml").read_text())["project"]["version"]


def all_metadata() -> dict[str, Message]:
    return {name: wheel_metadata(artefacts(name)[1][0]) for name in DISTRIBUTIONS}


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_one_version_per_distribution_everywhere(name: str) -> None:
    version = source_version(name)
    sdist, wheels = artefacts(name)
    assert sdist.name == f"{name.replace('-', '_')}-{version}.tar.gz"
    for meta in [sdist_metadata(sdist), *map(wheel_metadata, wheels)]:
        assert norm(meta["Name"]) == name and meta["Version"] == version
        assert meta["Requires-Python"] == ">=3.9"
        assert meta["License-Expression"] == "BSD-3-Clause" and meta["Summary"]
    # the version is written once: the core's pyproject takes it from _version.py
    if name == "pyzmq-core":
        core_pyproject = tomllib.loads((SOURCE_DIRS[name] / "pyproject.toml").read_text())
        assert core_pyproject["project"]["dynamic"] == ["version"]


def test_requirements_match_the_versions_built() -> None:
    """Every requirement on one of ours accepts the version in dist/; the metapackage pins core."""
    versions = {name: Version(source_version(name)) for name in DISTRIBUTIONS}
    for name, meta in all_metadata().items():
        for spec in meta.get_all("Requires-Dist") or []:
            req = Requirement(spec)
            if norm(req.name) in versions:
                assert versions[norm(req.name)] in req.specifier, f"{name}: {spec}"
    pins = [Requirement(r) for r in all_metadata()["pyzmq"].get_all("Requires-Dist") or []]
    (core,) = [r for r in pins if r.name == "pyzmq-core"]
    assert str(core.specifier) == f"=={versions['pyzmq-core']}"


def test_pyzmq_version_line_satisfies_old_pins() -> None:
    """Real projects pin `pyzmq>=25` and read zmq.pyzmq_version_info(): both names stay on 28.x."""
    assert source_version("pyzmq") == source_version("pyzmq-core")
    for name in ("pyzmq", "pyzmq-core"):
        version = Version(source_version(name))
        assert version in SpecifierSet(">=25") and version.major == 28


def test_core_wheels_for_every_python_requires_python_admits() -> None:
    """requires-python tells the truth: a core wheel was built (and tests/dist smoke-tests it) for
    each CPython found on this machine from the lowest version it admits up."""
    tags = set(pythons())
    wheels = {w.name.split("-")[2] for w in DIST.glob("pyzmq_core-*.whl")}
    assert tags <= wheels, (tags, wheels)
    if len(tags) > 1:  # a machine with several Pythons (pyenv) must cover the lowest admitted
        assert "cp39" in tags, tags


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_wheels_ship_only_their_subtree(name: str) -> None:
    for wheel in artefacts(name)[1]:
        files = [n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n]
        assert ("zmq/__init__.py" in files) == (name == "pyzmq-core"), wheel.name
        if name == "pyzmq":
            assert not files, f"the metapackage carries files: {files}"
        else:
            # core: also zmq.py, the fallback imported only when zmq/__init__.py is missing
            allowed = ("zmq/", "pyzmq_core.libs/", "zmq.py") if name == "pyzmq-core" else ("zmq/",)
            assert files and all(f.startswith(allowed) for f in files), files


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_every_artefact_carries_the_licence(name: str) -> None:
    """The project's own BSD-3-Clause LICENSE, declared in the metadata, in each sdist and wheel
    (the core wheel also carries the vendored libraries' licences: test_core_wheel)."""
    licence = (REPO / "LICENSE").read_bytes()
    assert b"BSD 3-Clause" in licence and b"the contributors to split pyzmq" in licence
    assert (SOURCE_DIRS[name] / "LICENSE").read_bytes() == licence, "a stale copy of LICENSE"
    sdist, wheels = artefacts(name)
    with tarfile.open(sdist) as tf:
        f = tf.extractfile(f"{sdist.name[: -len('.tar.gz')]}/LICENSE")
        assert f is not None and f.read() == licence, sdist.name
    assert "LICENSE" in (sdist_metadata(sdist).get_all("License-File") or []), sdist.name
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            (path,) = [n for n in zf.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
            assert zf.read(path) == licence, wheel.name
        assert "LICENSE" in (wheel_metadata(wheel).get_all("License-File") or []), wheel.name
