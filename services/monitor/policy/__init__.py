"""The risk policy: a versioned YAML file validated at start; every rule cites a primary
document or is marked a local choice (sources.py).

`load_policy(path)` raises PolicyError naming the file, line and key of every problem;
`python -m services.monitor.policy check FILE` does the same for an operator before deploying.
"""
from functools import cache
from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from services.monitor.policy.cited import Cited  # noqa: F401 (the policy's public names)
from services.monitor.policy.factors import FactorRule, Level  # noqa: F401
from services.monitor.policy.model import AgeRange, Amount, Count, Lowering, Policy  # noqa: F401
from shared.settings import EnvSettings, load

DEFAULT_POLICY = Path(__file__).resolve().parent / "kashgar-2026.yaml"


class PolicyError(ValueError):
    """The policy file is not valid; `problems` are 'FILE:LINE: key.path: message' strings."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _line_of(node, loc: tuple) -> int:
    """Line (1-based) of the deepest YAML node that `loc` (pydantic's error location) reaches."""
    line = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]  # the key's own line
            continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _duplicate_keys(node, path: tuple = ()):
    """(line, key path, key, line of its first occurrence) of every key that a YAML mapping
    repeats: YAML would keep only the last, so a second factor of one code would pass unseen."""
    if isinstance(node, yaml.MappingNode):
        first: dict = {}
        for key, value in node.value:
            label = str(key.value)
            if label in first:
                yield key.start_mark.line + 1, path, label, first[label]
            else:
                first[label] = key.start_mark.line + 1
            yield from _duplicate_keys(value, (*path, label))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, index))


def parse_policy(text: str, name: str = "<policy>") -> Policy:
    """Validate policy text. Raises PolicyError with file, line and key of each problem."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts; the problem mark may be at the end.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        raise PolicyError([f"{name}:{mark.line + 1 if mark else '?'}: not valid YAML: {exc}"]) from None
    if root is None or not isinstance(data, dict):
        raise PolicyError([f"{name}:1: the policy must be a YAML mapping"])
    repeated = [f"{name}:{line}: {'.'.join(map(str, path)) or '(root)'}: duplicate key {key!r} (first on line {first})"
                for line, path, key, first in _duplicate_keys(root)]
    if repeated:
        raise PolicyError(repeated)
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False, include_input=False):
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            problems.append(f"{name}:{_line_of(root, loc)}: {'.'.join(map(str, loc)) or '(root)'}: {err['msg']}")
        raise PolicyError(problems) from None


@cache
def load_policy(path: Path = DEFAULT_POLICY) -> Policy:
    """Read and validate a policy file (cached per path). Raises PolicyError or OSError."""
    path = Path(path)
    return parse_policy(path.read_text(encoding="utf-8"), str(path))


class PolicySettings(EnvSettings):
    monitor_policy: Path = Field(default=DEFAULT_POLICY, description="the policy file the monitor runs with")


def configured_policy() -> Policy:
    """The policy this process runs with: the file MONITOR_POLICY names, else the default (cached).
    Raises PolicyError or OSError."""
    return load_policy(load(PolicySettings).monitor_policy)
