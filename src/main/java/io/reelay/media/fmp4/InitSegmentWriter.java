package io.reelay.media.fmp4;

/**
 * Writes the fMP4 initialization segment ({@code ftyp} + {@code moov}, ISO 14496-12) of a stream with an H.264
 * video track, an AAC audio track, or both: sample tables are empty, the samples come in fragments.
 */
public final class InitSegmentWriter {

  /** Track ID of the video track in every init segment and fragment. */
  public static final int VIDEO_TRACK = 1;
  /** Track ID of the audio track (2 even when there is no video, so fragments never depend on the mix). */
  public static final int AUDIO_TRACK = 2;
  /** Video timescale: the ingest clock, so video times need no conversion. */
  public static final int VIDEO_TIMESCALE = 90_000;

  private InitSegmentWriter() {
  }

  /** @param video or null; @param audio or null (not both) */
  public static byte[] write(AvcConfig video, AacConfig audio) {
    if (video == null && audio == null) {
      throw new IllegalArgumentException("an init segment needs a track");
    }
    BoxWriter w = new BoxWriter(1024);
    w.begin("ftyp").fourcc("iso5").u32(512).fourcc("iso5").fourcc("iso6").fourcc("mp41").end();
    w.begin("moov");
    w.beginFull("mvhd", 0, 0).u32(0).u32(0).u32(1000).u32(0) // times, timescale, duration
        .u32(0x00010000).u16(0x0100).zeros(10).unityMatrix().zeros(24).u32(AUDIO_TRACK + 1).end();
    if (video != null) {
      videoTrak(w, video);
    }
    if (audio != null) {
      audioTrak(w, audio);
    }
    w.begin("mvex");
    if (video != null) {
      trex(w, VIDEO_TRACK);
    }
    if (audio != null) {
      trex(w, AUDIO_TRACK);
    }
    w.end().end();
    return w.toByteArray();
  }

  private static void videoTrak(BoxWriter w, AvcConfig c) {
    AvcSps sps = c.sps();
    // tkhd's size is the display size: stored width stretched by the sample aspect ratio
    long displayWidth = (long) c.width() * sps.sarWidth() / sps.sarHeight();
    w.begin("trak");
    tkhd(w, VIDEO_TRACK, 0, (int) displayWidth, c.height());
    w.begin("mdia");
    mdhd(w, VIDEO_TIMESCALE);
    hdlr(w, "vide", "VideoHandler");
    w.begin("minf");
    w.beginFull("vmhd", 0, 1).u16(0).u16(0).u16(0).u16(0).end();
    dinf(w);
    w.begin("stbl");
    w.beginFull("stsd", 0, 0).u32(1);
    w.begin("avc1").zeros(6).u16(1) // reserved, data_reference_index
        .zeros(16).u16(c.width()).u16(c.height())
        .u32(0x00480000).u32(0x00480000).u32(0).u16(1) // 72 dpi, reserved, frame_count
        .zeros(32).u16(0x0018).u16(0xffff); // compressorname, depth, pre_defined = -1
    w.begin("avcC").bytes(c.record()).end();
    if (sps.sarWidth() != sps.sarHeight()) {
      w.begin("pasp").u32(sps.sarWidth()).u32(sps.sarHeight()).end();
    }
    w.end().end(); // avc1, stsd
    emptySampleTables(w);
    w.end().end().end().end(); // stbl, minf, mdia, trak
  }

  private static void audioTrak(BoxWriter w, AacConfig c) {
    w.begin("trak");
    tkhd(w, AUDIO_TRACK, 0x0100, 0, 0);
    w.begin("mdia");
    mdhd(w, c.sampleRate());
    hdlr(w, "soun", "SoundHandler");
    w.begin("minf");
    w.beginFull("smhd", 0, 0).u16(0).u16(0).end();
    dinf(w);
    w.begin("stbl");
    w.beginFull("stsd", 0, 0).u32(1);
    w.begin("mp4a").zeros(6).u16(1).zeros(8)
        .u16(c.channels()).u16(16).u16(0).u16(0)
        .u32(c.sampleRate() <= 0xffff ? c.sampleRate() << 16 : 0); // 16.16; rates above 65535 live in mdhd only
    esds(w, c);
    w.end().end(); // mp4a, stsd
    emptySampleTables(w);
    w.end().end().end().end();
  }

  /** The MPEG-4 elementary stream descriptor (ISO 14496-1 7.2.6.5) around the AudioSpecificConfig. */
  private static void esds(BoxWriter w, AacConfig c) {
    byte[] asc = c.audioSpecificConfig();
    int decoderSpecific = 2 + asc.length;
    int decoderConfig = 13 + decoderSpecific;
    int sl = 3;
    w.beginFull("esds", 0, 0);
    descriptor(w, 0x03, 3 + decoderConfig + 2 + sl).u16(0).u8(0); // ES_ID, flags
    descriptor(w, 0x04, 13 + decoderSpecific).u8(0x40).u8(0x15).u24(0).u32(0).u32(0); // AAC, audio stream
    descriptor(w, 0x05, asc.length).bytes(asc);
    descriptor(w, 0x06, 1).u8(0x02); // SLConfig: predefined MP4
    w.end();
  }

  private static BoxWriter descriptor(BoxWriter w, int tag, int length) {
    if (length > 127) {
      throw new MalformedConfigException("AudioSpecificConfig is too long");
    }
    return w.u8(tag).u8(length);
  }

  private static void tkhd(BoxWriter w, int trackId, int volume, int width, int height) {
    w.beginFull("tkhd", 0, 3).u32(0).u32(0).u32(trackId).u32(0).u32(0) // enabled|in movie; times, id, -, duration
        .zeros(8).u16(0).u16(0).u16(volume).u16(0).unityMatrix()
        .u32(width << 16).u32(height << 16).end();
  }

  private static void mdhd(BoxWriter w, int timescale) {
    w.beginFull("mdhd", 0, 0).u32(0).u32(0).u32(timescale).u32(0).u16(0x55c4).u16(0).end(); // language "und"
  }

  private static void hdlr(BoxWriter w, String type, String name) {
    w.beginFull("hdlr", 0, 0).u32(0).fourcc(type).zeros(12).string(name).end();
  }

  private static void dinf(BoxWriter w) {
    w.begin("dinf").beginFull("dref", 0, 0).u32(1).beginFull("url ", 0, 1).end().end().end();
  }

  private static void emptySampleTables(BoxWriter w) {
    w.beginFull("stts", 0, 0).u32(0).end();
    w.beginFull("stsc", 0, 0).u32(0).end();
    w.beginFull("stsz", 0, 0).u32(0).u32(0).end();
    w.beginFull("stco", 0, 0).u32(0).end();
  }

  private static void trex(BoxWriter w, int trackId) {
    w.beginFull("trex", 0, 0).u32(trackId).u32(1).u32(0).u32(0).u32(0).end();
  }
}
