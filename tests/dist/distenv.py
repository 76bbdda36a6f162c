"""Helpers for tests/dist: throwaway venvs, subprocesses with timeouts, the mount-namespace trick."""

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

REPO = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("PYZMQ_DIST", REPO / "dist")).resolve()
# tag -> interpreter, written by scripts/build-dist.sh for the core wheels it built
PYTHONS_TSV = REPO / "build" / "dist-logs" / "pythons.tsv"
# the prefix of the libzmq the core wheels bundle, written by scripts/build-dist.sh
ZMQ_PREFIX_FILE = REPO / "build" / "dist-logs" / "zmq-prefix"
SMOKE = Path(__file__).with_name("smoke.py")
PLUGINS = ["asyncio", "tornado", "green", "auth", "ssh", "log"]
DISTRIBUTIONS = ["pyzmq", "pyzmq-core", *(f"pyzmq-{p}" for p in PLUGINS)]
PLUGIN_MODULES = {
    "zmq.asyncio": "pyzmq-asyncio",
    "zmq.eventloop": "pyzmq-tornado",
    "zmq.green": "pyzmq-green",
    "zmq.auth": "pyzmq-auth",
    "zmq.ssh": "pyzmq-ssh",
    "zmq.log": "pyzmq-log",
}
THIRD_PARTY = {"tornado", "gevent", "paramiko", "pexpect"}
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
        return {norm(d["name"]): d["version"] for d in json.loads(out)}

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


# Importing every module each plugin ships, in the venv: a module either imports, or (its optional
# third-party library missing) fails with an ImportError whose `name` is that library.
IMPORT_ALL = textwrap.dedent("""
    import importlib, json, sys
    from importlib.metadata import distribution
    results = {}
    for dist_name in sys.argv[1:]:
        for f in distribution(dist_name).files:
            if f.suffix != ".py" or f.name == "__main__.py" or f.parts[0] != "zmq":
                continue
            mod = ".".join(f.with_suffix("").parts)
            mod = mod[: -len(".__init__")] if mod.endswith(".__init__") else mod
            try:
                importlib.import_module(mod)
                results[mod] = None
            except ImportError as e:
                results[mod] = e.name or repr(e)
    print(json.dumps(results))
""")


def import_all(env: Env, *dist_names: str) -> dict[str, str | None]:
    """Import every module of the named distributions in env: module -> None, or what was missing."""
    return json.loads(env.python_run("-c", IMPORT_ALL, *dist_names))
