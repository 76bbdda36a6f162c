"""Helpers for tests/dist: venvs fed from dist/, the interpreters and libzmq `make wheels` used, the
mount-namespace trick. The generic venv helper is tests/support/venvs.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

import venvs
from venvs import (  # noqa: F401  (re-exported for the tests of tests/dist)
    DISTRIBUTIONS,
    PLUGIN_MODULES,
    PLUGINS,
    REPO,
    THIRD_PARTY,
    import_all,
    norm,
    run,
)

DIST = Path(os.environ.get("PYZMQ_DIST", REPO / "dist")).resolve()
# tag -> interpreter, written by scripts/build-dist.sh for the core wheels it built
PYTHONS_TSV = REPO / "build" / "dist-logs" / "pythons.tsv"
# the prefix of the libzmq the core wheels bundle, written by scripts/build-dist.sh
ZMQ_PREFIX_FILE = REPO / "build" / "dist-logs" / "zmq-prefix"
SMOKE = Path(__file__).with_name("smoke.py")
# libraries every manylinux platform provides: never vendored, never hidden
SYSTEM_LIBS = re.compile(
    r"^(linux-vdso|ld-linux|libc|libm|libdl|librt|libpthread|libresolv|libstdc\+\+|libgcc_s)\."
)


class Env(venvs.Env):
    """A fresh venv that takes our distributions from dist/."""

    wheels = DIST


def pythons() -> dict[str, str]:
    """The interpreters the core wheels were built for (tag -> path)."""
    if PYTHONS_TSV.exists():
        lines = PYTHONS_TSV.read_text().split("\n")
        return dict(line.split("\t", 1) for line in lines if line)  # type: ignore[misc]
    return {"cp%d%d" % sys.version_info[:2]: sys.executable}


def system_libzmq() -> Path:
    """The real file behind the system's libzmq.so.5 (what pkg-config finds)."""
    libdir = run(["pkg-config", "--variable=libdir", "libzmq"]).stdout.strip()
    return (Path(libdir) / "libzmq.so.5").resolve()


def bundled_libzmq() -> Path:
    """The libzmq the core wheels were built against and carry (scripts/build-libzmq.sh's)."""
    prefix = Path(ZMQ_PREFIX_FILE.read_text().strip()) if ZMQ_PREFIX_FILE.exists() else None
    if prefix is None or not (prefix / "lib" / "libzmq.so.5").exists():
        pytest.fail(f"no bundled libzmq recorded in {ZMQ_PREFIX_FILE}: run make wheels")
    return (prefix / "lib" / "libzmq.so.5").resolve()


def libzmq_closure(lib: Path | None = None) -> list[Path]:
    """A libzmq (default: the system's) and every non-glibc library it loads."""
    lib = lib or system_libzmq()
    found = [lib]
    for line in run(["ldd", str(lib)]).stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "=>" and not SYSTEM_LIBS.match(parts[0]):
            found.append(Path(parts[2]).resolve())
    return found


def unshare_works() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    try:
        proc = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def run_hidden(hide: list[Path], cmd: list[str], timeout: float = 120) -> str:
    """Run cmd in a private mount namespace where each file in hide is /dev/null (empty).

    `unshare -m` makes the namespace's mounts private, so the bind mounts never reach the host.
    """
    mounts = " && ".join(f"mount --bind /dev/null '{p}'" for p in hide)
    script = f'{mounts} && exec "$@"'
    return run(["unshare", "-m", "sh", "-c", script, "sh", *cmd], timeout=timeout, cwd="/").stdout
