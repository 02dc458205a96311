"""Demo simulator: a month of one department's events, published straight to its topic, a
share of them made wrong on purpose (noise.py)."""
from collections import Counter
from datetime import date
from random import Random

from rich.progress import Progress

from shared import topics
from shared.keys import person_key
from shared.kit.department import Department
from shared.outbox import idempotent_producer
from shared.kafka_security import client_options, principal_for
from tooling.simulate.departments import simulator_of
from tooling.simulate.noise import Noise, with_noise
from tooling.simulate.people import SimPerson


async def simulate(dept: Department, people: list[SimPerson], month_start: date, count: int, seed: int,
                   bootstrap: str, key_secret: str, noise: Noise = Noise(), progress: bool = True) -> Counter:
    """Publish `count` events of `dept` for the month; returns counts by kind (valid, unknown_person, ...)."""
    rng = Random(f"{seed}:{dept.code}")
    topic = topics.events_topic(dept.code)
    counts: Counter = Counter()
    producer = idempotent_producer(client_options(bootstrap, principal_for(dept.code)))  # as the department
    await producer.start()
    try:
        with Progress(disable=not progress, transient=True) as bar:
            task = bar.add_task(f"{dept.code}: publishing", total=count)
            sent = []
            for event in simulator_of(dept.code)(people, rng, month_start, count):
                value, kind = with_noise(event, rng, noise)
                sent.append(await producer.send(topic, value=value,
                                                key=person_key(event.data.person.resident_id, key_secret)))
                counts[kind] += 1
                bar.advance(task)
            for fut in sent:
                await fut
    finally:
        await producer.stop()
    return counts
