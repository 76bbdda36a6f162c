# Proxies and devices: run until the context is terminated (or a steering TERMINATE).

cdef void *_handle_or_null(object sock) except? NULL:
    if sock is None:
        return NULL
    if not isinstance(sock, Socket):
        raise TypeError(f"expected a zmq.Socket, got {type(sock).__name__}")
    _check_open(<Socket>sock)
    return (<Socket>sock).handle


def proxy(frontend, backend, capture=None):
    """Shuttle messages between frontend and backend (zmq_proxy), copying them to capture if given.

    Blocks until the context is terminated, then raises ContextTerminated.
    """
    cdef void *f = _handle_or_null(frontend)
    cdef void *b = _handle_or_null(backend)
    cdef void *c = _handle_or_null(capture)
    cdef int rc
    while True:
        with nogil:
            rc = zmq_proxy(f, b, c)
        if rc == 0:
            return
        _check_signals_or_raise(zmq_errno())


def proxy_steerable(frontend, backend, capture=None, control=None):
    """Like proxy(), plus a control socket taking PAUSE, RESUME, TERMINATE and STATISTICS."""
    cdef void *f = _handle_or_null(frontend)
    cdef void *b = _handle_or_null(backend)
    cdef void *c = _handle_or_null(capture)
    cdef void *ctl = _handle_or_null(control)
    cdef int rc
    while True:
        with nogil:
            rc = zmq_proxy_steerable(f, b, c, ctl)
        if rc == 0:
            return
        _check_signals_or_raise(zmq_errno())


def device(int device_type, frontend, backend=None):
    """The pre-proxy name for proxy(): device_type (QUEUE, FORWARDER, STREAMER) is accepted and unused."""
    return proxy(frontend, backend)
