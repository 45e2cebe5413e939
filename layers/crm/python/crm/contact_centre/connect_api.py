"""The Amazon Connect calls the CRM makes, behind small interfaces (moto implements none of them): queue
metrics, task contacts for callbacks, and the customer audio of a contact from Kinesis Video Streams."""

from __future__ import annotations

from typing import Any, Protocol

from crm.aws import client
from crm.config import required


class Tasks(Protocol):
    def start_task(self, *, client_token: str, name: str, description: str, references: dict[str, str]) -> str:
        """Create a task contact for agents; the same client token never creates a second one."""


class ConnectTasks:
    def __init__(self, client: Any = None) -> None:
        self._client = client

    def start_task(self, *, client_token: str, name: str, description: str, references: dict[str, str]) -> str:
        if self._client is None:
            self._client = client("connect")
        response = self._client.start_task_contact(
            InstanceId=required("CONNECT_INSTANCE_ID"),
            ContactFlowId=required("CALLBACK_TASK_FLOW_ID"),
            Name=name[:512],
            Description=description[:4096],
            References={
                k: {"Value": v, "Type": "URL" if v.startswith("http") else "STRING"} for k, v in references.items()
            },
            ClientToken=client_token[:500],
        )
        return response["ContactId"]


class AudioSource(Protocol):
    def customer_audio(self, stream_arn: str, start_fragment: str) -> bytes:
        """16-bit little-endian PCM, 8 kHz mono: what the caller said."""


# --- a minimal Matroska (EBML) reader: enough to pull the customer's audio frames out of a KVS GetMedia stream.
SEGMENT, CLUSTER, BLOCK_GROUP, SIMPLE_BLOCK, BLOCK, TAGS, TAG, SIMPLE_TAG = (
    0x18538067,
    0x1F43B675,
    0xA0,
    0xA3,
    0xA1,
    0x1254C367,
    0x7373,
    0x67C8,
)
MASTERS = {SEGMENT, CLUSTER, BLOCK_GROUP}
CUSTOMER_TRACK = 1  # Connect writes AUDIO_FROM_CUSTOMER as track 1 and AUDIO_TO_CUSTOMER as track 2


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8:
        raise ValueError("bad EBML variable-length integer")
    value = first if keep_marker else first & (mask - 1)
    for b in data[pos + 1 : pos + length]:
        value = (value << 8) | b
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, pos + length, unknown


def mkv_audio_frames(data: bytes, track: int = CUSTOMER_TRACK) -> bytes:
    """Concatenate the payloads of SimpleBlocks/Blocks of one track (live segments have unknown sizes)."""
    out = bytearray()
    pos = 0
    while pos < len(data):
        element, pos, _ = _vint(data, pos, keep_marker=True)
        size, pos, unknown = _vint(data, pos, keep_marker=False)
        if element in MASTERS:
            continue  # descend: its children follow
        end = len(data) if unknown else pos + size
        if element in (SIMPLE_BLOCK, BLOCK):
            number, p, _ = _vint(data, pos, keep_marker=False)
            if number == track:
                out += data[p + 3 : end]  # skip timecode (2 bytes) and flags (1 byte)
        pos = end
    return bytes(out)


class KinesisVideoAudio:
    def __init__(self, kvs: Any = None, media_factory: Any = None) -> None:
        self._kvs, self._factory = kvs, media_factory

    def customer_audio(self, stream_arn: str, start_fragment: str) -> bytes:
        import boto3

        kvs = self._kvs or client("kinesisvideo")
        endpoint = kvs.get_data_endpoint(StreamARN=stream_arn, APIName="GET_MEDIA")["DataEndpoint"]
        media = (self._factory or (lambda url: boto3.client("kinesis-video-media", endpoint_url=url)))(endpoint)
        selector = {"StartSelectorType": "FRAGMENT_NUMBER", "AfterFragmentNumber": start_fragment}
        payload = media.get_media(StreamARN=stream_arn, StartSelector=selector)["Payload"].read()
        return mkv_audio_frames(payload)


def wav(pcm: bytes, rate: int = 8000) -> bytes:
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buffer.getvalue()
