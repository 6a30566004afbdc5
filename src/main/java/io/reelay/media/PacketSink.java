package io.reelay.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/** Receives an encoded packet; it is only valid during the call (the sink may take over its reference). */
@FunctionalInterface
interface PacketSink {
  void accept(AVPacket packet) throws TranscodeException, InterruptedException;
}
