"""Write python.inv: the entries of Python's objects.inv for the names listed in python.txt.

The docs build offline, so intersphinx reads this committed subset instead of fetching Python's
inventory. When the docs link a new standard-library name (`make docs` fails on it), add the name
to python.txt and run, with a full inventory at hand (Debian's python3.11-doc package has one at
/usr/share/doc/python3.11/html/objects.inv; or https://docs.python.org/3/objects.inv):

    .venv/bin/python docs/_intersphinx/make_inventory.py FULL_OBJECTS_INV
"""

from __future__ import annotations

import posixpath
import sys
import zlib
from pathlib import Path

from sphinx.util.inventory import InventoryFile

HERE = Path(__file__).parent

# Newer than the inventory's Python (3.12): annotations use typing_extensions.Buffer, which is it.
EXTRA = [("collections.abc.Buffer", "py:class", "library/collections.abc.html#$")]


def main(full: str) -> None:
    wanted = [
        line.strip()
        for line in (HERE / "python.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with open(full, "rb") as f:
        inventory = InventoryFile.load(f, "", posixpath.join)
    entries = []
    for name in wanted:
        found = False
        for role, objects in sorted(inventory.items()):
            if role.startswith("py:") and name in objects:
                uri = objects[name].uri
                if uri.endswith("#" + name):
                    uri = uri[: -len(name)] + "$"
                entries.append((name, role, uri))
                found = True
        if not found:
            sys.exit(f"{name}: not in {full}")
    names = {name for name, _, _ in entries}
    entries += [entry for entry in EXTRA if entry[0] not in names]
    body = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in sorted(entries))
    header = (
        "# Sphinx inventory version 2\n# Project: Python\n# Version: 3\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    (HERE / "python.inv").write_bytes(header.encode() + zlib.compress(body.encode()))
    print(f"python.inv: {len(entries)} entries")


if __name__ == "__main__":
    main(sys.argv[1])
