package io.reelay.live.ingest;

/** A live source's AAC configuration: the AudioSpecificConfig (ISO 14496-3), as an FLV AAC sequence header carries it. */
public record AudioTrack(byte[] audioSpecificConfig) {
}
