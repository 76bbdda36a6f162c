"""The core sdist builds from source with pip's build isolation: against the system libzmq, and
against a libzmq under another prefix named by ZMQ_PREFIX."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .distenv import DIST, SMOKE, Env, run, run_hidden, system_libzmq, unshare_works


def core_sdist() -> Path:
    (sdist,) = DIST.glob("pyzmq_core-*.tar.gz")
    return sdist


def build_from_sdist(env: Env, **extra_env: str) -> Path:
    """pip install the core sdist (build isolation: build deps from PyPI); return the extension.

    --no-cache-dir: pip caches wheels built from a local archive by its path, and would hand a later
    build (another ZMQ_PREFIX, a changed sdist at the same path) the stale wheel.
    """
    environ = {k: v for k, v in os.environ.items() if k != "ZMQ_PREFIX"}
    env.install("--no-cache-dir", str(core_sdist()), index=True, env={**environ, **extra_env})
    assert set(env.installed()) == {"pyzmq-core"}
    env.check()
    (ext,) = (env.site / "zmq" / "backend" / "cython").glob("_zmq*.so")
    assert not (env.site / "pyzmq_core.libs").exists()  # a source build vendors nothing
    return ext


def ldd(path: Path) -> dict[str, str]:
    """soname -> resolved path."""
    out = run(["ldd", str(path)]).stdout
    return {
        p[0]: p[2]
        for p in (line.split() for line in out.splitlines())
        if len(p) >= 3 and p[1] == "=>"
    }


@pytest.mark.timeout(900)
def test_sdist_builds_against_system_libzmq(tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    ext = build_from_sdist(env)
    assert Path(ldd(ext)["libzmq.so.5"]).resolve() == system_libzmq()
    out = json.loads(env.python_run(str(SMOKE), "--curve"))
    assert out["tcp"] and out["curve"]
    assert out["libzmq_version"] == run(["pkg-config", "--modversion", "libzmq"]).stdout.strip()
    assert str(system_libzmq()) in out["libs"]


def make_prefix(prefix: Path) -> Path:
    """A libzmq installed under prefix: a copy of the system library, its headers, a libzmq.pc."""
    lib, include, pc = prefix / "lib", prefix / "include", prefix / "lib" / "pkgconfig"
    for d in (lib, include, pc):
        d.mkdir(parents=True)
    real = system_libzmq()
    shutil.copy2(real, lib / real.name)
    (lib / "libzmq.so.5").symlink_to(real.name)
    (lib / "libzmq.so").symlink_to("libzmq.so.5")
    sys_include = Path(run(["pkg-config", "--variable=includedir", "libzmq"]).stdout.strip())
    for header in ("zmq.h", "zmq_utils.h"):
        shutil.copy2(sys_include / header, include / header)
    version = run(["pkg-config", "--modversion", "libzmq"]).stdout.strip()
    (pc / "libzmq.pc").write_text(
        f"prefix={prefix}\nlibdir=${{prefix}}/lib\nincludedir=${{prefix}}/include\n\n"
        f"Name: libzmq\nDescription: libzmq copied under a test prefix\nVersion: {version}\n"
        "Libs: -L${libdir} -lzmq\nCflags: -I${includedir}\n"
    )
    return lib / "libzmq.so.5"


@pytest.mark.timeout(900)
def test_zmq_prefix_points_the_build_at_another_libzmq(tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    prefix_lib = make_prefix(prefix)
    env = Env(tmp_path / "venv")
    ext = build_from_sdist(env, ZMQ_PREFIX=str(prefix))

    dynamic = run(["readelf", "-d", str(ext)]).stdout
    assert f"[{prefix / 'lib'}]" in dynamic, dynamic  # RUNPATH (or RPATH) names the prefix
    assert ldd(ext)["libzmq.so.5"] == str(prefix_lib)
    out = json.loads(env.python_run(str(SMOKE)))
    assert str(prefix_lib.resolve()) in out["libs"] and str(system_libzmq()) not in out["libs"]
    dirs = env.python_run("-c", "import zmq; print(zmq.get_library_dirs(), zmq.get_includes())")
    assert str(prefix / "lib") in dirs and str(prefix / "include") in dirs, dirs

    if not unshare_works():
        pytest.skip("unshare -m needs root: the run with the system libzmq hidden did not happen")
    out = json.loads(
        run_hidden([system_libzmq()], [env.python, str(SMOKE), "--curve", "--expect-hidden"])
    )
    assert out["tcp"] and out["curve"]
    assert str(prefix_lib.resolve()) in out["libs"], out["libs"]
