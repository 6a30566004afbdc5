package io.reelay.live.ingest;

/**
 * A live source's H.264 configuration: the AVCDecoderConfigurationRecord (ISO 14496-15: SPS and PPS), as an FLV
 * AVC sequence header carries it. A source may send a new one mid-stream (the encoder restarted or changed size).
 */
public record VideoTrack(byte[] avcDecoderConfigurationRecord) {
}
