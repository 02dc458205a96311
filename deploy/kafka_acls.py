"""The ACL table (deploy/kafka-acls.toml) as concrete grants, a check of one operation against it,
and applying it to a broker.

    table = grants(read_table(), prefix=topics.PREFIX, departments=["housing", ...], events=[...])
    allows(table, "housing", "topic", "housing.events.v1", "Write")   # True
    apply(admin_config, table)                                       # the broker's ACLs

Kafka's own rules are kept: Read and Write imply Describe; a prefixed pattern matches every name
that starts with it; anything not granted is denied (allow.everyone.if.no.acl.found=false).
The broker applies the same rules, and tests/integration/test_kafka_acl_matrix.py compares the two.
"""
from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("kafka-acls.toml")
RESOURCES = ("topic", "group")
PATTERNS = ("literal", "prefixed")
OPERATIONS = ("Read", "Write", "Create", "Describe", "Delete", "Alter", "DescribeConfigs", "AlterConfigs")
IMPLIES_DESCRIBE = ("Read", "Write", "Delete", "Alter")


class AclTableError(ValueError):
    """A row of the ACL table that is not a valid grant; the message names the row."""


@dataclass(frozen=True)
class Grant:
    """One allow ACL: `principal` may do `operation` on the `resource` (topic/group) named `name`
    (literal) or on every one whose name starts with it (prefixed)."""

    principal: str
    resource: str
    name: str
    pattern: str
    operation: str
    why: str = ""

    def matches(self, resource: str, name: str) -> bool:
        if resource != self.resource:
            return False
        return name == self.name if self.pattern == "literal" else name.startswith(self.name)


def read_table(path: Path = TABLE) -> list[dict]:
    """The [[grant]] rows of the table file, checked. Raises AclTableError naming the bad row."""
    rows = tomllib.loads(path.read_text(encoding="utf-8")).get("grant", [])
    for number, row in enumerate(rows, 1):
        problems = [f"resource {row.get('resource')!r} not one of {RESOURCES}"] if row.get("resource") not in RESOURCES else []
        if row.get("pattern") not in PATTERNS:
            problems.append(f"pattern {row.get('pattern')!r} not one of {PATTERNS}")
        problems += [f"operation {op!r} not one of {OPERATIONS}" for op in row.get("operations", ()) if op not in OPERATIONS]
        if not row.get("operations") or not row.get("principal") or "name" not in row:
            problems.append("principal, name and operations are required")
        if problems:
            raise AclTableError(f"{path.name} grant {number}: " + "; ".join(problems))
    return rows


def grants(rows: list[dict], prefix: str, departments: list[str], events: list[str]) -> list[Grant]:
    """Every concrete grant of `rows` for topics namespaced by `prefix`: a row naming {department}
    once per department service, one naming {events} once per consumed events topic's owner."""
    out: list[Grant] = []
    for row in rows:
        text = row["principal"] + row["name"]
        for department in departments if "{department}" in text else [None]:
            for owner in events if "{events}" in text else [None]:
                fill = {"prefix": prefix, "department": department, "events": owner}
                for op in row["operations"]:
                    out.append(Grant(row["principal"].format(**fill), row["resource"], row["name"].format(**fill),
                                     row["pattern"], op, row.get("why", "")))
    return list(dict.fromkeys(out))


def system_grants(prefix: str) -> list[Grant]:
    """The table's grants for this system's departments (shared.contracts.catalog) under `prefix`."""
    from shared.contracts.catalog import DEPARTMENT_EVENTS, DEPARTMENTS

    return grants(read_table(), prefix, [d.code for d in DEPARTMENTS], list(DEPARTMENT_EVENTS))


def principals(table: list[Grant]) -> list[str]:
    """Every principal the table names, in table order."""
    return list(dict.fromkeys(g.principal for g in table))


def allows(table: list[Grant], principal: str, resource: str, name: str, operation: str) -> bool:
    """Whether the table lets `principal` do `operation` on `resource` `name` (Kafka's rules)."""
    ops = {operation, *(IMPLIES_DESCRIBE if operation == "Describe" else ())}
    return any(g.principal == principal and g.operation in ops and g.matches(resource, name) for g in table)


def apply(admin_config: dict, table: list[Grant], timeout_s: float = 30) -> int:
    """Create every grant of `table` on the broker (creating an existing ACL again is a no-op) and wait
    until the broker answers with all of them (a client's first request right after must see them);
    returns how many. `admin_config`: confluent-kafka settings of a super user. Raises
    confluent_kafka.KafkaException when the broker refuses one, TimeoutError when they do not show."""
    from confluent_kafka.admin import (AclBinding, AclBindingFilter, AclOperation, AclPermissionType, AdminClient,
                                       ResourcePatternType, ResourceType)

    kinds = {"topic": ResourceType.TOPIC, "group": ResourceType.GROUP}
    patterns = {"literal": ResourcePatternType.LITERAL, "prefixed": ResourcePatternType.PREFIXED}
    bindings = []
    for g in table:
        # An empty prefixed name (no TOPIC_PREFIX) is every name: Kafka spells that as the literal "*".
        name, pattern = ("*", "literal") if g.pattern == "prefixed" and not g.name else (g.name, g.pattern)
        bindings.append(AclBinding(kinds[g.resource], name, patterns[pattern], f"User:{g.principal}", "*",
                                   AclOperation[_upper(g.operation)], AclPermissionType.ALLOW))
    admin = AdminClient(admin_config)  # kept referenced until every future has its answer
    for future in admin.create_acls(bindings, request_timeout=timeout_s).values():
        future.result(timeout=timeout_s)
    every = AclBindingFilter(ResourceType.ANY, None, ResourcePatternType.ANY, None, None, AclOperation.ANY,
                             AclPermissionType.ANY)
    def key(b):
        return b.restype, b.name, b.resource_pattern_type, b.principal, b.operation

    wanted, deadline = {key(b) for b in bindings}, time.monotonic() + timeout_s
    while missing := wanted - {key(b) for b in admin.describe_acls(every, request_timeout=timeout_s).result(timeout_s)}:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the broker did not show {len(missing)} of the {len(bindings)} ACLs within "
                               f"{timeout_s} s, e.g. {sorted(map(str, missing))[:3]}")
        time.sleep(0.1)
    return len(bindings)


def _upper(operation: str) -> str:
    """confluent-kafka's enum name of an operation: DescribeConfigs -> DESCRIBE_CONFIGS."""
    return "".join(f"_{c}" if c.isupper() and i else c for i, c in enumerate(operation)).upper()
