# zmq_poll over sockets and plain file descriptors.

cdef int _fd_of(object obj) except? -1:
    if isinstance(obj, int):
        return obj
    if hasattr(obj, "fileno"):
        return obj.fileno()
    raise TypeError(f"cannot poll {obj!r}: not a zmq.Socket, an int fd, nor an object with fileno()")


def _poll(sockets, long timeout=-1):
    """Poll a list of ``(socket_or_fd, events)`` pairs; timeout in ms, negative waits forever.

    Returns the ``(socket_or_fd, revents)`` pairs that have events: zmq sockets as given, anything
    else as its int fd (like ``select.poll``). An interrupting signal runs the
    Python handlers and, if none raises, the poll resumes for the time left.
    """
    cdef Py_ssize_t i, n
    cdef int rc
    cdef zmq_pollitem_t *items
    cdef double deadline = 0.0
    cdef list result
    if not isinstance(sockets, (list, tuple)):
        sockets = list(sockets)
    n = len(sockets)
    items = <zmq_pollitem_t *>malloc(max(n, 1) * sizeof(zmq_pollitem_t))
    if items == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            obj, events = sockets[i]
            if isinstance(obj, Socket):
                if (<Socket>obj).handle == NULL:
                    raise ZMQError(ENOTSOCK)
                items[i].socket = (<Socket>obj).handle
                items[i].fd = 0
            else:
                items[i].socket = NULL
                items[i].fd = _fd_of(obj)
            items[i].events = events
            items[i].revents = 0
        if timeout > 0:
            deadline = time.monotonic() + timeout / 1000.0
        # most polls in a busy program find something at once: try that before dropping the GIL
        rc = zmq_poll(items, <int>n, 0)
        if rc == 0 and timeout != 0:
            while True:
                with nogil:
                    rc = zmq_poll(items, <int>n, timeout)
                if rc >= 0:
                    break
                _check_signals_or_raise(zmq_errno())
                if timeout > 0:
                    timeout = max(0, <long>((deadline - time.monotonic()) * 1000))
        elif rc < 0:
            _raise_zmq(zmq_errno())
        result = []
        for i in range(n):
            if items[i].revents:
                if items[i].socket != NULL:
                    result.append((sockets[i][0], items[i].revents))
                else:
                    result.append((items[i].fd, items[i].revents))
        return result
    finally:
        free(items)
