"""CURVE certificate files: creation, permissions, loading, and the file format shared with pyzmq."""

from __future__ import annotations

import errno
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


# --- writing keys never follows a planted link; errors never echo a whole value (issue 17)


@pytest.mark.parametrize("which", ["key", "key_secret"])
@pytest.mark.parametrize("dangling", [False, True], ids=["to-file", "dangling"])
def test_planted_symlink_is_refused(tmp_path: Path, which: str, dangling: bool) -> None:
    """Was: the secret key was written through a symlink planted at its name (e.g. by another user
    in a shared directory), into whatever file it pointed to, or created where it pointed."""
    keys, elsewhere = tmp_path / "keys", tmp_path / "elsewhere"
    keys.mkdir()
    elsewhere.mkdir()
    victim = elsewhere / "victim"
    if not dangling:
        victim.write_text("precious\n")
    (keys / f"me.{which}").symlink_to(victim)
    with pytest.raises(OSError, match="symbolic link") as info:
        zmq.auth.create_certificates(keys, "me")
    assert info.value.errno == errno.ELOOP
    assert info.value.filename == os.path.join(keys, f"me.{which}")
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "precious\n"
    assert [p.name for p in keys.iterdir()] == [f"me.{which}"]  # nothing else written
    assert (keys / f"me.{which}").is_symlink()


def test_directory_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "me.key_secret").mkdir()
    with pytest.raises(OSError, match="not a file"):
        zmq.auth.create_certificates(tmp_path, "me")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.key_secret"]


def test_only_the_two_files_are_left(tmp_path: Path) -> None:
    old_umask = os.umask(0)  # the secret file is 0600 whatever the umask
    try:
        zmq.auth.create_certificates(tmp_path, "me")
    finally:
        os.umask(old_umask)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.key", "me.key_secret"]
    assert stat.S_IMODE((tmp_path / "me.key_secret").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "me.key").stat().st_mode) == 0o666  # umask 0: as open() does


def test_replacing_keeps_other_hard_links_intact(tmp_path: Path) -> None:
    """An existing name is replaced by a new file: a hard link to it elsewhere keeps its content."""
    (tmp_path / "me.key_secret").write_text("old\n")
    os.link(tmp_path / "me.key_secret", tmp_path / "linked")
    zmq.auth.create_certificates(tmp_path, "me")
    assert (tmp_path / "linked").read_text() == "old\n"
    assert "secret-key" in (tmp_path / "me.key_secret").read_text()


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('    public-key = "{long}"', id="long-public-key"),
        pytest.param('    public-key = "{long}', id="unterminated-public-key"),
    ],
)
def test_malformed_value_is_quoted_capped(tmp_path: Path, line: str) -> None:
    long = "A" * 10_000
    bad = tmp_path / "bad.key"
    bad.write_text("curve\n" + line.format(long=long) + "\n")
    with pytest.raises(ValueError) as info:
        zmq.auth.load_certificate(bad)
    msg = str(info.value)
    assert "A" * 39 in msg and "A" * 41 not in msg and "..." in msg
    assert len(msg) < len(str(bad)) + 150, msg


@pytest.mark.parametrize(
    "value",
    [
        pytest.param('"{secret}x"', id="one-too-many"),
        pytest.param('"{secret}', id="unterminated"),
    ],
)
def test_malformed_secret_key_is_not_quoted(tmp_path: Path, value: str) -> None:
    """An error message (which ends up in logs) never carries even part of a secret key."""
    public, secret = zmq.curve_keypair()
    bad = tmp_path / "bad.key_secret"
    text = value.format(secret=secret.decode())
    bad.write_text(f'curve\n    public-key = "{public.decode()}"\n    secret-key = {text}\n')
    with pytest.raises(ValueError, match=r"secret-key|unterminated") as info:
        zmq.auth.load_certificate(bad)
    assert secret.decode()[:8] not in str(info.value)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.key"
    with open(big, "wb") as f:
        f.write(b"#" * (1024 * 1024))
    with pytest.raises(ValueError, match="not a certificate file"):
        zmq.auth.load_certificate(big)
