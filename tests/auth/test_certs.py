"""CURVE certificate files: creation, permissions, loading, and the file format shared with pyzmq."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

import zmq
import zmq.auth
from zmq.auth.certs import _read_certificate


def test_create_and_load_round_trip(tmp_path: Path) -> None:
    public_file, secret_file = zmq.auth.create_certificates(tmp_path, "server")
    assert public_file == os.path.join(tmp_path, "server.key")
    assert secret_file == os.path.join(tmp_path, "server.key_secret")
    public, none = zmq.auth.load_certificate(public_file)
    assert none is None
    public2, secret = zmq.auth.load_certificate(secret_file)
    assert public2 == public and secret is not None
    assert len(public) == len(secret) == 40
    assert zmq.curve_public(secret) == public  # a real key pair


def test_secret_file_is_owner_only(tmp_path: Path) -> None:
    public_file, secret_file = zmq.auth.create_certificates(tmp_path, "me")
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    assert "secret-key" not in Path(public_file).read_text()


def test_existing_secret_file_is_tightened(tmp_path: Path) -> None:
    secret_file = tmp_path / "me.key_secret"
    secret_file.write_text("old")
    secret_file.chmod(0o644)
    zmq.auth.create_certificates(tmp_path, "me")
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_metadata_preserved(tmp_path: Path) -> None:
    metadata = {"name": "alice", "email": "alice@example.org", "role": "admin user"}
    public_file, secret_file = zmq.auth.create_certificates(tmp_path, "alice", metadata=metadata)
    for path in (public_file, secret_file):
        cert = _read_certificate(path)
        assert cert.metadata == metadata
        assert '    email = "alice@example.org"' in Path(path).read_text().splitlines()


@pytest.mark.parametrize("metadata", [{"bad name": "x"}, {"name": "two\nlines"}, {"q": 'a"b'}])
def test_metadata_that_cannot_be_written(tmp_path: Path, metadata: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="metadata"):
        zmq.auth.create_certificates(tmp_path, "x", metadata=metadata)
    assert not list(tmp_path.iterdir())


def test_load_certificates_ignores_other_files(tmp_path: Path) -> None:
    publics = set()
    for name in ("a", "b"):
        public_file, _ = zmq.auth.create_certificates(tmp_path, name)
        publics.add(zmq.auth.load_certificate(public_file)[0])
    (tmp_path / "README.txt").write_text("not a certificate\n")
    (tmp_path / "notes.key.bak").write_text("junk")
    (tmp_path / "dir.key").mkdir()
    assert zmq.auth.load_certificates(tmp_path) == dict.fromkeys(publics, True)


def test_load_certificates_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="Invalid certificate directory"):
        zmq.auth.load_certificates(tmp_path / "missing")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("hello world\n", id="no-key"),
        pytest.param('curve\n    public-key = "tooshort"\n', id="short-key"),
        pytest.param('curve\n    public-key = "' + "~" * 40 + '"\n', id="not-z85"),
        pytest.param('curve\n    public-key = "unterminated\n', id="unterminated"),
        pytest.param(b"\xff\xfe binary", id="binary"),
    ],
)
def test_malformed_certificate_names_the_file(tmp_path: Path, content: str | bytes) -> None:
    bad = tmp_path / "bad.key"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content)
    with pytest.raises(ValueError, match=re.escape(str(bad))):
        zmq.auth.load_certificate(bad)
    with pytest.raises(ValueError, match=re.escape(str(bad))):
        zmq.auth.load_certificates(tmp_path)


def test_loads_certificates_written_by_pyzmq_or_czmq(tmp_path: Path) -> None:
    """The layout pyzmq and czmq write: comment header, metadata and curve sections."""
    public, secret = zmq.curve_keypair()
    p, s = public.decode(), secret.decode()
    (tmp_path / "peer.key").write_text(
        "#   ****  Generated on 2024-01-01 12:00:00 by pyzmq  ****\n"
        "#   ZeroMQ CURVE Public Certificate\n"
        "\n"
        "metadata\n"
        '    name = "peer"\n'
        "curve\n"
        f'    public-key = "{p}"\n'
    )
    (tmp_path / "peer.key_secret").write_text(
        f"#   ZeroMQ CURVE **Secret** Certificate\n\nmetadata\ncurve\n"
        f'    public-key = "{p}"\n    secret-key = "{s}"\n'
    )
    assert zmq.auth.load_certificate(tmp_path / "peer.key") == (public, None)
    assert zmq.auth.load_certificate(tmp_path / "peer.key_secret") == (public, secret)
    assert _read_certificate(tmp_path / "peer.key").metadata == {"name": "peer"}
    assert zmq.auth.load_certificates(tmp_path) == {public: True}


def test_our_files_read_by_a_line_based_reader(tmp_path: Path) -> None:
    """pyzmq's reader takes the text after '=' on 'public-key'/'secret-key' lines, unquoted."""
    public_file, secret_file = zmq.auth.create_certificates(tmp_path, "x")
    found = {}
    for line in Path(secret_file).read_text().splitlines():
        line = line.strip()
        for name in ("public-key", "secret-key"):
            if line.startswith(name):
                found[name] = line.split("=", 1)[1].strip(" \t'\"").encode()
    assert (found["public-key"], found["secret-key"]) == zmq.auth.load_certificate(secret_file)
    assert Path(public_file).read_text().splitlines()[-2:] == [
        "curve",
        f'    public-key = "{found["public-key"].decode()}"',
    ]
