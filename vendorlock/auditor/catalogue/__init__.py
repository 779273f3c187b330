"""Load and index the vendor catalogue: one validated TOML file per SDK.

Files whose name starts with `_` are shared tables (providers); every other
`*.toml` here is one SDK. Loading is strict: any error names the file and the
key path, and nothing is half-loaded.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vendorlock.auditor.catalogue.schema import (
    ClientFactory,
    ConfigGlobal,
    FeatureSpec,
    GenericClient,
    MethodSpec,
    ProviderSpec,
    ProviderTable,
    SdkCatalogue,
    Wrapper,
)
from vendorlock.auditor.framed import read_framed, write_framed
from vendorlock.errors import CatalogueError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CATALOGUE_DIR = Path(__file__).parent
PROVIDERS_FILE = "_providers.toml"

__all__ = [
    "CATALOGUE_DIR",
    "Catalogue",
    "CatalogueError",
    "FeatureSpec",
    "MethodSpec",
    "MethodTree",
    "ProviderSpec",
    "SdkCatalogue",
    "SdkIndex",
    "load_catalogue",
    "load_sdk_file",
]


def _format_validation_error(path: Path, error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        problems.append(f"{key}: {item['msg']}")
    return f"{path.name}: " + "; ".join(problems)


def _read_toml(path: Path) -> dict[str, Any]:
    return _parse_toml(path.name, path.read_bytes())


def _parse_toml(name: str, source: bytes) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(source.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{name}: not valid TOML: {error}") from error
    return data


def load_sdk_file(path: Path) -> SdkCatalogue:
    """Validate one SDK file; raise CatalogueError naming the file and key."""
    return _validate_sdk(path, _read_toml(path))


def _validate_sdk(path: Path, data: dict[str, Any]) -> SdkCatalogue:
    try:
        return SdkCatalogue.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(_format_validation_error(path, error)) from error


def _validate_providers(path: Path, data: dict[str, Any]) -> ProviderTable:
    try:
        return ProviderTable.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(_format_validation_error(path, error)) from error


def read_tables(directory: Path, cache_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every `*.toml` of `directory`, parsed, by file name (sorted).

    tomllib is pure Python and the catalogue is half a megabyte of TOML: parsing
    it was a fifth of a second of every scan's start-up. With `cache_dir`, the
    parsed tables are kept there as JSON (read in C), under a digest of the files'
    bytes; a missing, stale or damaged copy is simply parsed again.
    """
    sources = {path.name: path.read_bytes() for path in sorted(directory.glob("*.toml"))}
    if cache_dir is None:
        return {name: _parse_toml(name, source) for name, source in sources.items()}
    digest = hashlib.blake2b(digest_size=16)
    for name, source in sources.items():
        digest.update(name.encode() + b"\0" + source + b"\0")
    copy = cache_dir / f"catalogue-{digest.hexdigest()}.json"
    payload = read_framed(copy)
    if payload is not None:
        try:
            tables: dict[str, dict[str, Any]] = json.loads(payload)
            return tables
        except ValueError:
            pass
    tables = {name: _parse_toml(name, source) for name, source in sources.items()}
    write_framed(copy, json.dumps(tables).encode())
    return tables


Chain = tuple[str, ...]


@dataclass(frozen=True)
class MethodTree:
    """The callable chains reached from one root (a client, or the SDK module)."""

    methods: Mapping[Chain, MethodSpec]
    prefixes: frozenset[Chain]

    @classmethod
    def of(cls, methods: Mapping[str, MethodSpec]) -> MethodTree:
        chains = {tuple(chain.split(".")): spec for chain, spec in methods.items()}
        prefixes = {chain[:end] for chain in chains for end in range(1, len(chain))}
        return cls(methods=chains, prefixes=frozenset(prefixes))

    def classify(self, chain: Chain) -> tuple[bool, bool]:
        """(is a method, is a proper prefix of one)."""
        return chain in self.methods, chain in self.prefixes


@dataclass(frozen=True)
class SdkIndex:
    """One SDK's catalogue, indexed for lookups on the hot path."""

    spec: SdkCatalogue
    client_tree: MethodTree
    module_tree: MethodTree
    config_globals: Mapping[str, ConfigGlobal]

    @classmethod
    def of(cls, spec: SdkCatalogue) -> SdkIndex:
        module_methods = dict(spec.module_methods)
        if spec.module_client:
            module_methods = {**spec.methods, **module_methods}
        return cls(
            spec=spec,
            client_tree=MethodTree.of(spec.methods),
            module_tree=MethodTree.of(module_methods),
            config_globals={item.name: item for item in spec.config_globals},
        )


@dataclass(frozen=True, eq=False)  # hashed by identity: one per process, cached against
class Catalogue:
    """All SDKs, indexed for the questions detection asks."""

    sdks: Mapping[str, SdkCatalogue]
    providers: Mapping[str, ProviderSpec]
    # qualified name of a client class -> (sdk, index into that sdk's clients)
    client_classes: Mapping[str, tuple[str, int]] = field(init=False)
    # import root ('openai', 'google.genai') -> sdk
    roots: Mapping[str, str] = field(init=False)
    features: Mapping[str, tuple[str, FeatureSpec]] = field(init=False)
    index: Mapping[str, SdkIndex] = field(init=False)
    # qualified function name -> (sdk, factory or wrapper)
    factories: Mapping[str, tuple[str, ClientFactory]] = field(init=False)
    wrappers: Mapping[str, tuple[str, Wrapper]] = field(init=False)
    exceptions: Mapping[str, str] = field(init=False)  # qualified class name -> sdk
    # qualified class name of a many-service client (botocore's BaseClient) -> (sdk, spec)
    generic_clients: Mapping[str, tuple[str, GenericClient]] = field(init=False)

    def __post_init__(self) -> None:
        client_classes: dict[str, tuple[str, int]] = {}
        roots: dict[str, str] = {}
        features: dict[str, tuple[str, FeatureSpec]] = {}
        for sdk_id, sdk in self.sdks.items():
            for root in sdk.import_roots:
                if root in roots:
                    raise CatalogueError(
                        f"{sdk_id}.toml: import root {root!r} also in {roots[root]}"
                    )
                roots[root] = sdk_id
            for index, client in enumerate(sdk.clients):
                for name in client.names:
                    client_classes[name] = (sdk_id, index)
            for feature in sdk.features:
                if feature.id in features:
                    raise CatalogueError(f"{sdk_id}.toml: feature id {feature.id!r} is not unique")
                features[feature.id] = (sdk_id, feature)
        object.__setattr__(self, "client_classes", client_classes)
        object.__setattr__(self, "roots", roots)
        object.__setattr__(self, "features", features)
        object.__setattr__(
            self, "index", {sdk: SdkIndex.of(spec) for sdk, spec in self.sdks.items()}
        )
        self._index_call_tables()

    def _index_call_tables(self) -> None:
        factories = {
            function: (sdk_id, factory)
            for sdk_id, sdk in self.sdks.items()
            for factory in sdk.client_factories
            for function in factory.functions
        }
        wrappers = {
            function: (sdk_id, wrapper)
            for sdk_id, sdk in self.sdks.items()
            for wrapper in sdk.wrappers
            for function in wrapper.functions
        }
        exceptions = {name: sdk_id for sdk_id, sdk in self.sdks.items() for name in sdk.exceptions}
        generic_clients = {
            name: (sdk_id, generic)
            for sdk_id, sdk in self.sdks.items()
            for generic in sdk.generic_clients
            for name in generic.classes
        }
        object.__setattr__(self, "generic_clients", generic_clients)
        object.__setattr__(self, "factories", factories)
        object.__setattr__(self, "wrappers", wrappers)
        object.__setattr__(self, "exceptions", exceptions)

    def sdk_for_module(self, qualname: str) -> str | None:
        """The SDK whose import root is `qualname` or a parent of it."""
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            sdk = self.roots.get(".".join(parts[:end]))
            if sdk is not None:
                return sdk
        return None

    def root_of(self, qualname: str) -> str | None:
        """The import root that `qualname` lies under."""
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.roots:
                return candidate
        return None

    def all_import_roots(self) -> Iterable[str]:
        return self.roots.keys()

    def exception_sdk(self, qualname: str) -> str | None:
        """The SDK whose exception class `qualname` is, if it is one."""
        sdk = self.exceptions.get(qualname)
        if sdk is not None:
            return sdk
        module = qualname.rpartition(".")[0]
        for sdk_id, spec in self.sdks.items():
            if module in spec.exception_modules:
                return sdk_id
        return None


def load_catalogue(directory: Path = CATALOGUE_DIR, cache_dir: Path | None = None) -> Catalogue:
    """Load every SDK file in `directory` and the shared provider table.

    With `cache_dir`, the parsed TOML comes from a JSON copy kept there (see
    `read_tables`); validation is the same either way.
    """
    tables = read_tables(directory, cache_dir)
    sdks: dict[str, SdkCatalogue] = {}
    for name, data in tables.items():
        if name.startswith("_"):
            continue
        sdk = _validate_sdk(directory / name, data)
        if sdk.sdk != Path(name).stem:
            raise CatalogueError(f"{name}: sdk: {sdk.sdk!r} must match the file name")
        sdks[sdk.sdk] = sdk
    providers_data = tables.get(PROVIDERS_FILE)
    providers = (
        _validate_providers(directory / PROVIDERS_FILE, providers_data)
        if providers_data is not None
        else ProviderTable(providers=())
    )
    return Catalogue(sdks=sdks, providers={p.id: p for p in providers.providers})


_default: Catalogue | None = None


def default_catalogue(cache_dir: Path | None = None) -> Catalogue:
    """The catalogue shipped with vendorlock, loaded once per process.

    The first call decides where it is read from: the scan passes its cache
    directory, so the parsed TOML is reused across runs.
    """
    global _default
    if _default is None:
        _default = load_catalogue(cache_dir=cache_dir)
    return _default
