"""Options as attributes: ``sock.linger = 0`` sets LINGER, ``ctx.io_threads`` gets IO_THREADS."""

from __future__ import annotations

from typing import Any


class AttributeSetter:
    """Mixin mapping upper-cased attribute names to options.

    Attributes that exist on the instance or its class are set normally; any other name must be an
    option (``_option_for`` decides which), so a typo raises AttributeError instead of silently
    creating an attribute. Subclasses declare their own attributes at class level.
    """

    def __setattr__(self, key: str, value: Any) -> None:
        # private names are never options: skip the lookup (async sockets set some per message)
        if (
            key[:1] == "_"
            or key in self.__dict__
            or any(key in klass.__dict__ for klass in type(self).__mro__)
        ):
            object.__setattr__(self, key, value)
            return
        option = self._option_for(key.upper())
        if option is None:
            raise AttributeError(f"{type(self).__name__} has no such option: {key.upper()}")
        self._set_attr_opt(key.upper(), option, value)

    def __getattr__(self, key: str) -> Any:
        # only reached when normal lookup fails
        if key.startswith("_"):
            raise AttributeError(key)
        option = self._option_for(key.upper())
        if option is None:
            raise AttributeError(f"{type(self).__name__} has no such option: {key.upper()}")
        return self._get_attr_opt(key.upper(), option)

    def _option_for(self, name: str) -> int | None:
        raise NotImplementedError

    def _set_attr_opt(self, name: str, option: int, value: Any) -> None:
        raise NotImplementedError

    def _get_attr_opt(self, name: str, option: int) -> Any:
        raise NotImplementedError


__all__ = ["AttributeSetter"]
