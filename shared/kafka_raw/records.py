"""Kafka record batches (message format v2, the only one Kafka 4 writes) read from their bytes
without decoding any text, so that reading them cannot fail on what a record contains.

The Kafka client decodes each header name as UTF-8 while it iterates a fetch, and one record it
cannot decode stops the whole fetch (issue 14). This reader is what finds that record, keeps its
bytes for the dead letter and names what is wrong with it: a record problem (a header name that
is not UTF-8) or a batch problem (CRC mismatch, unknown format, a compression it cannot undo,
broken framing), which covers every record of the batch. Layout: the Kafka protocol guide,
"Record Batch" (kafka.apache.org/documentation/#recordbatch).
"""
from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from aiokafka import codec
from aiokafka.record.util import calc_crc32c

_HEADER = struct.Struct(">qiibIhiqqqhii")  # baseOffset .. recordCount: 61 bytes
_CRC_FROM = 21  # the CRC covers the batch from its attributes on
_COMPRESSION = 0x07
_LOG_APPEND_TIME = 0x08
_CONTROL = 0x20
_CODECS: dict[int, Callable[[bytes], bytes]] = {1: codec.gzip_decode, 2: codec.snappy_decode,
                                                3: codec.lz4_decode, 4: codec.zstd_decode}


@dataclass(frozen=True)
class RawRecord:
    """One record as stored, or a whole batch that cannot be read (then `problem` says why,
    `value` is the batch's bytes and `next_offset` is past its last record). `batch_end`: the
    offset after the record's batch (the client decodes a whole batch even to read past part of
    it). `timestamp`: milliseconds since the epoch; `headers`: (name, value) as bytes, in order."""

    offset: int
    next_offset: int
    batch_end: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[bytes, bytes | None], ...] = ()
    problem: str | None = None


class _Broken(Exception):
    """The bytes do not follow the format (the message says where)."""


def read_records(data: bytes) -> list[RawRecord]:
    """Every record of `data` (a fetch response's records of one partition), control batches left
    out as the client leaves them out. A batch cut off at the end of `data` (the fetch size limit)
    is left for the next fetch."""
    out: list[RawRecord] = []
    pos = 0
    while len(data) - pos >= 12:
        base_offset, length = struct.unpack_from(">qi", data, pos)
        end = pos + 12 + length
        if length < _HEADER.size - 12 or end > len(data):
            break
        out += _batch(bytes(data[pos:end]))
        pos = end
    return out


def _batch(batch: bytes) -> list[RawRecord]:
    (base_offset, _, _, magic, crc, attributes, last_delta, base_ts, max_ts, *_rest, count) = _HEADER.unpack_from(batch)
    end = base_offset + last_delta + 1
    whole = RawRecord(base_offset, end, end, base_ts, None, batch)
    if magic != 2:
        return [_problem(whole, f"record batch format v{magic}, not v2")]
    if calc_crc32c(batch[_CRC_FROM:]) != crc:
        return [_problem(whole, "record batch CRC does not match its bytes")]
    if attributes & _CONTROL:
        return []
    body = batch[_HEADER.size:]
    if attributes & _COMPRESSION:
        decompress = _CODECS.get(attributes & _COMPRESSION)
        try:
            body = decompress(body)  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - any codec failure makes the batch unreadable
            return [_problem(whole, f"record batch cannot be decompressed ({type(exc).__name__})")]
    try:
        records = list(_records(body, count, base_offset, end, max_ts if attributes & _LOG_APPEND_TIME else None,
                                base_ts))
    except (_Broken, IndexError, struct.error) as exc:
        return [_problem(whole, f"record batch framing is broken ({exc or type(exc).__name__})")]
    return records


def _problem(whole: RawRecord, reason: str) -> RawRecord:
    return RawRecord(whole.offset, whole.next_offset, whole.batch_end, whole.timestamp, None, whole.value,
                     problem=reason)


def _records(body: bytes, count: int, base_offset: int, batch_end: int, append_time: int | None,
             base_ts: int) -> Iterator[RawRecord]:
    pos = 0
    for _ in range(count):
        length, pos = _varint(body, pos)
        record_end = pos + length
        pos += 1  # attributes: unused in v2
        ts_delta, pos = _varint(body, pos)
        offset_delta, pos = _varint(body, pos)
        key, pos = _bytes(body, pos)
        value, pos = _bytes(body, pos)
        n_headers, pos = _varint(body, pos)
        headers = []
        for _ in range(n_headers):
            name, pos = _bytes(body, pos)
            header_value, pos = _bytes(body, pos)
            headers.append((name or b"", header_value))
        if pos != record_end:
            raise _Broken(f"a record's length is {length}, its fields take {length + pos - record_end}")
        offset = base_offset + offset_delta
        problem = next((f"header name {name!r} is not UTF-8" for name, _ in headers if not _utf8(name)), None)
        yield RawRecord(offset, offset + 1, batch_end, append_time if append_time is not None else base_ts + ts_delta,
                        key, value, tuple(headers), problem)


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _bytes(buf: bytes, pos: int) -> tuple[bytes | None, int]:
    size, pos = _varint(buf, pos)
    if size < 0:
        return None, pos
    if pos + size > len(buf):
        raise _Broken("a field runs past the end of its batch")
    return buf[pos:pos + size], pos + size


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    """A zigzag varint (protocol buffers' encoding, as Kafka uses it)."""
    shift = result = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return (result >> 1) ^ -(result & 1), pos
        shift += 7
        if shift > 63:
            raise _Broken("a varint is longer than 64 bits")
