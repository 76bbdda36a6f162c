"""Add the licence files of the libraries auditwheel vendored into a wheel.

auditwheel copies libzmq and its dependencies into ``<dist>.libs/`` but not their licences, which
their terms (libzmq: MPL-2.0, libsodium: ISC, ...) require to travel with them. For each vendored
library this finds the system file it was copied from, the Debian package that owns it (dpkg -S),
and puts that package's ``/usr/share/doc/<package>/copyright`` into the wheel's
``.dist-info/licenses/vendored/``, updating RECORD.

Usage: python scripts/add-vendored-licenses.py WHEEL [WHEEL ...]
"""

from __future__ import annotations

import base64
import csv
import glob
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

# libzmq-98f0defc.so.5.2.4 -> libzmq.so.5.2.4, libpgm-5-86a31e6b.3.so.0 -> libpgm-5.3.so.0
# (auditwheel inserts an 8-hex-digit hash before the first dot of the name)
_HASHED = re.compile(r"^(?P<stem>.+?)-[0-9a-f]{8}(?P<rest>\..*)$")
_LIB_DIRS = [
    "/usr/lib/x86_64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/usr/lib",
    "/lib",
    "/usr/local/lib",
]


def system_library(vendored_name: str) -> str | None:
    match = _HASHED.match(vendored_name)
    if not match:
        return None
    original = match["stem"] + match["rest"]
    for directory in _LIB_DIRS:
        for candidate in glob.glob(os.path.join(directory, original)):
            return os.path.realpath(candidate)
    return None


def owning_package(path: str) -> str | None:
    # merged /usr: dpkg may have registered the file under /lib while it resolves to /usr/lib
    for query in (path, f"*/{os.path.basename(path)}"):
        proc = subprocess.run(["dpkg", "-S", query], capture_output=True, text=True)
        if proc.returncode == 0:
            return proc.stdout.split(":", 1)[0].strip()
    return None


def record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def add_licenses(wheel: str) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        entries = {name: zf.read(name) for name in names}
        infos = {info.filename: info for info in zf.infolist()}
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/RECORD"))
    record_name = f"{dist_info}/RECORD"
    added: dict[str, bytes] = {}
    for name in names:
        if ".libs/" not in name or name.endswith("/"):
            continue
        source = system_library(os.path.basename(name))
        package = owning_package(source) if source else None
        if package is None:
            raise SystemExit(f"{wheel}: cannot tell where {name} came from, so not its licence")
        copyright_file = f"/usr/share/doc/{package.split(':')[0]}/copyright"
        with open(copyright_file, "rb") as f:
            added[f"{dist_info}/licenses/vendored/{package.split(':')[0]}.copyright"] = f.read()
    rows = [row for row in csv.reader(io.StringIO(entries[record_name].decode())) if row]
    rows = [row for row in rows if row[0] != record_name and row[0] not in added]
    rows += [record_line(name, data) for name, data in sorted(added.items())]
    rows.append([record_name, "", ""])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    entries[record_name] = out.getvalue().encode()
    tmp = wheel + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in names:
            if name != record_name:
                zf.writestr(infos[name], entries[name], compresslevel=9)
        for name, data in sorted(added.items()):
            zf.writestr(name, data)
        zf.writestr(infos[record_name], entries[record_name])
    shutil.move(tmp, wheel)
    return sorted(added)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        for name in add_licenses(path):
            print(f"{os.path.basename(path)}: {name}")
