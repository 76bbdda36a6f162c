"""tools/check_links.py, which ``make docs`` runs on the built site, finds what is broken."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_links", ROOT / "tools" / "check_links.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return tmp_path


def test_a_site_whose_links_all_resolve_passes(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="api/zmq.html#zmq.Socket">Socket</a> <a href="#top" id="top">top</a>'
            ' <img src="_static/logo.png"> <a href="https://zeromq.org">external</a>'
            ' <a href="api/">folder</a>',
            "api/zmq.html": '<dt id="zmq.Socket">Socket</dt><a href="../index.html">up</a>',
            "api/index.html": "",
        },
    )
    (site / "_static").mkdir()
    (site / "_static" / "logo.png").write_bytes(b"")
    assert _checker().broken_links(site) == []


def test_missing_files_anchors_and_escapes_are_reported(tmp_path: Path) -> None:
    site = _site(
        tmp_path / "site",
        {
            "index.html": '<a href="api/gone.html">gone</a> <a href="api/zmq.html#zmq.Nothing">anchor</a>'
            ' <img src="_static/missing.png"> <a href="../../elsewhere.html">out</a>'
            ' <a href="#nowhere">here</a>',
            "api/zmq.html": '<dt id="zmq.Socket">Socket</dt>',
        },
    )
    problems = _checker().broken_links(site)
    assert problems == [
        "index.html: api/gone.html (no such file)",
        "index.html: api/zmq.html#zmq.Nothing (no such anchor)",
        "index.html: _static/missing.png (no such file)",
        "index.html: ../../elsewhere.html (outside the site)",
        "index.html: #nowhere (no such anchor)",
    ]


def test_main_fails_on_a_broken_site_and_without_a_site(tmp_path: Path) -> None:
    checker = _checker()
    assert checker.main([str(tmp_path)]) == 2  # no index.html: nothing was built
    _site(tmp_path, {"index.html": '<a href="missing.html">x</a>'})
    assert checker.main([str(tmp_path)]) == 1
