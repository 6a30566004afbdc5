package io.reelay.media;

/** Told how far a transcode has got; called on the transcoding thread, a few times per second at most. */
@FunctionalInterface
public interface TranscodeProgress {

  TranscodeProgress NONE = fraction -> { };

  /** @param fraction 0..1 of the source's duration decoded and handed to the encoders */
  void update(double fraction);
}
