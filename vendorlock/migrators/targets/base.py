"""The contract of a target: what it renders and what it needs to know about responses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import libcst as cst

from vendorlock.migrators.cstutil import prefixed_string, with_params
from vendorlock.migrators.ir import CallSite, ConfigKey, ImportNeed, Issue, Operation, Param


@dataclass(frozen=True)
class Rendered:
    """The neutral call and the imports it needs."""

    call: cst.Call
    imports: tuple[ImportNeed, ...]


@dataclass(frozen=True)
class Target:
    """A neutral layer calls are moved onto."""

    name: str
    module: str
    functions: dict[tuple[Operation, bool], str]  # (operation, is_async) -> function name
    model_prefix: Callable[[str], str | None]  # provider id -> "openai/" or None (unsupported)
    payload_names: dict[Operation, str]  # name of the messages / input argument
    config_names: dict[ConfigKey, str]  # how client configuration is passed per call
    embedding_items_are_dicts: bool  # `resp.data[0]["embedding"]` (LiteLLM)
    dict_style_responses: bool  # `resp["choices"][0]` works on its responses
    issues: Callable[[CallSite], tuple[Issue, ...]]  # what this layer cannot carry
    defaults: Callable[[CallSite], tuple[Param, ...]]  # config the vendor SDK read from env
    # A stream used as `with ... as s` needs closing(...) when the layer returns a bare iterator.
    stream_closers: tuple[str, str] | None = None  # (sync, async) context-manager factories
    # Proprietary features this layer cannot carry at all, whatever the catalogue says.
    manual_features: frozenset[str] = frozenset()
    # A carried value as this layer takes it for the site's provider (a vendor SDK's base URL
    # may need the API path LiteLLM expects); None: not passed as an argument of its own.
    adapt_config: Callable[[CallSite, ConfigKey, cst.BaseExpression], cst.BaseExpression | None] = (
        lambda _site, _key, value: value  # as carried
    )
    # (provider, CallSite.route) -> model prefix, for a vendor API that is not the default route
    routes: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @property
    def package(self) -> str:
        """The top-level package the layer is imported as: code inside it is the layer itself."""
        return self.module.split(".")[0]

    def render(self, site: CallSite, call: cst.Call, prefix: str) -> Rendered:
        """The neutral call for `site`, laid out like the original `call`."""
        function = self.functions[(site.operation, site.is_async)]
        prefix = self.routes.get((site.provider, site.route), prefix)
        model = Param("model", prefixed_string(site.model.value, prefix), site.model.source)
        payload = Param(self.payload_names[site.operation], site.payload.value, site.payload.source)
        given = {param.name for param in site.params}
        config = [param for param in self._config(site) if param.name not in given]
        params = _in_original_order(call, [model, payload, *site.params]) + config
        func = cst.parse_expression(f"{self.module}.{function}")
        imports = (ImportNeed(self.module), *site.config.imports, *_env_imports(config))
        return Rendered(with_params(call, func, params), tuple(dict.fromkeys(imports)))

    def _config(self, site: CallSite) -> list[Param]:
        params = []
        for key, value in site.config.values.items():
            adapted = self.adapt_config(site, key, value) if key in self.config_names else None
            if adapted is not None:
                params.append(Param(self.config_names[key], adapted))
        named = {param.name for param in params}
        return params + [param for param in self.defaults(site) if param.name not in named]


def _in_original_order(call: cst.Call, params: list[Param]) -> list[Param]:
    """Params in the order the original call had them; new ones after, as given."""
    position = {id(arg): index for index, arg in enumerate(call.args)}
    last = len(call.args)
    return sorted(params, key=lambda p: position.get(id(p.source), last) if p.source else last)


def _env_imports(params: list[Param]) -> tuple[ImportNeed, ...]:
    code = cst.Module([])
    needs_os = any("os.environ" in code.code_for_node(param.value) for param in params)
    return (ImportNeed("os"),) if needs_os else ()
