"""The chaos run's longest stall (deploy/chaos/progress.py): which partition, from when to when,
and which faults were active or had just ended then; and the poison accounting
(deploy/chaos/poison.unaccounted): each poison record's dead letter carries its bytes."""
import base64
import hashlib

import pytest
from aiokafka.structs import TopicPartition

from deploy.chaos import poison
from deploy.chaos.progress import JUST_ENDED_S, Progress, Stall, faults_during, stall_line

pytestmark = pytest.mark.unit

A, B = TopicPartition("housing.events", 0), TopicPartition("housing.events", 1)


def test_the_longest_stall_is_the_partition_whose_committed_offset_stood_longest_while_it_had_records():
    p = Progress("unused:9092")
    p.observe(100.0, {A: 10, B: 10}, {A: 5, B: 5})
    p.observe(101.0, {A: 20, B: 20}, {A: 8, B: 5})  # A moves on, B stands
    p.observe(104.0, {A: 20, B: 20}, {A: 8, B: 5})  # both stand: B since 100, A since 101
    assert p.longest == Stall(B, 100.0, 104.0) and p.stalled_s == 4.0
    p.observe(105.0, {A: 20, B: 20}, {A: 20, B: 6})  # both progress: the record stays
    assert p.longest == Stall(B, 100.0, 104.0)


def test_a_partition_without_records_waiting_is_not_stalled():
    p = Progress("unused:9092")
    for now in (0.0, 10.0, 20.0):
        assert p.observe(now, {A: 7}, {A: 7}) == 0
    p.observe(21.0, {A: 9}, {})  # nothing committed yet counts as offset 0
    assert p.longest is None and p.stalled_s == 0.0


def test_faults_overlapping_the_stall_or_ended_just_before_it_are_named_others_not():
    stall = Stall(A, 100.0, 112.0)
    windows = [("long before", 10.0, 20.0),
               ("just ended", 80.0, 100.0 - JUST_ENDED_S + 1),
               ("ended too early", 80.0, 100.0 - JUST_ENDED_S - 1),
               ("during", 105.0, 106.0),
               ("spanning", 90.0, 130.0),
               ("after", 112.5, 113.0)]
    assert [w[0] for w in faults_during(stall, windows)] == ["just ended", "during", "spanning"]


def test_the_stall_line_names_partition_times_after_the_origin_and_the_faults():
    line = stall_line(Stall(B, 150.0, 162.4), [("SIGKILL monitor (pid 7)", 149.0, 149.1)], origin=100.0)
    assert line == ("longest stall: 12.4 s on housing.events-1, from 50.0 s to 62.4 s; faults active or ended "
                    f"within {JUST_ENDED_S:.0f} s before: SIGKILL monitor (pid 7) (49.0-49.1 s)")
    assert stall_line(Stall(B, 150.0, 151.0), [], 100.0).endswith("before: none")
    assert stall_line(None, [], 100.0).startswith("longest stall: none")


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_a_poison_record_counts_only_when_its_dead_letter_carries_its_value_key_and_raw_headers():
    row = (poison.UNREADABLE_KIND, "housing", b"k", b"value", [(poison.UNREADABLE_NAME, b"hv")])
    letter = {"original_sha256": hashlib.sha256(b"value").hexdigest(), "original_key_base64": b64(b"k"),
              "original_header_list": [{"name_base64": b64(poison.UNREADABLE_NAME), "value_base64": b64(b"hv")}]}
    assert poison.unaccounted([row], [letter]) == []
    assert poison.unaccounted([row], []) == [poison.UNREADABLE_KIND]
    assert poison.unaccounted([row], [{**letter, "original_header_list": []}]) == [poison.UNREADABLE_KIND]
    assert poison.unaccounted([row], [{**letter, "original_key_base64": None}]) == [poison.UNREADABLE_KIND]
    plain = ("invalid_json", "housing", None, b"{", [])
    assert poison.unaccounted([plain], [{"original_sha256": hashlib.sha256(b"{").hexdigest(),
                                         "original_key_base64": None, "original_header_list": []}]) == []
