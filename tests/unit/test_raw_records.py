"""shared.kafka_raw.records: record batches read from their bytes, whatever they contain; the
record the Kafka client cannot decode is named with its offset, bytes and headers, and the
records around it are read as the client reads them."""
import pytest
from aiokafka.errors import CorruptRecordException
from aiokafka.record.default_records import _DefaultRecordBatchBuilderPy, _DefaultRecordBatchPy
from aiokafka.record.memory_records import MemoryRecords
from aiokafka.record.util import calc_crc32c

from shared.kafka_raw.records import read_records

pytestmark = pytest.mark.unit


class RawName(str):
    """A header name whose encoding is not UTF-8 (aiokafka's pure-Python builder writes what
    encode() returns)."""

    def encode(self, *_a, **_k) -> bytes:
        return b"\xff\xfe"


def batch(base_offset: int, records: list, compression: int = 0) -> bytes:
    builder = _DefaultRecordBatchBuilderPy(2, compression, 0, -1, -1, -1, 1 << 20)
    for delta, (key, value, headers) in enumerate(records):
        builder.append(delta, 1_700_000_000_000 + delta, key, value, headers)
    data = bytearray(builder.build())
    data[0:8] = base_offset.to_bytes(8, "big", signed=True)  # as the broker assigns it
    return bytes(data)


def client_reads(data: bytes) -> list:
    out, records = [], MemoryRecords(data)
    while records.has_next():
        out += list(records.next_batch())
    return out


@pytest.mark.parametrize("compression", [0, 1])  # none, gzip (lz4 and zstd need libraries not installed)
def test_readable_records_come_out_as_the_client_reads_them(compression):
    data = batch(40, [(b"k1", b"v1", [("a", b"x"), ("b", None)]), (None, b"v2", []), (b"k3", None, [])], compression)
    ours = read_records(data)
    theirs = client_reads(data)
    assert [(r.offset, r.key, r.value, r.timestamp) for r in ours] == \
        [(r.offset, r.key, r.value, r.timestamp) for r in theirs]
    assert [tuple((k.decode(), v) for k, v in r.headers) for r in ours] == [tuple(r.headers) for r in theirs]
    assert all(r.problem is None for r in ours) and [r.next_offset for r in ours] == [41, 42, 43]


def test_a_header_name_that_is_not_utf8_marks_that_record_only():
    data = batch(7, [(b"k", b"before", []), (b"pk", b"poison", [(RawName("x"), b"hv")]), (b"k", b"after", [])])
    with pytest.raises((UnicodeDecodeError, CorruptRecordException)):  # C or pure-Python client
        client_reads(data)  # what stops the Kafka client (issue 14)
    before, poison, after = read_records(data)
    assert (before.problem, after.problem) == (None, None)
    assert poison.offset == 8 and poison.next_offset == 9 and poison.batch_end == after.batch_end == 10
    assert (poison.key, poison.value, poison.headers) == (b"pk", b"poison", ((b"\xff\xfe", b"hv"),))
    assert "not UTF-8" in poison.problem


def test_a_batch_whose_crc_does_not_match_is_one_unreadable_entry_covering_all_its_records():
    data = bytearray(batch(100, [(b"k", b"a", []), (b"k", b"b", [])]))
    data[-1] ^= 0xFF
    (entry,) = read_records(bytes(data))
    assert (entry.offset, entry.next_offset) == (100, 102) and entry.value == bytes(data)
    assert "CRC" in entry.problem


def test_a_batch_cut_off_by_the_fetch_size_is_left_for_the_next_fetch():
    first, second = batch(0, [(b"k", b"a", [])]), batch(1, [(b"k", b"b", [])])
    assert [r.value for r in read_records(first + second[:-5])] == [b"a"]


def test_control_batches_are_left_out_as_the_client_leaves_them_out():
    data = bytearray(batch(5, [(b"\x00\x00\x00\x00", b"\x00\x00\x00\x00\x00\x00", [])]))
    data[22] |= 0x20  # attributes (low byte): control batch
    data[17:21] = calc_crc32c(bytes(data[21:])).to_bytes(4, "big")
    assert _DefaultRecordBatchPy(bytes(data)).is_control_batch
    assert read_records(bytes(data)) == []
