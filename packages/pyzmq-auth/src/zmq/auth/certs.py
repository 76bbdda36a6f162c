"""CURVE certificate files: create key pairs on disk and load them back.

The files are ZPL text (ZeroMQ RFC 4), the layout czmq's ``zcert`` and pyzmq use, so certificates
made by either load here and the other way round::

    # comment lines
    metadata
        name = "value"
    curve
        public-key = "<40 Z85 characters>"
        secret-key = "<40 Z85 characters>"      (only in the secret file)

``create_certificates(dir, name)`` writes ``name.key`` (public, to share) and ``name.key_secret``
(both keys, readable by its owner only). ``load_certificates(dir)`` reads every ``*.key`` file of a
directory, the form in which :meth:`zmq.auth.Authenticator.configure_curve` takes allowed clients.
"""

from __future__ import annotations

import datetime
import errno
import os
import re
import secrets
import stat
from typing import NamedTuple, Optional, Union

import zmq
from zmq.utils import z85

__all__ = ["create_certificates", "load_certificate", "load_certificates"]

StrPath = Union[str, "os.PathLike[str]"]

PUBLIC_SUFFIX = ".key"
SECRET_SUFFIX = ".key_secret"

# ZPL names: letters, digits and these punctuation characters (RFC 4).
_NAME = re.compile(r"^[A-Za-z0-9$\-_@.&+/]+$")

#: Largest certificate file read, in bytes (a certificate with metadata is well under 1 KiB).
MAX_CERTIFICATE_SIZE = 65536

_SHOWN = 40  # characters of a malformed value quoted in an error message


def _shown(value: str) -> str:
    """value quoted for an error message: its first 40 characters, then "..." if there is more."""
    return repr(value) if len(value) <= _SHOWN else repr(value[:_SHOWN]) + "..."


class _Certificate(NamedTuple):
    """What a certificate file holds: Z85 keys (as bytes) and its metadata section."""

    public_key: Optional[bytes]
    secret_key: Optional[bytes]
    metadata: dict[str, str]


def _zpl_value(text: str) -> str:
    """A ZPL value without its quotes (or, unquoted, up to whitespace or a comment)."""
    text = text.strip()
    if text[:1] in ("'", '"'):
        end = text.find(text[0], 1)
        if end == -1:
            raise ValueError("unterminated quoted value")
        return text[1:end]
    body = text.split("#", 1)[0].strip()
    return body.split()[0] if body else ""


def _read_certificate(filename: StrPath) -> _Certificate:
    """Parse a certificate file; every error is a ValueError that names the file.

    Only the ``curve`` and ``metadata`` sections matter; other sections and comments are skipped,
    so files with extra content (e.g. from newer czmq) still load.
    """
    path = os.fspath(filename)
    with open(path, "rb") as f:
        raw = f.read(MAX_CERTIFICATE_SIZE + 1)
    if len(raw) > MAX_CERTIFICATE_SIZE:
        raise ValueError(f"{path}: not a certificate file (over {MAX_CERTIFICATE_SIZE} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not a certificate file (not UTF-8 text: {e})") from None
    keys: dict[str, bytes] = {}
    metadata: dict[str, str] = {}
    sections: list[str] = []  # path of nested section names, one per 4 columns of indent
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        level = indent // 4
        del sections[level:]
        if "=" not in stripped:
            sections.append(stripped.split("#", 1)[0].strip())
            continue
        name, _, value_text = stripped.partition("=")
        name = name.strip()
        try:
            value = _zpl_value(value_text)
        except ValueError as e:
            shown = "" if name == "secret-key" else f" {_shown(value_text.strip())}"
            raise ValueError(f"{path}, line {lineno}: {e}{shown}") from None
        where = sections[:1]
        if where == ["curve"] and name in ("public-key", "secret-key"):
            key = value.encode("ascii", "replace")
            try:
                decoded = z85.decode(key)
            except ValueError:
                decoded = b""
            if len(decoded) != 32:
                # a secret key is never quoted, not even a broken one: errors end up in logs
                got = f"{len(value)} characters" if name == "secret-key" else _shown(value)
                raise ValueError(
                    f"{path}, line {lineno}: {name} must be 40 Z85 characters, got {got}"
                )
            keys[name] = key
        elif where == ["metadata"] and len(sections) == 1:
            metadata[name] = value
    return _Certificate(keys.get("public-key"), keys.get("secret-key"), metadata)


def load_certificate(filename: StrPath) -> tuple[bytes, Optional[bytes]]:
    """Load the Z85 public and secret key of a certificate file.

    Returns ``(public_key, secret_key)``; ``secret_key`` is None for a public certificate. The keys
    are Z85 bytes, ready for ``socket.curve_publickey`` / ``curve_secretkey`` / ``curve_serverkey``.

    Raises
    ------
    ValueError
        If the file holds no public key, or a key that is not valid Z85 of a 32-byte key (the
        message names the file).
    OSError
        If the file cannot be read.
    """
    cert = _read_certificate(filename)
    if cert.public_key is None:
        raise ValueError(f"{os.fspath(filename)}: no public-key found in a 'curve' section")
    return cert.public_key, cert.secret_key


def load_certificates(directory: StrPath = ".") -> dict[bytes, bool]:
    """Load the public keys of every ``*.key`` certificate file in a directory.

    Returns ``{public_key: True}``, the form ``Authenticator.certs[domain]`` uses. Other files
    (secret certificates, notes, sub-directories) are ignored; a malformed ``*.key`` file raises,
    so that a broken allow list is noticed instead of silently denying a client.

    Raises
    ------
    OSError
        If directory is not a directory.
    ValueError
        If a ``*.key`` file is not a valid certificate (the message names it).
    """
    path = os.fspath(directory)
    if not os.path.isdir(path):
        raise OSError(f"Invalid certificate directory: {path}")
    certs: dict[bytes, bool] = {}
    for entry in sorted(os.listdir(path)):
        full = os.path.join(path, entry)
        if entry.endswith(PUBLIC_SUFFIX) and os.path.isfile(full):
            public_key, _ = load_certificate(full)
            certs[public_key] = True
    return certs


def _format_certificate(
    public_key: bytes,
    secret_key: Optional[bytes],
    metadata: dict[str, str],
    created: datetime.datetime,
) -> str:
    when = created.strftime("%Y-%m-%d %H:%M:%S")
    if secret_key is None:
        lines = [
            f"#   ZeroMQ CURVE public certificate, made by pyzmq (zmq.auth) on {when}.",
            "#   Give it to the peers that should accept this key; check that it",
            "#   arrived unchanged, since whoever can replace it can impersonate you.",
        ]
    else:
        lines = [
            f"#   ZeroMQ CURVE **secret** certificate, made by pyzmq (zmq.auth) on {when}.",
            "#   Keep it private: anyone who reads it can act as its owner.",
            "#   Do not loosen its permissions or hand it to other users.",
        ]
    lines += ["", "metadata"]
    lines += [f'    {name} = "{value}"' for name, value in metadata.items()]
    lines += ["curve", f'    public-key = "{public_key.decode("ascii")}"']
    if secret_key is not None:
        lines.append(f'    secret-key = "{secret_key.decode("ascii")}"')
    return "\n".join(lines) + "\n"


def _check_metadata(metadata: Optional[dict[str, str]]) -> dict[str, str]:
    """Metadata as text, refusing what would not read back (bad names, line breaks, quotes)."""
    checked: dict[str, str] = {}
    for name, value in (metadata or {}).items():
        text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"invalid certificate metadata name {_shown(str(name))}")
        if any(c in text for c in '\r\n"'):
            raise ValueError(f"certificate metadata {_shown(name)} must be one line without '\"'")
        checked[name] = text
    return checked


def _check_target(path: str) -> None:
    """Refuse to replace a symbolic link, or anything that is not a regular file, at path."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise OSError(errno.ELOOP, "refusing to write a certificate through a symbolic link", path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EEXIST, "refusing to replace something that is not a file", path)


def _write_new(path: str, text: str, private: bool) -> None:
    """Write text as a new file that then takes the name path, never through a symbolic link.

    The text goes to a file created exclusively (``O_EXCL``, ``O_NOFOLLOW``) under a random name
    in the same directory, with mode 0600 if private, and is renamed over path: a link planted at
    path (even between the check and the rename) is replaced, never written through, and a reader
    never sees half a key.
    """
    _check_target(path)
    directory, base = os.path.split(path)
    tmp = os.path.join(directory, f".{base}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600 if private else 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            if private and hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), 0o600)  # exactly, whatever the umask
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def create_certificates(
    key_dir: StrPath, name: str, metadata: Optional[dict[str, str]] = None
) -> tuple[str, str]:
    """Create a new CURVE key pair as ``<key_dir>/<name>.key`` and ``<name>.key_secret``.

    The public file is what clients or servers exchange; the secret file also holds the secret key
    and is created with mode 0600 (owner only). metadata (``{name: value}``) is written to both.
    Existing files of those names are replaced (by renaming a new file over them); a symbolic link
    there is refused rather than followed.

    Returns
    -------
    (public_file, secret_file)
        The paths of the two files.

    Raises
    ------
    ValueError
        If metadata cannot be written in a certificate.
    OSError
        If a file cannot be written, or is a symbolic link (``errno.ELOOP``).
    """
    checked = _check_metadata(metadata)
    public_key, secret_key = zmq.curve_keypair()
    base = os.path.join(os.fspath(key_dir), name)
    public_file = base + PUBLIC_SUFFIX
    secret_file = base + SECRET_SUFFIX
    now = datetime.datetime.now()
    for path in (public_file, secret_file):  # both refused before either is written
        _check_target(path)
    _write_new(public_file, _format_certificate(public_key, None, checked, now), private=False)
    _write_new(secret_file, _format_certificate(public_key, secret_key, checked, now), private=True)
    return public_file, secret_file
