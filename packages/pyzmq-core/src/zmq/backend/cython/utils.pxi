# Versions, capabilities, CURVE keys and other small libzmq helpers.

def zmq_version_info():
    """The linked libzmq's version as a (major, minor, patch) tuple."""
    cdef int major, minor, patch
    zmq_version(&major, &minor, &patch)
    return (major, minor, patch)


def strerror(int errno):
    """libzmq's text for an errno (covers libzmq's own codes like EFSM)."""
    # The parameter keeps pyzmq's name (strerror(errno=...)); it shadows libc's errno only here.
    return zmq_strerror(errno).decode("utf-8", "replace")


cdef int _draft_unavailable(str feature) except -1:
    """Raise pyzmq's RuntimeError for a DRAFT-only feature used on a build without the DRAFT API."""
    raise RuntimeError(f"libzmq and pyzmq must be built with draft support for {feature}")


def _zmq_errno():
    """libzmq's errno for the calling thread."""
    return zmq_errno()


def has(capability):
    """Whether the linked libzmq supports a capability: 'ipc', 'curve', 'draft', 'gssapi', ..."""
    if isinstance(capability, str):
        capability = capability.encode("utf-8")
    return bool(zmq_has(capability))


def curve_keypair():
    """A new CURVE key pair, each Z85-encoded (40 bytes): ``(public, secret)``."""
    cdef char public_key[41]
    cdef char secret_key[41]
    if zmq_curve_keypair(public_key, secret_key) != 0:
        _raise_zmq(zmq_errno())
    return public_key[:40], secret_key[:40]


def curve_public(secret_key):
    """The Z85 CURVE public key belonging to a Z85 secret key."""
    cdef char public_key[41]
    if isinstance(secret_key, str):
        secret_key = secret_key.encode("ascii")
    if not isinstance(secret_key, bytes) or len(secret_key) != 40:
        raise ValueError("a CURVE secret key is 40 bytes of Z85 text")
    if zmq_curve_public(public_key, secret_key) != 0:
        _raise_zmq(zmq_errno())
    return public_key[:40]


cdef class Stopwatch:
    """A microsecond stopwatch from libzmq: start(), then stop() returns the elapsed µs."""

    cdef void *watch

    def __dealloc__(self):
        if self.watch != NULL:
            zmq_stopwatch_stop(self.watch)

    def start(self):
        if self.watch != NULL:
            raise ZMQError(EINVAL, "Stopwatch is already running.")
        self.watch = zmq_stopwatch_start()

    def stop(self):
        cdef unsigned long elapsed
        if self.watch == NULL:
            raise ZMQError(EINVAL, "Must start the Stopwatch before calling stop.")
        elapsed = zmq_stopwatch_stop(self.watch)
        self.watch = NULL
        return elapsed


def _zerocopy_refs():
    """{key: (buffer owner, tracker event or None)} for every zero-copy buffer libzmq still holds.

    Read-only view of the collector's hints for zmq.utils.garbage; a hint is only freed by the
    collector with the GIL held, after leaving _pending_hints, so each one checked here is alive.
    """
    cdef pyzmq_zc_hint *h
    refs = {}
    if _collector_pid != getpid():
        return refs  # a forked child: the hints it inherited belong to the parent's libzmq
    for key in list(_pending_hints):
        if key not in _pending_hints:
            continue
        h = <pyzmq_zc_hint *><size_t>key
        owner = h.view.obj if <void *>h.view.obj != NULL else None
        event = <object>h.event if h.event != NULL else None
        refs[key] = (owner, event)
    return refs
