package io.reelay.media.fmp4;

import java.util.Arrays;

/**
 * A parsed AudioSpecificConfig (ISO 14496-3 1.6.2.1): object type, sampling rate and channels.
 *
 * @param channels the channel configuration's count; 0 (defined in-band by a PCE) is reported as 2
 */
public record AacConfig(byte[] audioSpecificConfig, int objectType, int sampleRate, int channels) {

  /** Samples per AAC frame: the duration of every access unit, in the track's timescale (its sample rate). */
  public static final int FRAME_SAMPLES = 1024;

  private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
      11025, 8000, 7350};
  private static final int[] CHANNELS = {2, 1, 2, 3, 4, 5, 6, 8};

  public static AacConfig parse(byte[] asc) {
    if (asc == null || asc.length < 2) {
      throw new MalformedConfigException("AudioSpecificConfig is too short");
    }
    BitReader r = new BitReader(asc, 0, asc.length, "AudioSpecificConfig");
    int type = r.u(5);
    if (type == 31) {
      type = 32 + r.u(6);
    }
    if (type == 0) {
      throw new MalformedConfigException("AudioSpecificConfig has audio object type 0");
    }
    int index = r.u(4);
    int rate;
    if (index == 15) {
      rate = r.u(24);
    } else if (index < RATES.length) {
      rate = RATES[index];
    } else {
      throw new MalformedConfigException("AudioSpecificConfig has reserved sampling frequency index " + index);
    }
    if (rate < 1000 || rate > 192_000) {
      throw new MalformedConfigException("AudioSpecificConfig has an impossible sampling rate " + rate);
    }
    int config = r.u(4);
    if (config >= CHANNELS.length) {
      throw new MalformedConfigException("AudioSpecificConfig has reserved channel configuration " + config);
    }
    return new AacConfig(asc.clone(), type, rate, CHANNELS[config]);
  }

  /** RFC 6381 codec string, e.g. {@code mp4a.40.2} (AAC-LC). */
  public String codec() {
    return "mp4a.40." + objectType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AacConfig c && Arrays.equals(audioSpecificConfig, c.audioSpecificConfig);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(audioSpecificConfig);
  }

  @Override
  public String toString() {
    return codec() + " " + sampleRate + " Hz " + channels + " ch";
  }
}
