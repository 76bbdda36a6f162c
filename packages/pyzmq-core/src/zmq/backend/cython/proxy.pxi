# Proxies and devices: run until the context is terminated (or a steering TERMINATE).

cdef void *_handle_or_null(object sock) except? NULL:
    if sock is None:
        return NULL
    if not isinstance(sock, Socket):
        raise TypeError(f"expected a zmq.Socket, got {type(sock).__name__}")
    _check_open(<Socket>sock)
    return (<Socket>sock).handle


cdef void _hold_all(tuple socks) noexcept:
    for sock in socks:
        if sock is not None:
            _hold(<Socket>sock)


cdef void _unhold_all(tuple socks) noexcept:
    for sock in socks:
        if sock is not None:
            _unhold(<Socket>sock)


def proxy(frontend, backend, capture=None):
    """Shuttle messages between frontend and backend (zmq_proxy), copying them to capture if given.

    Blocks until the context is terminated, then raises ContextTerminated.
    """
    cdef void *f = _handle_or_null(frontend)
    cdef void *b = _handle_or_null(backend)
    cdef void *c = _handle_or_null(capture)
    cdef int rc
    cdef tuple socks = (frontend, backend, capture)
    while True:
        _hold_all(socks)
        with nogil:
            rc = zmq_proxy(f, b, c)
        _unhold_all(socks)
        if rc == 0:
            return
        _check_signals_or_raise(zmq_errno())
        f = _handle_or_null(frontend)  # closed meanwhile (by a signal handler, another thread)?
        b = _handle_or_null(backend)
        c = _handle_or_null(capture)


def proxy_steerable(frontend, backend, capture=None, control=None):
    """Like proxy(), plus a control socket taking PAUSE, RESUME, TERMINATE and STATISTICS."""
    cdef void *f = _handle_or_null(frontend)
    cdef void *b = _handle_or_null(backend)
    cdef void *c = _handle_or_null(capture)
    cdef void *ctl = _handle_or_null(control)
    cdef int rc
    cdef tuple socks = (frontend, backend, capture, control)
    while True:
        _hold_all(socks)
        with nogil:
            rc = zmq_proxy_steerable(f, b, c, ctl)
        _unhold_all(socks)
        if rc == 0:
            return
        _check_signals_or_raise(zmq_errno())
        f = _handle_or_null(frontend)
        b = _handle_or_null(backend)
        c = _handle_or_null(capture)
        ctl = _handle_or_null(control)


def device(int device_type, frontend, backend=None):
    """The pre-proxy name for proxy(): device_type (QUEUE, FORWARDER, STREAMER) is accepted and unused."""
    return proxy(frontend, backend)
