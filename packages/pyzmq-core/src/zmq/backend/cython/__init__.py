"""The Cython backend: the compiled extension ``_zmq`` and its ``.pxd`` declarations."""
