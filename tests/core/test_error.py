"""zmq's exceptions: which class each libzmq error becomes, and what it carries."""

from __future__ import annotations

import copy
import pickle

import pytest

import zmq
from zmq.error import _check_rc, _check_version, _error_for

EFSM_TEXT = "Operation cannot be accomplished in current state"


def _linked() -> str:
    return ".".join(str(part) for part in zmq.zmq_version_info())


@pytest.mark.parametrize(
    ("errno", "cls"),
    [
        (zmq.EAGAIN, zmq.Again),
        (zmq.ETERM, zmq.ContextTerminated),
        (zmq.EINTR, zmq.InterruptedSystemCall),
        (zmq.EFSM, zmq.ZMQError),
        (zmq.EINVAL, zmq.ZMQError),
    ],
)
def test_errno_picks_the_class(errno: int, cls: type[zmq.ZMQError]) -> None:
    error = _error_for(errno)
    assert type(error) is cls
    assert error.errno == errno
    with pytest.raises(cls):
        _check_rc(-1, errno)


def test_class_hierarchy() -> None:
    for cls in (zmq.Again, zmq.ContextTerminated, zmq.InterruptedSystemCall):
        assert issubclass(cls, zmq.ZMQError)
    assert issubclass(zmq.ZMQError, zmq.ZMQBaseError)
    for cls in (zmq.NotDone, zmq.ZMQBindError, zmq.ZMQVersionError):
        assert issubclass(cls, zmq.ZMQBaseError)
    assert issubclass(zmq.ZMQBaseError, Exception)
    assert issubclass(zmq.ZMQVersionError, NotImplementedError)
    # code that retries interrupted OS calls handles this one too
    with pytest.raises(InterruptedError):
        raise zmq.InterruptedSystemCall()


def test_message_is_libzmq_text() -> None:
    error = zmq.ZMQError(zmq.EFSM)
    assert error.errno == zmq.EFSM
    assert error.strerror == str(error) == zmq.strerror(zmq.EFSM) == EFSM_TEXT
    assert repr(error) == f"ZMQError({EFSM_TEXT!r})"
    assert str(zmq.ZMQError(zmq.EINVAL, "custom text")) == "custom text"


def test_subclasses_carry_their_own_errno() -> None:
    again = zmq.Again()
    assert again.errno == zmq.EAGAIN
    assert str(again) == zmq.strerror(zmq.EAGAIN)
    # pyzmq's signature: both arguments are accepted and the errno is ignored
    assert zmq.ContextTerminated(zmq.EINVAL).errno == zmq.ETERM
    assert zmq.InterruptedSystemCall().errno == zmq.EINTR
    assert str(_error_for(zmq.EAGAIN, "would block")) == "would block"


@pytest.mark.parametrize(
    "error",
    [
        zmq.ZMQError(zmq.EFSM),
        zmq.ZMQError(zmq.EINVAL, "custom text"),
        zmq.Again(),
        zmq.ContextTerminated(),
        zmq.InterruptedSystemCall(),
        zmq.ZMQVersionError("99.0", "Teleport"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_pickle_and_copy_round_trip(error: Exception) -> None:
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert type(clone) is type(error)
        assert str(clone) == str(error)
        assert getattr(clone, "errno", None) == getattr(error, "errno", None)


def test_check_rc_passes_success() -> None:
    _check_rc(0)
    _check_rc(5)


def test_version_error_names_both_versions() -> None:
    error = zmq.ZMQVersionError("99.1", "Teleport")
    assert error.min_version == "99.1"
    assert str(error) == f"Teleport requires libzmq >= 99.1, have {_linked()}"


def test_check_version() -> None:
    _check_version((3, 2), "Old feature")
    _check_version(tuple(zmq.zmq_version_info()))
    with pytest.raises(zmq.ZMQVersionError) as caught:
        _check_version((99, 0), "Future feature")
    assert caught.value.min_version == "99.0"
    assert str(caught.value).startswith("Future feature requires libzmq >= 99.0")
