"""Produce records exactly as given, header names as raw bytes too (a name that is not UTF-8),
in one batch per call: aiokafka's pure-Python record builder writes what a name's encode()
returns, so this runs in a subprocess with AIOKAFKA_NO_EXTENSIONS=1 (issue 14's poison record).
Used by the chaos run's poison mix (deploy/chaos/channels.py) and the integration tests of
unreadable records. Idempotent with acks=all, as shared.outbox.idempotent_producer: the chaos run
sends while broker nodes restart, and a retried batch must not land twice."""
import base64
import json
import os
import subprocess
import sys

_SCRIPT = """
import asyncio, base64, json, os
from shared.kafka_security import client_options
from aiokafka import AIOKafkaProducer

class RawName(str):
    def __new__(cls, raw):
        self = super().__new__(cls, raw.decode('latin-1'))
        self.raw = raw
        return self
    def encode(self, *a, **k):
        return self.raw

async def main():
    spec = json.loads(os.environ['SPEC'])
    p = AIOKafkaProducer(**client_options(spec['bootstrap']), linger_ms=200, acks='all', enable_idempotence=True)
    await p.start()
    sent = []
    for r in spec['records']:
        headers = [(RawName(base64.b64decode(n)), base64.b64decode(v)) for n, v in r['headers']]
        sent.append(await p.send(spec['topic'], base64.b64decode(r['value']), key=base64.b64decode(r['key']),
                                 partition=spec['partition'], headers=headers))
    for fut in sent:
        print((await fut).offset)
    await p.stop()

asyncio.run(main())
"""


def produce(bootstrap: str, topic: str, partition: int, records: list[tuple[bytes, bytes, list]]) -> list[int]:
    """`records`: (key, value, [(header name bytes, header value bytes)]), sent in one batch to
    `partition` of `topic`; returns their offsets. Raises subprocess.CalledProcessError when the
    broker did not take them (stderr holds the producer's error), TimeoutExpired after 60 s."""
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    spec = {"bootstrap": bootstrap, "topic": topic, "partition": partition,
            "records": [{"key": b64(k), "value": b64(v), "headers": [[b64(n), b64(hv)] for n, hv in h]}
                        for k, v, h in records]}
    env = {**os.environ, "AIOKAFKA_NO_EXTENSIONS": "1", "SPEC": json.dumps(spec)}
    done = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, check=True, timeout=60, capture_output=True)
    return [int(line) for line in done.stdout.split()]
