"""Reading the project's YAML files (params, catalogue titles, check suites) safely and boundedly.

- Sizes are checked before parsing, and aliases are counted as they are composed, so an
  alias bomb is refused before anything is expanded.
- Dates stay text: PyYAML would turn ``2024-02-30`` into an exception of its own and
  ``2024-06-19`` into a date object; the params model reads every date alike, quoted or not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dtreport.errors import InputError
from dtreport.inputs.limits import current_limits, describe

__all__ = ["load_yaml"]


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp type, and with a bound on aliases."""

    max_aliases = 50

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases_seen = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > self.max_aliases:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooManyAliases(mark.line + 1)
        return super().compose_node(parent, index)


class _TooManyAliases(Exception):
    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


# Timestamps resolve to str: remove the implicit resolver for them.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, shown: str) -> Any:
    """Parse ``path`` (named ``shown`` in messages), or raise :class:`InputError` saying why."""
    limits = current_limits()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.at("file not found", shown) from None
    except OSError as exc:
        raise InputError.at(f"cannot be read ({exc.strerror})", shown) from None
    if size > limits.file_bytes:
        raise InputError.at(
            f"is {size:,} bytes, more than the limit of {limits.file_bytes:,}; "
            + describe("DTREPORT_MAX_FILE_MB"),
            shown,
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError.at("is not UTF-8 text; save it as UTF-8", shown, row=line) from None
    except OSError as exc:
        raise InputError.at(f"cannot be read ({exc.strerror})", shown) from None
    loader = _Loader(text)
    loader.max_aliases = limits.yaml_aliases
    try:
        return loader.get_single_data()
    except _TooManyAliases as exc:
        raise InputError.at(
            f"uses more than {limits.yaml_aliases} YAML aliases (*name); "
            + describe("DTREPORT_MAX_YAML_ALIASES"),
            shown,
            row=exc.line,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError.at(f"is not valid YAML: {problem}", shown, row=at_line) from None
    except yaml.YAMLError as exc:
        raise InputError.at(f"is not valid YAML: {exc}", shown) from None
    finally:
        loader.dispose()
