"""Serializing messages: json, pickle, a custom multipart format, and zero-copy arrays.

- ``send_json``/``recv_json`` and ``send_pyobj``/``recv_pyobj`` for quick structured messages
  (never unpickle data from peers you do not trust);
- ``send_serialized``/``recv_serialized`` with your own functions turning an object into frames;
- ``copy=False`` sends a large buffer (here a numpy array) without copying it into the message.
"""

import json

import numpy as np

import zmq


def serialize_array(a: np.ndarray) -> list:
    """Two frames: a json header describing the array, then its raw bytes (not copied)."""
    header = {"dtype": str(a.dtype), "shape": a.shape}
    return [json.dumps(header).encode(), a]


def deserialize_array(frames: list) -> np.ndarray:
    # received with copy=False, the frames are zmq.Frame objects: .bytes copies a small header out,
    # and np.frombuffer reads the big one in place through .buffer, a memoryview of the frame (the
    # Frame itself is a buffer too, except on the CFFI backend before Python 3.12)
    header = json.loads(frames[0].bytes)
    return np.frombuffer(frames[1].buffer, dtype=header["dtype"]).reshape(header["shape"])


def main() -> None:
    with zmq.Context() as ctx, ctx.socket(zmq.PAIR) as a, ctx.socket(zmq.PAIR) as b:
        a.bind("tcp://127.0.0.1:0")
        b.connect(a.last_endpoint)
        b.rcvtimeo = 2000

        a.send_json({"op": "add", "args": [1, 2]})
        print("json:", b.recv_json())

        a.send_pyobj({"a set": {1, 2, 3}, "a tuple": (4, 5)})
        print("pyobj:", b.recv_pyobj())

        big = np.arange(1_000_000, dtype=np.float64)  # 8 MB: far above copy_threshold
        tracker = a.send_serialized(big, serialize_array, copy=False, track=True)
        received = b.recv_serialized(deserialize_array, copy=False)
        tracker.wait(2)  # libzmq has let go of `big`: it may be modified again
        print(f"array: shape={received.shape} sum={received.sum():.0f}")
        assert np.array_equal(big, received)
    print("serialization: json, pyobj and a zero-copy array")


if __name__ == "__main__":
    main()
