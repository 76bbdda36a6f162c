"""Helpers for tests/dist: throwaway venvs, subprocesses with timeouts, the mount-namespace trick."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("PYZMQ_DIST", REPO / "dist")).resolve()
# tag -> interpreter, written by scripts/build-dist.sh for the core wheels it built
PYTHONS_TSV = REPO / "build" / "dist-logs" / "pythons.tsv"
SMOKE = Path(__file__).with_name("smoke.py")
PLUGINS = ["asyncio", "tornado", "green", "auth", "ssh", "log"]
DISTRIBUTIONS = ["pyzmq", "pyzmq-core", *(f"pyzmq-{p}" for p in PLUGINS)]
# libraries every manylinux platform provides: never vendored, never hidden
SYSTEM_LIBS = re.compile(
    r"^(linux-vdso|ld-linux|libc|libm|libdl|librt|libpthread|libresolv|libstdc\+\+|libgcc_s)\."
)


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(cmd: list[str], timeout: float = 300, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run cmd; fail the test with its output if it fails (or takes longer than timeout)."""
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)  # type: ignore[call-overload]
    if proc.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


@dataclass
class Env:
    """A fresh venv (no pip inside) of a given Python, installed into by that Python's pip."""

    root: Path
    base_python: str = sys.executable

    def __post_init__(self) -> None:
        if self.base_python == sys.executable:
            venv.create(self.root, with_pip=False)
        else:
            run([self.base_python, "-m", "venv", "--without-pip", str(self.root)], timeout=120)
        self.python = str(self.root / "bin" / "python")
        # what a fresh venv already lists (PyPy's bundled cffi, greenlet ...) is not counted
        self.preinstalled: set[str] = set()
        if "pypy" in Path(self.base_python).name:
            self.preinstalled = set(self.installed())
        self.site = Path(
            run(
                [self.python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
            ).stdout.strip()
        )

    def pip(self, *args: str, timeout: float = 600, env: dict[str, str] | None = None) -> str:
        # the base interpreter's pip (pip drops old Pythons: .venv's may not run on 3.9)
        cmd = [self.base_python, "-m", "pip", "--python", self.python, *args]
        return run(cmd, timeout=timeout, env=env).stdout

    def install(self, *reqs: str, index: bool = False, env: dict[str, str] | None = None) -> dict:
        """pip install from dist/ (plus PyPI when index=True); return pip's installation report."""
        report = self.root / "install-report.json"
        self.pip(
            "install",
            "-q",
            *([] if index else ["--no-index"]),
            "--find-links",
            str(DIST),
            "--report",
            str(report),
            *reqs,
            env=env,
        )
        return json.loads(report.read_text())

    def installed(self) -> dict[str, str]:
        """`pip list`: normalized name -> version."""
        out = self.pip("list", "--format=json", timeout=120)
        listed = {norm(d["name"]): d["version"] for d in json.loads(out)}
        return {k: v for k, v in listed.items() if k not in self.preinstalled}

    def check(self) -> None:
        self.pip("check", timeout=120)

    def python_run(self, *args: str, timeout: float = 120, **kwargs: object) -> str:
        return run([self.python, *args], timeout=timeout, cwd="/", **kwargs).stdout


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


def libzmq_closure() -> list[Path]:
    """The system libzmq and every non-glibc library it loads: what the core wheel must carry."""
    lib = system_libzmq()
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
