"""The Matroska reader that pulls the caller's audio out of a Kinesis Video stream, and the routing rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crm.contact_centre.connect_api import mkv_audio_frames, wav
from crm.contact_centre.rules import Metric, Queues, decide, expected_wait


def _vint_size(n: int) -> bytes:
    return bytes([0x80 | n]) if n < 0x7F else (0x4000 | n).to_bytes(2, "big")


def _el(element_id: bytes, payload: bytes, unknown: bool = False) -> bytes:
    return element_id + (b"\x01\xff\xff\xff\xff\xff\xff\xff" if unknown else _vint_size(len(payload))) + payload


def _block(track: int, data: bytes) -> bytes:
    return _el(b"\xa3", bytes([0x80 | track]) + b"\x00\x00\x80" + data)


def test_customer_track_frames_come_out_of_a_live_segment_in_order():
    """A live KVS stream: EBML header, a Segment and Clusters of unknown size, Timecode, Tags, both tracks."""
    header = _el(b"\x1a\x45\xdf\xa3", _el(b"\x42\x82", b"matroska"))
    cluster1 = _el(b"\xe7", b"\x00") + _block(1, b"AAAA") + _block(2, b"xxxx") + _block(1, b"BB")
    cluster2 = _el(b"\xe7", b"\x10") + _el(b"\xa0", _el(b"\xa1", bytes([0x81]) + b"\x00\x00\x00" + b"CC"))
    tags = _el(b"\x12\x54\xc3\x67", _el(b"\x73\x73", _el(b"\x67\xc8", b"AWS_KINESISVIDEO_FRAGMENT_NUMBER")))
    stream = header + _el(
        b"\x18\x53\x80\x67",
        tags + _el(b"\x1f\x43\xb6\x75", cluster1, unknown=True) + _el(b"\x1f\x43\xb6\x75", cluster2),
        unknown=True,
    )
    assert mkv_audio_frames(stream) == b"AAAABBCC"
    assert mkv_audio_frames(stream, track=2) == b"xxxx"
    out = wav(b"\x00\x01" * 8000)
    assert out[:4] == b"RIFF" and out[8:12] == b"WAVE" and len(out) == 44 + 16000


Q = Queues("gen", "vip", "partner", {"pl": "pl"}, {"anna@x": "anna"}, {})
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def fresh(**waits):
    return {q: Metric(w, NOW - timedelta(seconds=10)) for q, w in waits.items()}


def test_rules_and_waits():
    assert expected_wait(0, 3, 1, 0, 300) == 0
    assert expected_wait(2, 2, 0, 40, 300) == 40 + 3 * 300 // 2
    assert expected_wait(5, 0, 0, 10, 300) == 3600
    d = decide(
        known=False, open_case_owner=None, partner=False, high_value=False, language=None, queues=Q, metrics={}, now=NOW
    )
    assert (d.queue_arn, d.reason) == ("gen", "unknown caller; no queue metrics younger than 60s")
    d = decide(
        known=True,
        open_case_owner="anna@x",
        partner=False,
        high_value=True,
        language="pl-PL",
        queues=Q,
        metrics=fresh(anna=200, vip=90, pl=120),
        now=NOW,
    )
    assert d.eligible == ("anna", "vip", "pl") and d.queue_arn == "vip" and "overflow" in d.reason
    d = decide(
        known=True,
        open_case_owner="anna@x",
        partner=False,
        high_value=True,
        language="pl-PL",
        queues=Q,
        metrics=fresh(anna=110, vip=5, pl=0),
        now=NOW,
    )
    assert d.queue_arn == "anna" and d.reason == "open case owned by anna@x; expected wait 110s"  # worth the wait
    stale = {"vip": Metric(1, NOW - timedelta(seconds=61)), "anna": Metric(300, NOW)}
    d = decide(
        known=True,
        open_case_owner="anna@x",
        partner=False,
        high_value=True,
        language=None,
        queues=Q,
        metrics=stale,
        now=NOW,
    )
    assert d.queue_arn == "anna"  # the stale 1 s of the priority queue does not count
    d = decide(
        known=True,
        open_case_owner="bob@x",
        partner=True,
        high_value=False,
        language="en",
        queues=Q,
        metrics={},
        now=NOW,
    )
    assert d.queue_arn == "partner"  # bob has no queue; English has none either
