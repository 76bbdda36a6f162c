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
    cdef list held = []   # the Sockets in use without the GIL (see _hold)
    if type(sockets) is not tuple:
        sockets = tuple(sockets)  # what we report is what we polled, even if the list changes meanwhile
    n = len(sockets)
    items = <zmq_pollitem_t *>malloc(max(n, 1) * sizeof(zmq_pollitem_t))
    if items == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            obj, events = sockets[i]
            if isinstance(obj, Socket):
                _check_open(<Socket>obj)
                items[i].socket = (<Socket>obj).handle
                held.append(obj)
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
                for obj in held:
                    _hold(<Socket>obj)
                with nogil:
                    rc = zmq_poll(items, <int>n, timeout)
                for obj in held:
                    _unhold(<Socket>obj)
                if rc >= 0:
                    break
                _check_signals_or_raise(zmq_errno())
                for obj in held:
                    _check_open(<Socket>obj)  # closed by a signal handler?
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
