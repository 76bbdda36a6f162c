"""Frame (alias Message): implemented entirely in the compiled backend, so it costs nothing extra."""

from zmq.backend import Frame

Message = Frame

__all__ = ["Frame", "Message"]
