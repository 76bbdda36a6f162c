"""Upgrading from the real one-piece pyzmq wheels (downloaded once from the package index into
build/one-piece-wheels/), and going back.

pip installs what the new `pyzmq` depends on (the core, the plugins) before it uninstalls the old
`pyzmq`, whose RECORD lists the same zmq/ paths: that uninstall deletes our files, and no wheel can
run code to stop it (ARCHITECTURE.md, "Upgrading from the one-piece pyzmq"). What every path must
give instead of a silently half-installed zmq: either a working zmq, or an ImportError naming the one
command line that repairs it; after that command, every installed plugin imports, `pip check` is
clean, messages flow, and uninstalling leaves nothing behind.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .distenv import (
    DIST,
    DISTRIBUTIONS,
    REPO,
    SMOKE,
    THIRD_PARTY,
    Env,
    import_all,
    norm,
    run,
)

ONE_PIECE = ["27.3.0", "25.1.2"]
CACHE = REPO / "build" / "one-piece-wheels"
TAG = "cp%d%d" % sys.version_info[:2]
# the metapackage first and the core last: uninstalled in that order pip leaves no empty zmq/
UNINSTALL_ORDER = ["pyzmq", *sorted(set(DISTRIBUTIONS) - {"pyzmq", "pyzmq-core"}), "pyzmq-core"]


@pytest.fixture(scope="session")
def one_piece() -> dict[str, Path]:
    """version -> the real one-piece pyzmq wheel for this Python, fetched once per machine."""
    wheels = {}
    for version in ONE_PIECE:
        found = sorted(CACHE.glob(f"pyzmq-{version}-{TAG}-*.whl"))
        if not found:
            # the runner's pip, its configured index; never our dist/ (which has pyzmq 28)
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--only-binary",
                    ":all:",
                    "--dest",
                    str(CACHE),
                    f"pyzmq=={version}",
                ],
                timeout=300,
            )
            found = sorted(CACHE.glob(f"pyzmq-{version}-{TAG}-*.whl"))
        assert len(found) == 1, f"no single pyzmq {version} wheel for {TAG} in {CACHE}: {found}"
        wheels[version] = found[0]
    return wheels


def import_zmq(env: Env) -> subprocess.CompletedProcess[str]:
    code = "import zmq; print(zmq.__file__, zmq.__version__)"
    return subprocess.run(
        [env.python, "-c", code], capture_output=True, text=True, timeout=120, cwd="/"
    )


def ours(env: Env) -> list[str]:
    return [name for name in env.installed() if name in DISTRIBUTIONS]


def repair(env: Env, message: str) -> str:
    """Run the command line the ImportError names (through the runner's pip, from dist/)."""
    (line,) = [ln.strip() for ln in message.splitlines() if " -m pip " in ln]
    for command in line.split(" && "):
        argv = shlex.split(command)
        assert argv[:3] == [env.python, "-m", "pip"], line  # this venv's pip, not some other
        extra = ["--no-index", "--find-links", str(DIST)] if argv[3] == "install" else []
        env.pip(*argv[3:], *extra)
    return line


def assert_whole(env: Env) -> None:
    """Every installed distribution of ours imports whole; pip check; a message over tcp."""
    installed = ours(env)
    results = import_all(env, *sorted(set(installed) - {"pyzmq"}))
    assert "zmq.sugar.socket" in results, results
    missing = {m: name for m, name in results.items() if name}
    assert set(missing.values()) <= THIRD_PARTY - set(env.installed()), missing
    env.check()
    out = json.loads(env.python_run(str(SMOKE)))
    assert out["tcp"] and out["zmq_file"] == str(env.site / "zmq" / "__init__.py"), out


def assert_uninstalls_clean(env: Env) -> None:
    installed = set(ours(env))
    env.pip("uninstall", "-y", *[name for name in UNINSTALL_ORDER if name in installed])
    # a venv without pip may lose site-packages itself once its last files go
    left = sorted(p.name for p in env.site.glob("*") if p.name.startswith(("zmq", "pyzmq")))
    assert not left, left


def test_tripwire_paths_were_never_in_a_one_piece_record(one_piece: dict[str, Path]) -> None:
    """The mechanism rests on this: the old uninstall deletes every zmq/ path it listed, and spares
    zmq.py (the fallback imported when zmq/__init__.py is gone) and zmq/_plugins.py (its message)."""
    for wheel in one_piece.values():
        with zipfile.ZipFile(wheel) as zf:
            record = next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))
            paths = {line.split(",")[0] for line in zf.read(record).decode().splitlines()}
        assert "zmq/__init__.py" in paths and "zmq/asyncio.py" in paths, wheel.name
        assert not paths & {"zmq.py", "zmq/_plugins.py"}, wheel.name


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("old", "requirement"),
    [("27.3.0", "pyzmq"), ("25.1.2", "pyzmq"), ("27.3.0", "pyzmq[all]")],
)
def test_upgrade_one_piece(
    old: str, requirement: str, one_piece: dict[str, Path], tmp_path: Path
) -> None:
    env = Env(tmp_path / "venv")
    env.pip("install", "-q", "--no-index", str(one_piece[old]))
    assert env.installed()["pyzmq"] == old
    # the third-party libraries of [all] come from the index; ours only from dist/
    index = [] if "[" in requirement else ["--no-index"]
    env.pip("install", "-q", "-U", *index, "--find-links", str(DIST), requirement)
    assert env.installed()["pyzmq"] == env.installed()["pyzmq-core"] == "28.0.0"

    proc = import_zmq(env)
    if proc.returncode != 0:
        # never the silent empty namespace package: a loud ImportError with the repair
        assert "ImportError: zmq is incomplete" in proc.stderr, proc.stderr
        line = repair(env, proc.stderr)
        assert "--force-reinstall --no-deps" in line and "pyzmq-core==28.0.0" in line, line
    assert_whole(env)
    if requirement == "pyzmq[all]":
        assert set(env.installed()) >= THIRD_PARTY
    assert set(ours(env)) == set(DISTRIBUTIONS)
    assert_uninstalls_clean(env)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("old", ONE_PIECE)
def test_core_installed_over_one_piece(
    old: str, one_piece: dict[str, Path], tmp_path: Path
) -> None:
    """`pip install pyzmq-core` leaves the one-piece pyzmq installed under it (a new name replaces
    nothing): import refuses, naming the fix, instead of running over a landmine."""
    env = Env(tmp_path / "venv")
    env.pip("install", "-q", "--no-index", str(one_piece[old]))
    env.pip("install", "-q", "--no-index", "--find-links", str(DIST), "pyzmq-core")
    assert {n: v for n, v in env.installed().items() if n in DISTRIBUTIONS} == {
        "pyzmq": old,
        "pyzmq-core": "28.0.0",
    }
    proc = import_zmq(env)
    assert proc.returncode != 0 and f"over the one-piece pyzmq {old}" in proc.stderr, proc.stderr
    line = repair(env, proc.stderr)
    assert line.count(" && ") == 1 and "uninstall -y pyzmq" in line, line
    assert ours(env) == ["pyzmq-core"]
    assert_whole(env)
    assert_uninstalls_clean(env)


@pytest.mark.timeout(600)
def test_downgrade_back_to_one_piece(one_piece: dict[str, Path], tmp_path: Path) -> None:
    """`pip install pyzmq==27.3.0` over the split distributions gives a working one-piece 27.3."""
    env = Env(tmp_path / "venv")
    env.pip("install", "-q", "--no-index", "--find-links", str(DIST), "pyzmq")
    env.pip("install", "-q", "--no-index", str(one_piece["27.3.0"]))
    assert env.installed()["pyzmq"] == "27.3.0"
    proc = import_zmq(env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[1] == "27.3.0"
    out = json.loads(env.python_run(str(SMOKE)))
    assert out["tcp"] and out["pyzmq_version"] == "27.3.0", out
    env.python_run("-c", "import zmq.asyncio, zmq.auth, zmq.log")
    env.check()
    assert_uninstalls_clean(env)
    assert not any(norm(n).startswith("pyzmq") for n in env.installed())
