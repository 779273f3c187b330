"""The abstract values that detection tracks through a program.

An expression either evaluates to one of these or to `None` (unknown). They
are small frozen dataclasses so that a module's exports can cross process
boundaries and be cached alongside the file they came from.
"""

from __future__ import annotations

import operator
import typing
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class SdkModule:
    """An SDK module or a name inside it that is not otherwise classified."""

    sdk: str
    qualname: str


@dataclass(frozen=True, slots=True)
class ClientClass:
    """A catalogue client class, e.g. `openai.OpenAI`; calling it makes a client."""

    sdk: str
    qualname: str
    index: int  # into the SDK's `clients`


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a client was constructed: (relpath, line, column, notebook cell)."""

    path: str
    line: int
    column: int
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class Client:
    """A constructed client (or the SDK module acting as one)."""

    sdk: str
    cls: str  # canonical class name without the root, e.g. 'AzureOpenAI'
    provider: str
    origin: Origin | None = None
    # Attributes of `self` its base URL was read from (`base_url=self.API_BASE`): a
    # subclass that sets them (or passes them to `super().__init__`) picks the provider.
    url_attrs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    """A resource or method reached from a client or from the SDK module.

    `is_method` says that `chain` names a catalogue method; otherwise it is a
    proper prefix of one (a resource such as `chat.completions`).
    """

    sdk: str
    chain: tuple[str, ...]
    provider: str
    from_module: bool
    is_method: bool
    origin: Origin | None = None

    @property
    def dotted(self) -> str:
        return ".".join(self.chain)


@dataclass(frozen=True, slots=True)
class PreservingMethod:
    """`client.with_options`: calling it returns a client like the receiver."""

    client: Client


@dataclass(frozen=True, slots=True)
class Response:
    """What a vendor method call returned."""

    sdk: str
    api: str
    provider: str
    returns: str | None = None  # the method's `returns`: which response shape


@dataclass(frozen=True, slots=True)
class StrConst:
    """A string constant; base URLs and env var names decide providers."""

    value: str


@dataclass(frozen=True, slots=True)
class EnvRead:
    """The value of an environment variable read in code."""

    name: str


@dataclass(frozen=True, slots=True)
class ProjectModule:
    """A module of the scanned project."""

    name: str


@dataclass(frozen=True, slots=True)
class FunctionRef:
    """A function or method defined in the project (methods are `Class.method`)."""

    qualname: str


@dataclass(frozen=True, slots=True)
class ClassRef:
    """A class defined in the project."""

    qualname: str


@dataclass(frozen=True, slots=True)
class Instance:
    """An instance of a project class."""

    qualname: str


@dataclass(frozen=True, slots=True)
class External:
    """A name from a module outside the project and the catalogue (`os.environ`)."""

    qualname: str


@dataclass(frozen=True, slots=True)
class Elements:
    """A tuple known element by element, kept only when one element is a vendor value.

    `def request_options(...) -> tuple[AsyncAnthropic, dict[str, Any]]` (or `return client,
    options`) returns one; `client, options = request_options(...)` unpacks it.
    """

    items: tuple[Value | None, ...]


@dataclass(frozen=True, slots=True)
class Opaque:
    """A value known not to be a vendor object (a literal, a builtin call)."""


Value = (
    SdkModule
    | ClientClass
    | Client
    | Member
    | PreservingMethod
    | Response
    | StrConst
    | EnvRead
    | ProjectModule
    | FunctionRef
    | ClassRef
    | Instance
    | External
    | Elements
    | Opaque
)


def _pickled_by_constructor(cls: type) -> None:
    """Pickle `cls` as a constructor call on its field values.

    A frozen slotted dataclass otherwise pickles through `dataclasses`' generic
    state functions, which look up the fields of every object: loading and storing
    the cache of a large project (80,000 values on litellm) took a second each way.
    """
    names = [f.name for f in fields(cls)]
    many = operator.attrgetter(*names) if len(names) > 1 else None

    def reduce(self: object) -> tuple[type, tuple[object, ...]]:
        if many is not None:
            return cls, many(self)
        return cls, tuple(getattr(self, name) for name in names)

    setattr(cls, "__reduce__", reduce)  # noqa: B010  # not a plain method: built per class


for _value_type in typing.get_args(Value):
    _pickled_by_constructor(_value_type)

VENDOR_TYPES = (SdkModule, ClientClass, Client, Member, PreservingMethod, Response)


def is_vendor(value: Value | None) -> bool:
    return isinstance(value, VENDOR_TYPES)


def element_at(value: Value | None, index: int) -> Value | None:
    """Element `index` of a tuple known element by element; unknown otherwise."""
    if isinstance(value, Elements) and 0 <= index < len(value.items):
        return value.items[index]
    return None


def elements_of(items: list[Value | None]) -> Elements | None:
    """The tuple of `items` when one of them is a vendor value; other tuples are not tracked."""
    return Elements(tuple(items)) if any(is_vendor(item) for item in items) else None


@dataclass(frozen=True)
class ClassSummary:
    """What another module needs to know about a project class."""

    bases: tuple[Value, ...] = ()
    attributes: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleExports:
    """A module's top-level names that carry a value, with its functions and classes."""

    names: dict[str, Value] = field(default_factory=dict)
    returns: dict[str, Value] = field(default_factory=dict)  # function qualname -> return
    classes: dict[str, ClassSummary] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.names or self.returns or self.classes)
