"""The release configuration the CI builds with: cibuildwheel's own reading of [tool.cibuildwheel].

cibuildwheel cannot build here (no docker); --print-build-identifiers is its answer to "what would
you build", from the same configuration a release run reads.
"""

from __future__ import annotations

import itertools
import shutil
import sys
from pathlib import Path

import pytest

from .distenv import REPO, run

CORE = REPO / "packages" / "pyzmq-core"
PYTHONS = ["cp39", "cp310", "cp311", "cp312", "cp313", "cp314"]
PLATFORMS = ["manylinux_x86_64", "manylinux_aarch64", "musllinux_x86_64", "musllinux_aarch64"]


def identifiers(*args: str) -> list[str]:
    cibuildwheel = shutil.which("cibuildwheel", path=str(Path(sys.executable).parent))
    if cibuildwheel is None:
        pytest.fail("cibuildwheel is not installed (requirements/dist.txt)")
    out = run([cibuildwheel, "--print-build-identifiers", "--platform", "linux", *args], cwd=CORE)
    return out.stdout.split()


def test_cibuildwheel_builds_cpython_39_to_314_on_four_linux_platforms() -> None:
    expected = {f"{py}-{plat}" for py, plat in itertools.product(PYTHONS, PLATFORMS)}
    assert set(identifiers()) == expected


def test_cibuildwheel_configuration() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    config = tomllib.loads((CORE / "pyproject.toml").read_text())["tool"]["cibuildwheel"]
    linux = config["linux"]
    for arch in ("x86_64", "aarch64"):
        assert linux[f"manylinux-{arch}-image"] == "manylinux_2_28"
        assert linux[f"musllinux-{arch}-image"] == "musllinux_1_2"
    # the repair is cibuildwheel's default (auditwheel repair): nothing of ours to go wrong
    assert "repair-wheel-command" not in config and "repair-wheel-command" not in linux
    # the libzmq it bundles is ours to build, and the core build is pointed at it
    script = linux["before-all"].split()[1].replace("{project}", str(REPO))
    assert Path(script).is_file(), script
    assert linux["environment"]["ZMQ_PREFIX"] == linux["before-all"].split()[2]
    # the test imports zmq and exchanges a message, CURVE included, with the smoke test of tests/dist
    test = config["test-command"].replace("{project}", str(REPO)).split()
    assert Path(test[1]) == REPO / "tests" / "dist" / "smoke.py" and "--curve" in test
