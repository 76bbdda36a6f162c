# Turning libzmq's errno into the right ZMQError subclass.

cdef inline int _raise_zmq(int errnum) except -1:
    raise _error_for(errnum)


cdef int _check_signals_or_raise(int errnum) except -1:
    """After a call failed with errnum: run signal handlers on EINTR (return 0: retry), else raise."""
    if errnum == EINTR:
        PyErr_CheckSignals()  # raises KeyboardInterrupt & co. straight through
        return 0
    raise _error_for(errnum)


cdef int _raise_with_endpoint(int errnum, object addr) except -1:
    """A bind/connect failure, naming the endpoint so the message says which one."""
    msg = f"{zmq_strerror(errnum).decode('utf-8', 'replace')} (addr={addr!r})"
    if errnum == ENAMETOOLONG and PYZMQ_IPC_PATH_MAX_LEN > 0:
        url = addr.decode("utf-8", "replace") if isinstance(addr, bytes) else str(addr)
        if url.startswith("ipc://"):
            msg += (
                f": an ipc path may be at most {PYZMQ_IPC_PATH_MAX_LEN} bytes long"
                " (zmq.IPC_PATH_MAX_LEN, the size of sockaddr_un.sun_path)"
            )
    raise _error_for(errnum, msg)
