"""The core's CMake build: incremental rebuilds, and a clear failure without libzmq."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "packages" / "pyzmq-core"


def build_core(
    out: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-build-isolation",
        "--no-deps",
        "-w",
        str(out),
        *extra,
        str(CORE),
    ]
    (REPO / "build").mkdir(exist_ok=True)
    with open(REPO / "build" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)


def test_rebuild_without_change_recompiles_nothing(tmp_path: Path) -> None:
    first = build_core(tmp_path)
    assert first.returncode == 0, first.stderr
    built = [*CORE.glob("build/*/_zmq*.so"), *CORE.glob("build/*/_cffi*.so")]
    assert built, "no persistent build directory"
    before = {p: p.stat().st_mtime_ns for p in built}
    second = build_core(tmp_path)
    assert second.returncode == 0, second.stderr
    assert {p: p.stat().st_mtime_ns for p in built} == before


def test_configure_without_libzmq_names_the_package(tmp_path: Path) -> None:
    env = dict(os.environ, PKG_CONFIG_LIBDIR=str(tmp_path / "empty"), PKG_CONFIG_PATH="")
    env.pop("ZMQ_PREFIX", None)
    proc = build_core(tmp_path / "out", "-v", "-C", f"build-dir={tmp_path / 'build'}", env=env)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "libzmq was not found" in output
    assert "apt-get install libzmq3-dev" in output


def _configure(build_dir: Path, *defines: str, env: dict[str, str]) -> str:
    """Run only CMake's configure step of the core; returns its output."""
    cmake = Path(sys.executable).with_name("cmake")
    proc = subprocess.run(
        [
            str(cmake if cmake.exists() else "cmake"),
            "-S",
            str(CORE),
            "-B",
            str(build_dir),
            "-DSKBUILD_PROJECT_NAME=pyzmq_core",
            f"-DPython_EXECUTABLE={sys.executable}",
            *defines,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_draft_api_switches(tmp_path: Path) -> None:
    """pyzmq's documented ZMQ_DRAFT_API=1 (environment) and -DZMQ_DRAFT_API turn the DRAFT API on."""
    env = {k: v for k, v in os.environ.items() if k != "ZMQ_DRAFT_API"}
    assert "DRAFT API: OFF" in _configure(tmp_path / "off", env=env)
    assert "DRAFT API: ON" in _configure(tmp_path / "env", env=dict(env, ZMQ_DRAFT_API="1"))
    assert "DRAFT API: ON" in _configure(tmp_path / "zmq", "-DZMQ_DRAFT_API=ON", env=env)
    assert "DRAFT API: ON" in _configure(tmp_path / "own", "-DPYZMQ_DRAFT_API=ON", env=env)
    assert "DRAFT API: OFF" in _configure(tmp_path / "zero", env=dict(env, ZMQ_DRAFT_API="0"))
