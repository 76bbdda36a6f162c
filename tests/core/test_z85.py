"""Z85 encoding (ZMQ RFC 32): the reference vector, round trips, and rejected input."""

from __future__ import annotations

import os

import pytest

from zmq.utils import z85


def test_rfc_vector() -> None:
    raw = bytes([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B])
    assert z85.encode(raw) == b"HelloWorld"
    assert z85.decode(b"HelloWorld") == raw


def test_rfc_curve_key_vector() -> None:
    # the client public key from the CURVE examples of ZMQ RFC 32 / zmq_curve(7)
    text = b"Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
    raw = z85.decode(text)
    assert len(raw) == 32
    assert raw[:4] == bytes.fromhex("BB88471D")
    assert z85.encode(raw) == text


@pytest.mark.parametrize("size", [0, 4, 8, 32, 256, 4096])
def test_round_trip_random(size: int) -> None:
    raw = os.urandom(size)
    text = z85.encode(raw)
    assert len(text) == size // 4 * 5
    assert all(c in z85.Z85CHARS for c in text)
    assert z85.decode(text) == raw


def test_extremes() -> None:
    assert z85.encode(b"\x00" * 4) == b"00000"
    assert z85.encode(b"\xff" * 4) == b"%nSc0"
    assert z85.decode(b"%nSc0") == b"\xff" * 4


def test_accepts_text_and_buffers() -> None:
    assert z85.decode("HelloWorld") == z85.decode(b"HelloWorld")
    assert z85.encode(bytearray(b"abcd")) == z85.encode(b"abcd")
    assert z85.encode(memoryview(b"abcd")) == z85.encode(b"abcd")
    assert z85.encode("abcd") == z85.encode(b"abcd")


@pytest.mark.parametrize("size", [1, 2, 3, 5, 33])
def test_encode_rejects_bad_length(size: int) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        z85.encode(b"x" * size)


@pytest.mark.parametrize("text", [b"Hell", b"HelloWorl", b"H"])
def test_decode_rejects_bad_length(text: bytes) -> None:
    with pytest.raises(ValueError, match="multiple of 5"):
        z85.decode(text)


@pytest.mark.parametrize(
    "text", [b"Hello Worl", b"Hell~", b'"0000', "Hellö", b"\x00\x00\x00\x00\x00"]
)
def test_decode_rejects_bad_characters(text: bytes | str) -> None:
    with pytest.raises(ValueError):
        z85.decode(text)


def test_decode_rejects_overflow() -> None:
    # "#####" is 85**5 - 1, beyond 32 bits
    with pytest.raises(ValueError, match="32 bits"):
        z85.decode(b"#####")


@pytest.mark.parametrize("func", [z85.encode, z85.decode])
@pytest.mark.parametrize("value", [8, 10, 0, None, 1.5, [1, 2, 3, 4]])
def test_rejects_non_buffers(func, value) -> None:
    # an int must not be read as "that many zero bytes" (z85.encode(8) gave b"0000000000")
    with pytest.raises(TypeError, match="bytes, a buffer or str"):
        func(value)


def test_accepts_any_contiguous_buffer() -> None:
    import array

    raw = bytes(range(8))
    assert z85.encode(array.array("B", raw)) == z85.encode(raw)
    assert z85.decode(bytearray(z85.encode(raw))) == raw
