"""Front matter: find it (YAML `---`, TOML `+++` or a Pelican `Key: value` header), bound it, load it safely."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_FRONT_MATTER = 64 * 1024
"""Front matter longer than this is not parsed (a digest's is a few hundred bytes)."""
MAX_NESTING = 64
"""Deeper flow or block nesting is refused before YAML sees it (libyaml can crash on it)."""
MAX_ALIASES = 64
"""More YAML aliases than this is refused (an alias bomb)."""

_YAML_FENCE = YAMLHandler.FM_BOUNDARY  # `---` (or more dashes), as python-frontmatter reads it
_TOML_FENCE = re.compile(r"^\+{3,}\s*$")
_ALIAS_RE = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]+", re.MULTILINE)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe YAML without implicit timestamps: dates stay strings and are parsed by dates.py."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class FrontMatter:
    """What the front matter held, where the body starts, and what went wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    kind: str = ""
    """`yaml`, `toml`, `pelican` or empty when there is none."""
    body_start: int = 0
    """Index of the body's first line in the file's lines."""
    warnings: list[str] = field(default_factory=list)


def _nesting_problem(text: str) -> str | None:
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    if deepest > MAX_NESTING:
        return f"front matter nests {deepest} levels deep (limit {MAX_NESTING}); read without it"
    indents = sorted({len(line) - len(line.lstrip(" ")) for line in text.split("\n") if line.strip()})
    if len(indents) > MAX_NESTING:
        return f"front matter nests over {MAX_NESTING} levels deep; read without it"
    if len(_ALIAS_RE.findall(text)) > MAX_ALIASES:
        return f"front matter uses over {MAX_ALIASES} YAML aliases (an alias bomb?); read without it"
    return None


_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?\Z")
_NOT_STRING = re.compile(
    r"(?:[-+]?(?:[0-9][0-9_]*)?\.?[0-9.eE_+-]*|0[xob][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|<<|=)\Z"
)


def _simple_scalar(value: str, in_list: bool) -> str | None:
    """A scalar YAML would read as exactly this string, or None when unsure."""
    if not value or not value.isprintable():
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"' and '"' not in value[1:-1] and "\\" not in value:
        return value[1:-1]
    if value != value.strip() or value[0] in "-?:,[]{}#&*!|>'\"%@`" or value.endswith(":"):
        return None
    if ": " in value or " #" in value or (in_list and any(ch in value for ch in ",[]{}:#")):
        return None
    if _NOT_STRING.match(value):
        return None
    return value


def _simple_yaml(text: str) -> dict[str, Any] | None:
    """Front matter of plain `key: value` lines (strings and flow lists of strings), or None.

    The common case, read without YAML; anything else (None) goes to the YAML loader, which a
    differential test keeps this in agreement with.
    """
    result: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line.strip(" "):
            continue
        if not line.isprintable():
            return None
        match = _SIMPLE_KEY.match(line)
        if match is None or match.group(1) in result or _NOT_STRING.match(match.group(1)):
            return None
        value = match.group(2)
        if not value or value != value.strip():
            return None
        if value[0] == "[" and value[-1] == "]":
            inner = value[1:-1].strip(" ")
            entries: list[str] = []
            if inner:
                for part in inner.split(","):
                    entry = _simple_scalar(part.strip(" "), in_list=True)
                    if entry is None:
                        return None
                    entries.append(entry)
            result[match.group(1)] = entries
        else:
            scalar = _simple_scalar(value, in_list=False)
            if scalar is None:
                return None
            result[match.group(1)] = scalar
    return result


def _load_yaml(text: str) -> dict[str, Any]:
    simple = _simple_yaml(text)
    if simple is not None:
        return simple
    loaded = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ValueError(f"front matter is a {type(loaded).__name__}, not a mapping")
    return loaded


def _describe(exc: BaseException) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"{exc.problem} (line {exc.problem_mark.line + 1})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


_PELICAN_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)\Z")
_PELICAN_MORE = re.compile(r"(?: {4,}|\t)(.*)\Z")
"""A line that goes on with the value above (indented, as Python-Markdown's meta-data reads it)."""
_PELICAN_LISTS = {"tags": "tags", "category": "categories", "categories": "categories"}
MAX_PELICAN_LINES = 40


def _pelican(lines: list[str]) -> FrontMatter:
    """A Pelican header: `Key: value` lines from the first line (`Title:` or `Date:` among
    them), ended by a blank line; `Category:` and comma-separated `Tags:` become lists."""
    data: dict[str, Any] = {}
    end = 0
    key: str | None = None
    """The key of the line before (an indented line goes on with its value)."""
    kept = False
    """Whether that key's value was kept (a repeated key's is not)."""
    for index, line in enumerate(lines[:MAX_PELICAN_LINES]):
        if not line.strip():
            end = index
            break
        more = _PELICAN_MORE.match(line)
        if more is not None and key is not None:
            if kept:  # (a value that goes on, indented, on the next line)
                data[key] = f"{data[key]} {more.group(1).strip()}".strip()
            continue
        match = _PELICAN_LINE.match(line)
        if match is None:
            return FrontMatter()
        key = match.group(1).lower()
        kept = key not in data
        data.setdefault(key, match.group(2).strip())
    else:
        return FrontMatter()
    if "title" not in data and "date" not in data:
        return FrontMatter()
    lists: dict[str, list[str]] = {}
    for key, target in _PELICAN_LISTS.items():
        if key in data:
            values = [part.strip() for part in str(data.pop(key)).split(",") if part.strip()]
            lists.setdefault(target, []).extend(values)
    data.update(lists)
    return FrontMatter(data=data, kind="pelican", body_start=end + 1)


_BODY_LINE = re.compile(r"^ {0,3}(?:\d{1,9}[.)] +\S|[-*+] +\[[^\]]*\]\(|#{1,6} +\S.*\[[^\]]*\]\()")
"""A line no front matter holds: a numbered list item, or a bullet or heading that starts with a link."""


def split_front_matter(lines: list[str]) -> FrontMatter:
    """Find and load the front matter at the top of `lines` (already free of BOM and CRs)."""
    if not lines:
        return FrontMatter()
    first = lines[0]
    if _YAML_FENCE.match(first):
        kind, fence = "yaml", _YAML_FENCE
    elif _TOML_FENCE.match(first):
        kind, fence = "toml", _TOML_FENCE
    else:
        return _pelican(lines)
    end = next((index for index in range(1, len(lines)) if fence.match(lines[index])), -1)
    if end < 0:
        return FrontMatter(warnings=[f"front matter opened with {first.strip()!r} is never closed; read as body"])
    swallowed = next((line for line in lines[1:end] if _BODY_LINE.match(line)), None)
    if swallowed is not None:
        # `---` at the top never closed before the list: a later `---` (a rule in the body)
        # would swallow items. The file has no front matter.
        return FrontMatter(warnings=[f"front matter opened with {first.strip()!r} is not closed before the body "
                                     f"({swallowed.strip()[:40]!r}); read as body"])
    result = FrontMatter(kind=kind, body_start=end + 1)
    if sum(len(line) + 1 for line in lines[1:end]) > MAX_FRONT_MATTER:
        result.warnings.append(f"front matter is over {MAX_FRONT_MATTER // 1024} KB; read without it")
        return result
    text = "\n".join(lines[1:end])
    if kind == "toml":
        try:
            result.data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
            result.warnings.append(f"front matter is not valid TOML: {_describe(exc)}; read without it")
        return result
    problem = _nesting_problem(text)
    if problem is None:
        try:
            result.data = _load_yaml(text)
            return result
        except Exception as exc:  # noqa: BLE001 - any YAML failure: try key by key
            problem = f"front matter is not valid YAML: {_describe(exc)}; read without it"
    kept, refused = _key_by_key(text)
    if kept and refused:
        result.data = kept
        names = ", ".join(f"`{key}`" for key, _why in refused)
        result.warnings.append(f"front matter {names} refused ({refused[0][1].removesuffix('; read without it')}); "
                               "the other keys read")
    else:
        result.warnings.append(problem)
    return result


_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*:")


def _key_by_key(text: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Each top-level key of a YAML front matter on its own: (the keys that load, the keys
    refused with why), so one hostile key (an alias bomb in `categories`) costs only itself."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        match = _TOP_KEY.match(line)
        if match is not None:
            blocks.append((match.group(1), [line]))
        elif blocks:
            blocks[-1][1].append(line)
    kept: dict[str, Any] = {}
    refused: list[tuple[str, str]] = []
    for key, lines in blocks:
        part = "\n".join(lines)
        why = _nesting_problem(part)
        if why is None:
            try:
                loaded = _load_yaml(part)
            except Exception as exc:  # noqa: BLE001 - this key is refused, the others stay
                why = f"not valid YAML: {_describe(exc)}"
            else:
                if isinstance(loaded, dict) and key in loaded:
                    kept[key] = loaded[key]
                    continue
                why = "not a key of the front matter"
        refused.append((key, why))
    return kept, refused
