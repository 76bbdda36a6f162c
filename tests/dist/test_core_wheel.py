"""The repaired core wheels: manylinux, self-contained, and working on every CPython built for."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from .distenv import (
    DIST,
    SMOKE,
    Env,
    bundled_libzmq,
    libzmq_closure,
    pythons,
    run,
    run_hidden,
    system_libzmq,
    unshare_works,
)

PYTHONS = pythons()


def core_wheel(tag: str) -> Path:
    # cp311-cp311-..., or pp39-pypy39_pp73-... for PyPy
    wheels = list(DIST.glob(f"pyzmq_core-*-{tag}-*.whl"))
    assert len(wheels) == 1, f"expected one {tag} core wheel in {DIST}: {wheels}"
    return wheels[0]


def vendored_pattern(lib: Path) -> re.Pattern[str]:
    """auditwheel's name for a copied library: a hash after the first dot-free part of the name
    (libzmq.so.5.2.4 -> libzmq-98f0defc.so.5.2.4, libpgm-5.3.so.0 -> libpgm-5-86a31e6b.3.so.0)."""
    head, _, rest = lib.name.partition(".")
    return re.compile(rf"{re.escape(head)}-[0-9a-f]{{8}}\.{re.escape(rest)}$")


def vendored_libs(wheel: Path) -> set[str]:
    names = zipfile.ZipFile(wheel).namelist()
    return {n.split("/")[-1] for n in names if n.startswith("pyzmq_core.libs/") and ".so" in n}


@pytest.mark.parametrize("tag", sorted(PYTHONS))
def test_wheel_is_manylinux_and_carries_exactly_libzmq_and_libsodium(tag: str) -> None:
    """The bundled libzmq (tcp, ipc, inproc, CURVE) needs libsodium and nothing else: no Kerberos,
    PGM, NORM or libbsd, which Debian's libzmq5 drags in (ARCHITECTURE.md, "Release builds")."""
    wheel = core_wheel(tag)
    assert re.search(r"-manylinux_\d+_\d+_x86_64\.whl$", wheel.name), wheel.name
    vendored = vendored_libs(wheel)
    closure = libzmq_closure(bundled_libzmq())
    assert sorted(lib.name.split(".")[0] for lib in closure) == ["libsodium", "libzmq"], closure
    # each renamed with a hash, and nothing else
    for lib in closure:
        pattern = vendored_pattern(lib)
        assert any(pattern.match(v) for v in vendored), f"{lib.name} not vendored: {vendored}"
    assert len(vendored) == len(closure), sorted(vendored)
    # auditwheel agrees with the tag it gave
    show = run([sys.executable, "-m", "auditwheel", "show", str(wheel)], timeout=120).stdout
    platform = re.search(r"manylinux_\d+_\d+_x86_64", wheel.name)
    assert platform and f'"{platform.group()}"' in show.replace("\n", " "), show


@pytest.mark.parametrize("tag", sorted(PYTHONS))
def test_wheel_carries_the_licences_of_what_it_vendors(tag: str) -> None:
    wheel = zipfile.ZipFile(core_wheel(tag))
    names = wheel.namelist()
    licences = {
        n.rsplit("/", 1)[-1]: n for n in names if "/licenses/vendored/" in n and n[-1] != "/"
    }
    # libzmq-98f0defc.so.5.2.4 -> libzmq: one licence per vendored library
    stems = {v.split("-")[0] for v in vendored_libs(core_wheel(tag))}
    assert {name.split(".")[0] for name in licences} == stems, sorted(licences)
    libzmq_text = wheel.read(licences["libzmq.copyright"])
    assert b"MPL-2.0" in libzmq_text or b"LGPL" in libzmq_text
    assert b"ISC" in wheel.read(licences["libsodium.copyright"])
    record = wheel.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
    assert all(name in record for name in licences.values())


@pytest.mark.timeout(300)
@pytest.mark.parametrize("tag", sorted(PYTHONS))
def test_core_wheel_alone_on_every_python(tag: str, tmp_path: Path) -> None:
    """A fresh venv of each Python with only the core wheel: import, tcp; then the same plus CURVE
    in a mount namespace where the system libzmq and its libraries are empty files."""
    env = Env(tmp_path / "venv", PYTHONS[tag])
    report = env.install("pyzmq-core")
    urls = [item["download_info"]["url"] for item in report["install"]]
    assert urls == [core_wheel(tag).as_uri()], urls
    assert set(env.installed()) == {"pyzmq-core"}
    env.check()

    out = json.loads(env.python_run(str(SMOKE)))
    assert out["tcp"] and out["zmq_file"].startswith(str(tmp_path)), out
    assert out["python"].startswith("%s.%s" % (tag[2], tag[3:])), out

    if not unshare_works():
        pytest.skip("unshare -m needs root (CAP_SYS_ADMIN): the hidden-libzmq half did not run")
    # the system's libzmq and libsodium, and the build's own libzmq: only the wheel's copies remain
    hidden = [*libzmq_closure(), bundled_libzmq()]
    assert system_libzmq() in hidden
    out = json.loads(run_hidden(hidden, [env.python, str(SMOKE), "--curve", "--expect-hidden"]))
    assert out["tcp"] and out["curve"], out
    libs_dir = str(env.site / "pyzmq_core.libs") + "/"
    loaded = [p for p in out["libs"] if Path(p).name.startswith(("libzmq", "libsodium"))]
    assert len(loaded) >= 2 and all(p.startswith(libs_dir) for p in loaded), out["libs"]
    assert not set(out["libs"]) & {str(p) for p in hidden}, out["libs"]
