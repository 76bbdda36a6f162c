"""A Jupyter kernel's whole lifecycle on this zmq, driven by jupyter_client's blocking and asyncio
clients: start, requests, streamed output, errors, stdin, interrupt, restart and shutdown.

The kernel must exit 0 on a shutdown request, with no libzmq assertion on its stderr: ipykernel
closes its IOPub loop with ``IOLoop.close(all_fds=True)``, which once closed libzmq's own descriptor.
"""

from __future__ import annotations

import importlib.metadata
import os
import queue
from pathlib import Path
from typing import Any, Callable

import pytest
from jupyter_client.manager import KernelManager

import zmq

from .conftest import LIBZMQ_ASSERTION, REQUEST_TIMEOUT, Kernel

#: Start/execute/shutdown cycles in the repeated-shutdown test (PYZMQ_KERNEL_CYCLES for a longer run).
CYCLES = int(os.environ.get("PYZMQ_KERNEL_CYCLES", "20"))
#: With fd capture off, what libzmq writes to fd 2 reaches the stderr file instead of the client.
NO_FD_CAPTURE = "--IPKernelApp.capture_fd_output=False"


def streamed_text(outputs: list[dict[str, Any]], name: str = "stdout") -> str:
    return "".join(
        m["content"]["text"]
        for m in outputs
        if m["header"]["msg_type"] == "stream" and m["content"]["name"] == name
    )


def result_text(outputs: list[dict[str, Any]]) -> str:
    results = [m for m in outputs if m["header"]["msg_type"] == "execute_result"]
    assert len(results) == 1, outputs
    text: str = results[0]["content"]["data"]["text/plain"]
    return text


def assert_clean_exit(process: Any, stderr: Path) -> None:
    assert process.returncode == 0, (
        f"kernel exit status {process.returncode}:\n{stderr.read_text()}"
    )
    found = LIBZMQ_ASSERTION.search(stderr.read_text())
    assert found is None, f"libzmq assertion in the kernel's stderr: {found}"


def test_kernel_whole_lifecycle(start_kernel: Callable[..., tuple[Kernel, Path]]) -> None:
    kernel, stderr = start_kernel(NO_FD_CAPTURE)
    first_process = kernel.process

    info = kernel.run(kernel.kc.kernel_info(reply=True, timeout=60))["content"]
    assert info["status"] == "ok" and info["implementation"] == "ipython"

    # both ends on the zmq under test
    _, outputs = kernel.execute(
        "import importlib.metadata, zmq; print(zmq.__file__, importlib.metadata.version('pyzmq-core'))"
    )
    assert streamed_text(outputs).split() == [
        zmq.__file__,
        importlib.metadata.version("pyzmq-core"),
    ]

    reply, outputs = kernel.execute("6 * 7")
    assert reply["status"] == "ok" and result_text(outputs) == "42"

    # 1 MiB of output, streamed over IOPub in many messages
    reply, outputs = kernel.execute("for _ in range(1024): print('x' * 1023)")
    assert reply["status"] == "ok"
    assert streamed_text(outputs) == ("x" * 1023 + "\n") * 1024

    reply, outputs = kernel.execute("1 / 0")
    assert reply["status"] == "error" and reply["ename"] == "ZeroDivisionError"
    assert [m["content"]["ename"] for m in outputs if m["header"]["msg_type"] == "error"] == [
        "ZeroDivisionError"
    ]

    prompts: list[str] = []

    def answer(msg: dict[str, Any]) -> None:
        prompts.append(msg["content"]["prompt"])
        kernel.kc.input("from the client")

    reply, _ = kernel.execute("name = input('name? ')", allow_stdin=True, stdin_hook=answer)
    assert reply["status"] == "ok" and prompts == ["name? "]
    _, outputs = kernel.execute("name")
    assert result_text(outputs) == "'from the client'"

    def interrupt_once_sleeping(msg: dict[str, Any]) -> None:
        if msg["header"]["msg_type"] == "stream" and "sleeping" in msg["content"]["text"]:
            kernel.soon(kernel.km.interrupt_kernel)

    reply, _ = kernel.execute(
        "import time\nprint('sleeping', flush=True)\ntime.sleep(30)",
        output_hook=interrupt_once_sleeping,
    )
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt"
    _, outputs = kernel.execute("'still alive'")
    assert result_text(outputs) == "'still alive'"

    kernel.run(kernel.km.restart_kernel(now=False))
    kernel.run(kernel.kc.wait_for_ready(timeout=60))
    assert kernel.process is not first_process
    assert_clean_exit(first_process, stderr)
    reply, outputs = kernel.execute("'restarted'")
    assert reply["status"] == "ok" and result_text(outputs) == "'restarted'"

    process = kernel.process
    kernel.shutdown()
    assert_clean_exit(process, stderr)


@pytest.mark.parametrize("start_kernel", ["blocking"], indirect=True)
def test_repeated_shutdowns_exit_cleanly(start_kernel: Callable[..., tuple[Kernel, Path]]) -> None:
    """Start, execute, shut down, CYCLES times, with the kernel's default settings."""
    for cycle in range(CYCLES):
        kernel, stderr = start_kernel()
        reply, outputs = kernel.execute(f"{cycle} + 1")
        assert reply["status"] == "ok" and result_text(outputs) == str(cycle + 1)
        process = kernel.process
        kernel.shutdown()
        assert_clean_exit(process, stderr)


def test_threaded_client(tmp_path: Path) -> None:
    """jupyter_client's ThreadedKernelClient (qtconsole's) runs ZMQStreams on an IOLoop thread in
    this process, and closes that loop with ``close(all_fds=True)`` when its channels stop."""
    km = KernelManager(
        kernel_name="python3", client_class="jupyter_client.threaded.ThreadedKernelClient"
    )
    stderr_path = tmp_path / "kernel.stderr"
    with open(stderr_path, "w") as stderr:
        km.start_kernel(stderr=stderr, extra_arguments=[NO_FD_CAPTURE])
        process = km.provisioner.process
        try:
            kc = km.client()
            replies: queue.Queue[dict[str, Any]] = queue.Queue()
            kc.start_channels()
            kc.shell_channel.call_handlers = replies.put
            kc.execute("6 * 7")
            while True:  # bounded by the timeout of get()
                reply = replies.get(timeout=REQUEST_TIMEOUT)
                if reply["msg_type"] == "execute_reply":
                    break
            assert reply["content"]["status"] == "ok"
            streams = [channel.stream for channel in (kc.shell_channel, kc.iopub_channel)]
            kc.stop_channels()  # closes the streams, then the IOLoop with all_fds=True
            assert all(stream is None or stream.closed() for stream in streams)
            km.shutdown_kernel(now=False)
        finally:
            if km.is_alive():
                km.shutdown_kernel(now=True)
    assert_clean_exit(process, stderr_path)
