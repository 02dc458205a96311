"""No SQL statement in the services' code is built by interpolating into an f-string or with
str.format/%: identifiers are fixed in the text (`monitor.`), found through a search_path, or
quoted by PostgreSQL (format('%I')); values are parameters."""
import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
SQL = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE|ALTER|DROP|TRUNCATE|ANALYZE|FROM|JOIN)\b")
SOURCES = sorted(p for d in ("services", "shared") for p in (ROOT / d).rglob("*.py"))


def _interpolated_sql(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            text = node.func.value.value
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)
              and isinstance(node.left.value, str)):
            text = node.left.value
        else:
            continue
        if SQL.search(text):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_interpolated_sql():
    found = _interpolated_sql(ast.parse(
        'a = f"SELECT * FROM {schema}.outbox"\n'
        'b = "UPDATE {}.tasks SET x = 1".format(schema)\n'
        'c = "DELETE FROM %s.imports" % schema\n'
        'd = f"ANALYZE {table}"\n'
        'e = "SELECT 1 FROM outbox WHERE id = $1"\n'
        'f = f"task {task_id} is done"\n'))
    assert found == [1, 2, 3, 4]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_is_built_by_string_interpolation(path):
    assert _interpolated_sql(ast.parse(path.read_text(encoding="utf-8"))) == []
