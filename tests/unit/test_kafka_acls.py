"""The ACL table (deploy/kafka-acls.toml) read and expanded: what the issue's rules say, as grants.
The broker's own answer to the same grants is tests/integration/test_kafka_acl_matrix.py."""
import pytest

from deploy.kafka_acls import AclTableError, allows, grants, principals, read_table, system_grants
from shared.contracts.catalog import DEPARTMENTS

P = "it7."
TABLE = system_grants(P)
CODES = [d.code for d in DEPARTMENTS]


def test_every_department_writes_only_its_own_events_topic_and_reads_only_its_own_tasks():
    for code in CODES:
        for other in CODES:
            assert allows(TABLE, code, "topic", f"{P}{other}.events.v1", "Write") == (code == other)
            assert allows(TABLE, code, "topic", f"{P}monitor.tasks.{other}.v1", "Read") == (code == other)
            assert not allows(TABLE, code, "topic", f"{P}monitor.tasks.{other}.v1", "Write")
            assert not allows(TABLE, code, "topic", f"{P}{other}.events.v1", "Read")
        assert allows(TABLE, code, "group", f"{P}{code}-tasks", "Read")
        assert not allows(TABLE, code, "group", f"{P}monitor", "Read")
        assert not allows(TABLE, code, "topic", f"{P}monitor.alerts.v1", "Write")


def test_only_the_monitor_relay_writes_the_monitor_topics_and_operators_never_write():
    topic = f"{P}monitor.alerts.v1"
    writers = {p for p in principals(TABLE) if allows(TABLE, p, "topic", topic, "Write")}
    assert writers == {"monitor_relay"}
    assert not any(allows(TABLE, "operator", "topic", f"{P}{t}", op) for t in ("monitor.alerts.v1", "housing.events.v1")
                   for op in ("Write", "Create", "Delete", "Alter"))
    assert allows(TABLE, "operator", "topic", topic, "Read") and allows(TABLE, "operator", "topic", topic, "Describe")
    assert allows(TABLE, "operator", "group", f"{P}operator-console", "Read")
    assert not allows(TABLE, "operator", "group", f"{P}monitor", "Read")


def test_grants_are_confined_to_the_prefix_they_were_made_for():
    assert not any(allows(TABLE, p, "topic", "monitor.alerts.v1", "Read") for p in principals(TABLE))
    assert not allows(TABLE, "housing", "topic", "housing.events.v1", "Write")


def test_read_and_write_imply_describe_but_describe_implies_nothing():
    assert allows(TABLE, "housing", "topic", f"{P}housing.events.v1", "Describe")
    assert allows(TABLE, "monitor", "topic", f"{P}monitor.alerts.v1", "Describe")
    assert not allows(TABLE, "monitor", "topic", f"{P}monitor.alerts.v1", "Read")


def test_the_table_names_one_principal_per_department_and_the_monitor_relay_operator():
    assert set(principals(TABLE)) == {*CODES, "monitor", "monitor_relay", "operator"}


@pytest.mark.parametrize("row, complaint", [
    ({"principal": "x", "resource": "cluster", "name": "", "pattern": "literal", "operations": ["Read"]}, "resource"),
    ({"principal": "x", "resource": "topic", "name": "a", "pattern": "suffix", "operations": ["Read"]}, "pattern"),
    ({"principal": "x", "resource": "topic", "name": "a", "pattern": "literal", "operations": ["Own"]}, "operation"),
    ({"principal": "x", "resource": "topic", "name": "a", "pattern": "literal", "operations": []}, "required"),
])
def test_a_bad_row_is_refused_with_its_number(tmp_path, row, complaint):
    path = tmp_path / "acls.toml"
    good = '[[grant]]\nprincipal = "a"\nresource = "topic"\nname = "t"\npattern = "literal"\noperations = ["Read"]\n'
    fields = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in row.items())
    path.write_text(good + "\n[[grant]]\n" + fields)
    with pytest.raises(AclTableError, match=rf"grant 2: .*{complaint}"):
        read_table(path)


def test_placeholders_expand_once_per_department_and_events_owner():
    rows = [{"principal": "{department}", "resource": "topic", "name": "{prefix}{department}.{events}",
             "pattern": "literal", "operations": ["Read", "Write"]}]
    out = grants(rows, "p1.", ["a", "b"], ["x", "y", "z"])
    assert len(out) == 2 * 3 * 2 and {g.name for g in out if g.principal == "a"} == {"p1.a.x", "p1.a.y", "p1.a.z"}


def test_no_principal_may_read_kafkas_own_topics_or_another_systems_even_without_a_prefix():
    table = system_grants("")
    for who in principals(table):
        for topic in ("__consumer_offsets", "__transaction_state", "it123.housing.events.v1", "other.topic"):
            assert not allows(table, who, "topic", topic, "Read"), (who, topic)
        assert not allows(table, who, "group", "some-other-group", "Describe"), who
    assert allows(table, "operator", "topic", "monitor.alerts.v1", "Read")
    assert allows(table, "operator", "group", "housing-tasks", "Describe")
    assert allows(table, "monitor", "group", "housing-tasks", "Describe")
