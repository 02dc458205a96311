"""Runs after the end-to-end module (file order): checks every line the services logged."""


async def test_no_resident_id_or_name_reaches_any_service_log(system, db):
    names = [r["name"] for r in await db.fetch("SELECT name FROM monitor.persons")]
    ids = [r["resident_id"] for r in await db.fetch("SELECT resident_id FROM monitor.persons")]
    logs = system.all_logs()
    assert "alert_raised" in logs and "task_received" in logs  # the logs being checked are real
    assert not [i for i in ids if i in logs]
    assert not [n for n in names if n in logs]
