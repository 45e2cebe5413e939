"""Communication CRM: caller identification, routing decisions, IVR self-service with caller verification,
contact interactions on the timeline, voicemail processing and callbacks."""
