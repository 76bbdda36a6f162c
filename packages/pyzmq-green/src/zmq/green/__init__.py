"""gevent-cooperative ZeroMQ (the ``pyzmq-green`` distribution): ``import zmq.green as zmq``.

It needs gevent, which ``pip install pyzmq-green[gevent]`` (or ``pyzmq[green]``) brings.
"""
