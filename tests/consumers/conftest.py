"""Real consumers of zmq: Jupyter kernels (ipykernel) driven by jupyter_client and nbclient.

Both ends run on the zmq under test: the client in this process, the kernel in a child started with
this interpreter. Jupyter's and IPython's files (connection files, profile, history) go to a
temporary directory, never to the user's.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Callable

import pytest

# requirements/consumers.txt: installed by `make test`, not in the PyPy venv (make test-pypy)
pytest.importorskip(
    "jupyter_client", reason="the Jupyter consumers (jupyter_client) are not installed"
)

from jupyter_client.manager import AsyncKernelManager, KernelManager

#: How long any one kernel request may take (kernels start in ~1 s here).
REQUEST_TIMEOUT = 60
#: How long a kernel may take to exit after a shutdown request before jupyter_client signals it
#: (its default, 5 s, is exceeded on a loaded 2-core machine; a signal would hide a clean exit).
SHUTDOWN_WAIT = 60.0
#: libzmq's assertion message ends with its source location, e.g. "(src/signaler.cpp:184)".
LIBZMQ_ASSERTION = re.compile(r"\(src/[\w/]+\.cpp:\d+\)")


@pytest.fixture(scope="session", autouse=True)
def our_pyzmq() -> None:
    """Installing the consumers must not have replaced our metapackage with the one-piece pyzmq."""
    ours = importlib.metadata.version("pyzmq-core")
    assert importlib.metadata.version("pyzmq") == ours, "pyzmq is not this project's metapackage"


@pytest.fixture(scope="session", autouse=True)
def jupyter_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Jupyter and IPython read and write their files under a temporary home."""
    home = tmp_path_factory.mktemp("jupyter")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
            mp.setenv(var, str(home / var.lower()))
        mp.setenv("JUPYTER_PLATFORM_DIRS", "1")
        yield home


class Kernel:
    """A started kernel with a connected client; ``run(x)`` completes what the client returned.

    The blocking and asyncio flavours of jupyter_client differ only in whether calls return values
    or coroutines, so one scenario drives both through ``run`` (and ``soon`` for calls made from
    inside an output hook, where the asyncio flavour is already running its loop).
    """

    manager_class: type = KernelManager

    def __init__(self, stderr: IO[str], extra_arguments: list[str]) -> None:
        self.km = self.manager_class(kernel_name="python3", shutdown_wait_time=SHUTDOWN_WAIT)
        self.run(self.km.start_kernel(stderr=stderr, extra_arguments=extra_arguments))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.run(self.kc.wait_for_ready(timeout=REQUEST_TIMEOUT))

    @property
    def process(self) -> subprocess.Popen[bytes]:
        return self.km.provisioner.process  # type: ignore[no-any-return]

    def run(self, value: Any) -> Any:
        return value

    def soon(self, call: Callable[[], Any]) -> None:
        call()

    def execute(self, code: str, **kwargs: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The execute_reply's content, and the IOPub messages the request produced."""
        outputs: list[dict[str, Any]] = []
        kwargs.setdefault("output_hook", outputs.append)
        reply = self.run(self.kc.execute_interactive(code, timeout=REQUEST_TIMEOUT, **kwargs))
        return reply["content"], outputs

    def shutdown(self) -> None:
        """Ask the kernel to shut down, as a user closing a notebook does (no kill)."""
        self.kc.stop_channels()
        self.run(self.km.shutdown_kernel(now=False))

    def close(self) -> None:
        if self.run(self.km.is_alive()):
            self.kc.stop_channels()
            self.run(self.km.shutdown_kernel(now=True))


class AsyncKernel(Kernel):
    manager_class = AsyncKernelManager

    def __init__(self, stderr: IO[str], extra_arguments: list[str]) -> None:
        self.loop = asyncio.new_event_loop()
        super().__init__(stderr, extra_arguments)

    def run(self, value: Any) -> Any:
        return self.loop.run_until_complete(value)

    def soon(self, call: Callable[[], Any]) -> None:
        self.loop.create_task(call())

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.loop.close()


@pytest.fixture(params=["blocking", "asyncio"])
def start_kernel(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., tuple[Kernel, Path]]]:
    """``start_kernel(*extra_arguments)``: a kernel of the parametrized client flavour, and the file
    that receives its stderr. Kernels left running are killed after the test."""
    started: list[Kernel] = []
    files: list[IO[str]] = []
    flavour = Kernel if request.param == "blocking" else AsyncKernel

    def start(*extra_arguments: str) -> tuple[Kernel, Path]:
        path = tmp_path / f"kernel-{len(started)}.stderr"
        stderr = open(path, "w")  # noqa: SIM115  (the kernel writes it until the test ends)
        files.append(stderr)
        kernel = flavour(stderr, list(extra_arguments))
        started.append(kernel)
        return kernel, path

    yield start
    for kernel in started:
        kernel.close()
    for f in files:
        f.close()
