# The core's Cython API: `from zmq cimport Context, Socket, Frame, libzmq` in a third-party extension
# (compile with include_dirs=zmq.get_includes(), link libzmq from zmq.get_library_dirs()).
from zmq.backend.cython cimport libzmq
from zmq.backend.cython._zmq cimport Context, Frame, Socket
