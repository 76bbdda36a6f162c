"""Check the local links of a built HTML site: every href and src that points into the site resolves.

A link resolves when its file exists and, for ``page.html#anchor``, that page has an element with
that id (or an ``<a name>``). External links (``https:``, ``mailto:`` ...) are not followed: the
check needs no network. ``make docs`` runs it on build/docs.

    python tools/check_links.py build/docs
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    """The anchors a page defines and the local links it makes."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.anchors.add(value)
            elif name in {"href", "src"} and tag != "base":
                self.links.append(value)


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def broken_links(site: Path) -> list[str]:
    """``page: link (reason)`` for every local link of the site that does not resolve."""
    site = site.resolve()
    cache: dict[Path, _Page] = {}
    problems = []
    for page_path in sorted(site.rglob("*.html")):
        for link in _parse(page_path, cache).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue  # external: not checked (no network)
            target = page_path
            if parts.path:
                target = (page_path.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
            where = f"{page_path.relative_to(site)}: {link}"
            if site not in target.parents and target != site:
                problems.append(f"{where} (outside the site)")
            elif not target.is_file():
                problems.append(f"{where} (no such file)")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in _parse(target, cache).anchors
            ):
                problems.append(f"{where} (no such anchor)")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (index.html missing)", file=sys.stderr)
        return 2
    problems = broken_links(site)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{len(problems)} broken local link(s) in {pages} pages of {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
