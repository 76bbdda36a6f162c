# The backend's cdef classes, for `from zmq.backend.cython cimport Socket` (as in pyzmq);
# `from zmq cimport Socket` gives the same classes.
from zmq.backend.cython._zmq cimport Context, Frame, Socket
