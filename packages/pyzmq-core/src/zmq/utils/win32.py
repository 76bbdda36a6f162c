"""Windows helpers: let Ctrl-C interrupt a blocking ZeroMQ call.

On Windows, Python only turns Ctrl-C into KeyboardInterrupt when control returns to the interpreter,
which never happens while a ``poll``/``recv`` with no timeout waits inside libzmq. Use
:class:`allow_interrupt` around such calls with an ``action`` that wakes them (e.g. sends to a
socket being polled). Elsewhere signals already interrupt those calls, so it does nothing.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Callable

__all__ = ["allow_interrupt"]


class allow_interrupt:
    """Context manager running ``action()`` when Ctrl-C is pressed (Windows); a no-op elsewhere.

    Parameters
    ----------
    action : collections.abc.Callable, optional
        Called with no arguments from the console control handler thread on Ctrl-C, to unblock
        the ZeroMQ call so the KeyboardInterrupt can be raised.
    """

    def __init__(self, action: Callable[[], Any] | None = None) -> None:
        self.action = action if action is not None else (lambda: None)
        self._handler: Any = None

    if sys.platform == "win32":

        def __enter__(self) -> allow_interrupt:
            import ctypes
            from ctypes import wintypes

            handler_type = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)
            ctrl_c_event = 0

            def handle(event: int) -> int:
                if event == ctrl_c_event:
                    self.action()
                # 0: let the next handler (Python's own) run too, so KeyboardInterrupt is raised
                return 0

            self._handler = handler_type(handle)
            set_handler = ctypes.windll.kernel32.SetConsoleCtrlHandler
            if not set_handler(self._handler, True):
                raise ctypes.WinError()
            return self

    else:

        def __enter__(self) -> allow_interrupt:
            return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handler is not None:  # only ever set on Windows
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            kernel32.SetConsoleCtrlHandler(self._handler, False)
            self._handler = None
