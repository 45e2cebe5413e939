"""Voicemail → transcript → callback. After a contact the flow marked as voicemail (attribute crm_voicemail=true)
ends, its trace record starts processing: the customer audio is read from Kinesis Video Streams, stored as WAV in
the voicemail bucket and an Amazon Transcribe job is started (idempotent by name). When Transcribe reports the job
COMPLETED, the transcript is stored, the voicemail lands on the customer's timeline with a presigned audio link,
a Connect task (client token = contact id) and a CRM task for the owner are created, and the owner is notified."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from crm.aws import client
from crm.config import env, required
from crm.contact_centre.caller import load_card
from crm.contact_centre.connect_api import AudioSource, Tasks, wav
from crm.contact_centre.interactions import write_timeline
from crm.contact_centre.models import Interaction
from crm.contact_centre.repository import load_interaction
from crm.notify import notify
from crm.tasks.public import ensure_call_task

LANGUAGES = {"pl": "pl-PL", "en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "nl": "nl-NL"}


def bucket() -> str:
    return required("VOICEMAIL_BUCKET")


def start(i: Interaction, audio: AudioSource, stream_arn: str, start_fragment: str) -> dict[str, Any]:
    """Audio → WAV in S3 → Transcribe job. Safe to run twice for one contact."""
    key = f"voicemail/{i.contact_id}.wav"
    pcm = audio.customer_audio(stream_arn, start_fragment)
    client("s3").put_object(
        Bucket=bucket(), Key=key, Body=wav(pcm), ContentType="audio/wav", ServerSideEncryption="aws:kms"
    )
    lang = LANGUAGES.get(((i.attributes.as_dict() if i.attributes else {}).get("crm_language") or "en")[:2], "en-US")
    job = f"vm-{i.contact_id}"
    try:
        client("transcribe").start_transcription_job(
            TranscriptionJobName=job,
            LanguageCode=lang,
            MediaFormat="wav",
            Media={"MediaFileUri": f"s3://{bucket()}/{key}"},
            OutputBucketName=bucket(),
            OutputKey=f"transcripts/{i.contact_id}.json",
        )
    except client("transcribe").exceptions.ConflictException:
        pass  # already started for this contact
    i.update(
        actions=[
            Interaction.voicemail.set(
                {"audio_key": key, "job": job, "seconds": str(len(pcm) // 16000), "status": "transcribing"}
            )
        ]
    )
    return {"contact_id": i.contact_id, "audio_key": key, "job": job}


def transcript_text(contact_id: str) -> str:
    body = client("s3").get_object(Bucket=bucket(), Key=f"transcripts/{contact_id}.json")["Body"].read()
    doc = json.loads(body)
    return " ".join(t.get("transcript", "") for t in doc.get("results", {}).get("transcripts", [])).strip()


def complete(job_name: str, tasks: Tasks) -> dict[str, Any]:
    """On Transcribe's COMPLETED event: transcript on the interaction and timeline, callback tasks, notification."""
    contact_id = job_name.removeprefix("vm-")
    i = load_interaction(contact_id)
    vm = i.voicemail.as_dict() if i.voicemail is not None else {}
    if vm.get("status") == "done":
        return {"contact_id": contact_id, "status": "already done"}
    text = transcript_text(contact_id)
    url = client("s3").generate_presigned_url(
        "get_object", Params={"Bucket": bucket(), "Key": vm["audio_key"]}, ExpiresIn=7 * 24 * 3600
    )
    card = load_card(i.customer_id, i.caller) if i.customer_id else None
    owner = (card.owner if card else None) or env("VOICEMAIL_DEFAULT_OWNER", "agent@crm.local")
    who = card.name if card and card.name else (i.caller or "unknown caller")
    connect_task = tasks.start_task(
        client_token=contact_id,
        name=f"Call back {who}",
        description=f"Voicemail: {text[:3000]}",
        references={"audio": url},
    )
    due = (datetime.now(UTC) + timedelta(hours=4)).isoformat(timespec="seconds").replace("+00:00", "Z")
    crm_task = ensure_call_task(  # an earlier delivery of this event created it: nothing new
        f"vm-{contact_id}",
        subject=f"Call back {who} (voicemail)",
        notes=text,
        assignee=owner,
        due_at=due,
        customer_id=i.customer_id,
        contact_id=contact_id,
        created_by="voicemail",
    )
    done = {
        **vm,
        "transcript": text,
        "status": "done",
        "audio_url": url,
        "connect_task": connect_task,
        "crm_task": crm_task,
    }
    i.update(actions=[Interaction.voicemail.set(done)])
    i.refresh()
    entry = write_timeline(i)
    notify(
        owner,
        "voicemail",
        f"Voicemail from {who}",
        f"{text}\n\nListen: {url}",
        {"contact_id": contact_id, "task_id": crm_task},
    )
    return {
        "contact_id": contact_id,
        "transcript": text,
        "connect_task": connect_task,
        "crm_task": crm_task,
        "timeline": entry.entry_id if entry else None,
    }
