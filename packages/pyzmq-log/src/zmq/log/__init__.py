"""Python logging over ZeroMQ PUB/SUB (the ``pyzmq-log`` distribution).

:mod:`zmq.log.handlers` holds :class:`~zmq.log.handlers.PUBHandler`, which publishes log records on
a PUB socket under topics ``root_topic.LEVEL[.subtopic]``, and
:class:`~zmq.log.handlers.TopicLogger`; ``python -m zmq.log`` is a watcher that prints them.
"""
