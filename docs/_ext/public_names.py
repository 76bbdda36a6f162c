"""Sphinx extension: document the API under the names users import, and keep internals out of it.

The classes live in implementation modules (``zmq.Socket`` is defined in ``zmq.sugar.socket``, its
``send`` in the compiled backend), and type annotations name them there. The reference documents
each object once, under its public name; this extension makes every other path to the same object
(an annotation, a base class, a docstring's role) link to that entry, by object identity rather
than a hand-kept table. It also keeps private helpers out of what a reader sees:

- a reference to a private ``TypeVar`` (``_S``, ``_C`` ...) shows and links its bound (``Socket``,
  ``Context``), or the bare name when it has none;
- parameters whose name starts with ``_`` are dropped from signatures, and so are the C types
  and ``self`` of Cython's embedded signatures;
- implementation mixins (the Cython base classes, ``AttributeSetter``, ``Generic``) are not listed
  as bases;
- a bare builtin name in a type (``bytes``) links to Python's docs, never to a documented
  ``*.bytes`` attribute;
- viewcode's module index links only the source pages it writes;
- attribute docstrings are read as prose: napoleon would otherwise take any ``label: text`` first
  line for ``type: description`` (and Cython's embedded ``more: 'bool'`` is dropped).
"""

from __future__ import annotations

import importlib
import re
import typing
from typing import Any, TypeVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.ext import intersphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# Standard-library objects whose runtime path is not the documented one.
_STDLIB_PATHS = {
    "_asyncio.Future": "asyncio.Future",
    "_asyncio.Task": "asyncio.Task",
    "asyncio.events.AbstractEventLoop": "asyncio.AbstractEventLoop",
    "asyncio.unix_events._UnixSelectorEventLoop": "asyncio.SelectorEventLoop",
    "asyncio.exceptions.CancelledError": "asyncio.CancelledError",
}

# Names that annotations use only for type checkers (imported under TYPE_CHECKING).
_TYPING_ONLY = {
    "_IntSocketOption": "zmq.integration.IntSocketOption",
    "_BytesSocketOption": "zmq.integration.BytesSocketOption",
    "Buffer": "collections.abc.Buffer",
}

# Bases that say how a class is built, not what it is.
_HIDDEN_BASE_MODULES = ("zmq.backend", "zmq.sugar.attrsettr", "typing")


def _import_path(path: str) -> Any:
    """The object a dotted path names (module, then attributes), or None."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except Exception:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _identity(obj: Any) -> Any:
    """What identifies a documented object: functions reached through a class are the function."""
    return getattr(obj, "__func__", obj)


def _documented(app: Sphinx) -> dict[int, tuple[str, str]]:
    """id(object) -> (documented name, object type) for every class, function and method."""
    cache: dict[int, tuple[str, str]] | None = getattr(app, "_public_names_cache", None)
    if cache is not None:
        return cache
    cache = {}
    keep = {"class", "exception", "function", "method", "property", "module", "classmethod"}
    for name, entry in sorted(app.env.domains["py"].objects.items()):
        if entry.objtype not in keep or entry.aliased:
            continue
        obj = _import_path(name)
        if obj is not None:
            # the shortest documented name wins (zmq.Socket over a plugin's re-export)
            current = cache.get(id(_identity(obj)))
            if current is None or len(name) < len(current[0]):
                cache[id(_identity(obj))] = (name, entry.objtype)
    app._public_names_cache = cache  # type: ignore[attr-defined]
    return cache


def _with_text(contnode: nodes.Node, text: str) -> nodes.Node:
    if isinstance(contnode, nodes.Text):
        return nodes.Text(text)
    new = contnode.deepcopy()
    new.children = [nodes.Text(text)]
    return new


def _link(app: Sphinx, env: Any, node: Any, target: str, text: nodes.Node) -> Any:
    node = node.deepcopy()
    node["reftarget"] = target
    node["refdomain"] = "py"
    node["reftype"] = "obj"
    resolved = env.domains["py"].resolve_xref(
        env, node["refdoc"], app.builder, "obj", target, node, text
    )
    if resolved is None:
        resolved = intersphinx.missing_reference(app, env, node, text)
    return resolved


def resolve(app: Sphinx, env: Any, node: Any, contnode: nodes.Node) -> Any:
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    if target in _STDLIB_PATHS or target in _TYPING_ONLY:
        public = _STDLIB_PATHS.get(target) or _TYPING_ONLY[target]
        if contnode.astext().startswith("_"):  # shown under its public name
            contnode = _with_text(contnode, public.rpartition(".")[2])
        return _link(app, env, node, public, contnode)
    obj = _import_path(target)
    if obj is None and node.get("py:module"):  # a short name, in the module being documented
        obj = _import_path(f"{node['py:module']}.{target}")
    if obj is None:
        return None
    if isinstance(obj, type) and obj.__name__.startswith("_") and obj.__module__.startswith("zmq"):
        return _private_class(app, env, node, obj)
    if isinstance(obj, TypeVar):
        bound = obj.__bound__
        if bound is None:
            return nodes.literal(text=obj.__name__.lstrip("_"))
        if not isinstance(bound, type):  # a forward reference ("Socket[Any]")
            bound = _import_path(f"{obj.__module__}.{bound.__forward_arg__.split('[')[0]}")
        text = nodes.literal(text=getattr(bound, "__name__", str(bound)))
        return _resolve_object(app, env, node, bound, text) or text
    return _resolve_object(app, env, node, obj, contnode)


def _private_class(app: Sphinx, env: Any, node: Any, cls: type) -> Any:
    """A private helper type in an annotation: named by what it is, not by its private name."""
    if issubclass(cls, dict):  # a TypedDict: a plain dict at run time
        return _link(app, env, node, "dict", nodes.literal(text="dict"))
    # a Protocol or helper class: its public-looking name, unlinked (the docstring explains it)
    return nodes.literal(text=cls.__name__.lstrip("_"))


def _resolve_object(app: Sphinx, env: Any, node: Any, obj: Any, contnode: nodes.Node) -> Any:
    found = _documented(app).get(id(_identity(obj)))
    if found is not None:
        return _link(app, env, node, found[0], contnode)
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", None)
    if module and name and f"{module}.{name}" != node["reftarget"]:
        return _link(app, env, node, f"{module}.{name}", contnode)
    return None


# Cython's embedded signatures carry C types ("int flags=0") and self; enum defaults print as
# their repr ("<PollEvent.POLLIN: 1>").
_C_TYPE = re.compile(
    r"\b(?:bint|bool|int|long|double|Py_ssize_t|size_t|unsigned int)\s+(?=\w+\s*(?:=|,|$))"
)
_ENUM_REPR = re.compile(r"<\w+\.([\w|]+): -?\d+>")


def _split_parameters(inner: str) -> list[str]:
    params, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            params.append(inner[start:i].strip())
            start = i + 1
    params.append(inner[start:].strip())
    return [p for p in params if p]


def clean_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    ret: str | None,
) -> tuple[str | None, str | None] | None:
    """Python-level signatures: no private parameters, no C types, no self, enum names."""
    if not signature or not signature.startswith("("):
        return None
    params = _split_parameters(signature[1:-1])
    if params and params[0] == "self":
        params = params[1:]
    params = [_ENUM_REPR.sub(r"\1", _C_TYPE.sub("", p)) for p in params if not re.match(r"_\w", p)]
    return f"({', '.join(params)})", ret


def _shown_bases(bases: Any) -> list[Any]:
    shown: list[Any] = []
    for base in bases:
        if getattr(base, "__module__", "").startswith(_HIDDEN_BASE_MODULES):
            continue
        if base.__name__.startswith("_") and base.__module__.startswith("zmq"):
            # a private base of ours: show what it derives from instead
            shown.extend(b for b in _shown_bases(base.__bases__) if b not in shown)
        elif base not in shown:
            shown.append(base)
    return shown


def hide_mixin_bases(app: Sphinx, name: str, obj: Any, options: Any, bases: list[Any]) -> None:
    # ``Socket["Future[Any]"]`` is shown as Socket: the parameter is a string annotation
    bases[:] = _shown_bases([typing.get_origin(b) or b for b in bases]) or [object]


def strip_cython_attribute_type(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Drop the ``name: 'type'`` line Cython (embedsignature) puts first in an attribute's doc."""
    if what not in {"attribute", "data", "property"} or not lines:
        return
    short = name.rpartition(".")[2]
    if re.fullmatch(rf"{re.escape(short)}: '?[\w.]+'?", lines[0].strip()):
        del lines[0]
        while lines and not lines[0].strip():
            del lines[0]


def _napoleon_except_attributes(app: Sphinx) -> None:
    """Napoleon for functions and classes only: attribute docstrings here are prose.

    Napoleon reads an attribute docstring's first line as ``type: description``, so "High water
    mark: sets SNDHWM and RCVHWM" would render as a type. Our attributes are typed by annotations.
    """
    from sphinx.ext import napoleon

    napoleon.setup(app)
    listeners = app.events.listeners["autodoc-process-docstring"]
    for listener in list(listeners):
        if listener.handler is napoleon._process_docstring:
            app.disconnect(listener.id)

    def process(
        app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
    ) -> None:
        if what not in {"attribute", "data", "property"}:
            napoleon._process_docstring(app, what, name, obj, options, lines)

    app.connect("autodoc-process-docstring", process)


def drop_private_parameter_fields(app: Sphinx, domain: str, objtype: str, content: Any) -> None:
    """Remove the ``_name`` parameters that autodoc_typehints="description" adds as fields."""
    for field in list(content.findall(nodes.field)):
        words = field[0].astext().split()  # "param _from_socket", "type _from_socket"
        if len(words) == 2 and words[0] in {"param", "type"} and words[1].startswith("_"):
            field.parent.remove(field)


def skip_modules_without_source(app: Sphinx) -> list[Any]:
    """viewcode's index links every module it met, also those it has no source page for (the
    compiled backend, builtins): drop those before it writes the index, so no link is dead."""
    modules = getattr(app.env, "_viewcode_modules", {})
    for name in [name for name, entry in modules.items() if not entry]:
        del modules[name]
    return []


class BuiltinsAreBuiltins(SphinxPostTransform):
    """A bare builtin name (``bytes``, ``str``, ``ValueError``) links to Python's docs.

    Type fields are resolved fuzzily: Sphinx would link ``bytes`` to any documented ``*.bytes``
    (``zmq.Frame.bytes``) before asking intersphinx. Runs before the reference resolver.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        import builtins

        for node in list(self.document.findall(pending_xref)):
            target = node.get("reftarget", "")
            if node.get("refdomain") != "py" or not isinstance(
                getattr(builtins, target, None), type
            ):
                continue
            resolved = intersphinx.missing_reference(self.app, self.env, node, node[0].deepcopy())
            if resolved is not None:
                node.replace_self(resolved)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("sphinx.ext.intersphinx")
    app.connect("missing-reference", resolve, priority=900)
    app.add_post_transform(BuiltinsAreBuiltins)
    app.connect("autodoc-process-signature", clean_signature)
    app.connect("autodoc-process-bases", hide_mixin_bases)
    # after autodoc's typehints (priority 500) have written the Parameters field
    app.connect("object-description-transform", drop_private_parameter_fields, priority=600)
    app.connect("autodoc-process-docstring", strip_cython_attribute_type, priority=400)
    _napoleon_except_attributes(app)
    app.connect("html-collect-pages", skip_modules_without_source, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
