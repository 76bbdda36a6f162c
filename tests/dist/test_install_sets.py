"""What users install, from the local wheelhouse dist/ in fresh venvs.

"Exactly its declared needs": after installing a requirement, `pip list` must equal the closure of
Requires-Dist over the installed metadata (markers and extras evaluated), starting at that
requirement: nothing undeclared is pulled in and nothing declared is missing. Our own distributions
must come from dist/ (pip's --report names the file), never from an index.
"""

from __future__ import annotations

from importlib.metadata import Distribution, distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from .distenv import DIST, DISTRIBUTIONS, PLUGIN_MODULES, THIRD_PARTY, Env, import_all, norm

OURS = set(DISTRIBUTIONS)


def closure(site: Path, requirements: list[str]) -> set[str]:
    """Names reachable from requirements through installed Requires-Dist (with extras)."""
    installed: dict[str, Distribution] = {
        norm(d.metadata["Name"]): d for d in distributions(path=[str(site)])
    }
    seen: set[tuple[str, str]] = set()
    todo = [Requirement(r) for r in requirements]
    names: set[str] = set()
    while todo:
        req = todo.pop()
        name = norm(req.name)
        extras = {""} | set(req.extras)
        if all((name, e) in seen for e in extras):
            continue
        seen.update((name, e) for e in extras)
        names.add(name)
        assert name in installed, f"{name} is required but not installed"
        for spec in installed[name].requires or []:
            dep = Requirement(spec)
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in extras):
                todo.append(dep)
    return names


def install_and_check(env: Env, *reqs: str, index: bool = False) -> dict[str, str]:
    """Install reqs; check the exact set, where ours came from, versions, pip check. Return pip list."""
    report = env.install(*reqs, index=index)
    for item in report["install"]:
        name = norm(item["metadata"]["name"])
        if name in OURS:
            url = item["download_info"]["url"]
            assert url.startswith(DIST.as_uri() + "/"), f"{name} came from {url}, not dist/"
    listed = env.installed()
    assert set(listed) == closure(env.site, list(reqs)), (reqs, sorted(listed))
    env.check()
    return listed


@pytest.mark.timeout(600)
def test_pyzmq_all_brings_every_plugin_and_library(tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    listed = install_and_check(env, "pyzmq[all]", index=True)
    assert set(listed) >= OURS | THIRD_PARTY
    results = import_all(env, *sorted(OURS - {"pyzmq"}))
    failed = {m: missing for m, missing in results.items() if missing}
    assert not failed, failed
    assert "zmq.green.eventloop.zmqstream" in results and "zmq.ssh.tunnel" in results


@pytest.mark.timeout(300)
def test_pyzmq_pin_gets_ours_with_every_plugin_and_no_libraries(tmp_path: Path) -> None:
    """`pyzmq>=25` (what real projects pin) resolves to this metapackage; no third-party library."""
    env = Env(tmp_path / "venv")
    listed = install_and_check(env, "pyzmq>=25")
    assert set(listed) == OURS, sorted(listed)
    assert listed["pyzmq"] == listed["pyzmq-core"]  # both on pyzmq's version line
    out = env.python_run(
        "-c", "import zmq; print(zmq.pyzmq_version_info() >= (25,), zmq.__version__)"
    )
    assert out.split() == ["True", listed["pyzmq-core"]]
    results = import_all(env, *sorted(OURS - {"pyzmq"}))
    # without the libraries, what does not import names exactly a missing third-party library
    assert {m for m in results.values() if m} <= THIRD_PARTY, results
    assert (
        results["zmq.asyncio"] is None
        and results["zmq.auth"] is None
        and results["zmq.log"] is None
    )


# requirement -> our distributions it must install (the third-party closure is computed)
PLUGIN_SETS = {
    "pyzmq-asyncio": {"pyzmq-asyncio"},
    "pyzmq-tornado": {"pyzmq-tornado"},
    "pyzmq-tornado[tornado]": {"pyzmq-tornado", "tornado"},
    "pyzmq-green": {"pyzmq-green"},
    "pyzmq-green[gevent]": {"pyzmq-green", "gevent"},
    "pyzmq-auth": {"pyzmq-auth", "pyzmq-asyncio"},
    "pyzmq-ssh": {"pyzmq-ssh"},
    "pyzmq-ssh[paramiko,pexpect]": {"pyzmq-ssh", "paramiko", "pexpect"},
    "pyzmq-log": {"pyzmq-log"},
}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("req", list(PLUGIN_SETS))
def test_each_plugin_installs_exactly_its_needs(req: str, tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    needs_index = "[" in req  # only the third-party extras come from PyPI
    listed = install_and_check(env, req, index=needs_index)
    expected = PLUGIN_SETS[req] | {"pyzmq-core"}
    assert {n for n in listed if n in OURS | THIRD_PARTY} == expected, sorted(listed)
    plugin = Requirement(req).name
    results = import_all(env, plugin)
    assert results, f"{plugin} ships no modules"
    failed = {m: missing for m, missing in results.items() if missing}
    # optional: a third-party library, or another plugin (zmq.green.eventloop needs zmq.eventloop)
    not_installed = (THIRD_PARTY | set(PLUGIN_MODULES.values())) - set(listed)
    assert {PLUGIN_MODULES.get(m, m) for m in failed.values()} <= not_installed, failed
    top = "zmq." + {"tornado": "eventloop"}.get(plugin[len("pyzmq-") :], plugin[len("pyzmq-") :])
    if plugin == "pyzmq-green" and "gevent" not in listed:
        assert failed.get(top) == "gevent", results  # zmq.green is gevent's; without it, say so
    else:
        assert results[top] is None, results
