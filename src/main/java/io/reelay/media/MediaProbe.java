package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads what a media file contains — container, duration, codecs, the picture as shown (size after pixel aspect and
 * rotation, interlacing, HDR) — from its headers, using
 * FFmpeg's demuxer only. Nothing is decoded beyond the few packets FFmpeg's stream-info analysis reads
 * at the start of the file, so a multi-gigabyte file probes in milliseconds.
 *
 * <p>BLOCKING: opens and reads the file and calls native code. Call it from a worker thread
 * ({@code vertx.executeBlocking} or a worker verticle), never from an event loop.
 */
public final class MediaProbe {

  /** What avformat_open_input returns for a format not on the list: AVERROR(EINVAL) on Linux. */
  private static final int NOT_ON_WHITELIST = -22;

  static {
    // Probing garbage makes FFmpeg log errors ("moov atom not found", ...) straight to stderr; the reason
    // reaches the caller through the exception instead. The level is process-wide: whoever needs FFmpeg's
    // own log (e.g. to debug a transcode) can raise it again with av_log_set_level.
    av_log_set_level(AV_LOG_FATAL);
  }

  private MediaProbe() {
  }

  /**
   * @return what the file holds; always has a positive duration and at least a video or an audio stream
   * @throws UnplayableMediaException with a user-facing reason when the file is missing, empty, not a
   *     media file, truncated, or has no usable stream
   */
  public static MediaInfo probe(Path file) throws UnplayableMediaException {
    long size = sizeOf(file);
    AVFormatContext ctx = new AVFormatContext(null);
    AVDictionary options = new AVDictionary(null);
    // "file:" stops FFmpeg from reading a name like "x:y" as a protocol; UTF-8 because FFmpeg expects it
    // whatever the JVM's default charset is.
    try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
      av_dict_set(options, "format_whitelist", Av.INPUT_FORMATS, 0);
      av_dict_set(options, "protocol_whitelist", "file", 0);
      int ret = avformat_open_input(ctx, url, null, options);
      if (ret == NOT_ON_WHITELIST) {
        throw new UnplayableMediaException("not a supported media format");
      }
      check(ret, "not a recognised media file");
      try {
        check(avformat_find_stream_info(ctx, (PointerPointer<?>) null), "could not read the media streams");
        return describe(ctx, size);
      } finally {
        avformat_close_input(ctx); // frees the context and everything it owns
      }
    } finally {
      av_dict_free(options); // holds the options FFmpeg did not consume
    }
  }

  private static long sizeOf(Path file) throws UnplayableMediaException {
    if (!Files.isRegularFile(file)) {
      throw new UnplayableMediaException("file not found");
    }
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new UnplayableMediaException("file is empty");
      }
      return size;
    } catch (IOException e) {
      throw new UnplayableMediaException("file cannot be read");
    }
  }

  private static MediaInfo describe(AVFormatContext ctx, long fileSize) throws UnplayableMediaException {
    AVStream video = firstStream(ctx, AVMEDIA_TYPE_VIDEO);
    AVStream audio = firstStream(ctx, AVMEDIA_TYPE_AUDIO);
    if (video == null && audio == null) {
      throw new UnplayableMediaException("no video or audio stream");
    }
    Integer width = null;
    Integer height = null;
    Double frameRate = null;
    SourcePicture picture = null;
    if (video != null) {
      requireDecoder(video, "video");
      AVCodecParameters par = video.codecpar();
      if (par.width() <= 0 || par.height() <= 0) {
        throw new UnplayableMediaException("video stream has no dimensions");
      }
      picture = SourcePicture.of(video);
      width = picture.displayWidth();
      height = picture.displayHeight();
      frameRate = frameRate(video);
    }
    if (audio != null) {
      requireDecoder(audio, "audio");
    }
    requireIndexInsideFile(video, fileSize);
    requireIndexInsideFile(audio, fileSize);

    long durationMs = durationMs(ctx);
    if (durationMs <= 0) {
      // Without a duration nothing downstream (progress, playlists, the player's seek bar) works, and
      // finding it would mean reading the whole file; such files are rare outside raw elementary streams.
      throw new UnplayableMediaException("duration unknown");
    }
    long bitRate = ctx.bit_rate() > 0 ? ctx.bit_rate() : fileSize * 8_000 / durationMs;
    return new MediaInfo(ctx.iformat().name().getString(), durationMs, width, height, frameRate,
        codecName(video), codecName(audio), bitRate, picture == null ? 0 : picture.orientation().degrees(),
        picture != null && picture.interlaced(), picture == null ? null : picture.colour().transferName());
  }

  /** The first stream of a type; cover art (an attached picture) is not a video. */
  private static AVStream firstStream(AVFormatContext ctx, int mediaType) {
    for (int i = 0; i < ctx.nb_streams(); i++) {
      AVStream st = ctx.streams(i);
      boolean coverArt = (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
      if (st.codecpar().codec_type() == mediaType && !coverArt) {
        return st;
      }
    }
    return null;
  }

  /** A stream this FFmpeg build cannot decode could never be transcoded: say so now. */
  private static void requireDecoder(AVStream st, String kind) throws UnplayableMediaException {
    if (avcodec.avcodec_find_decoder(st.codecpar().codec_id()) == null) {
      throw new UnplayableMediaException(kind + " codec '" + codecName(st) + "' is not supported");
    }
  }

  /**
   * Containers with an up-front index (MP4 with its moov atom first, MKV cues, ...) still open when the
   * end of the file is missing, and would fail only half-way through a transcode. The last index entry
   * pointing past the end of the file gives that away without reading any media data.
   */
  private static void requireIndexInsideFile(AVStream st, long fileSize) throws UnplayableMediaException {
    int entries = st == null ? 0 : avformat_index_get_entries_count(st);
    if (entries > 0) {
      AVIndexEntry last = avformat_index_get_entry(st, entries - 1);
      if (last != null && last.pos() + last.size() > fileSize) {
        throw new UnplayableMediaException("file is truncated (it ends before the media data it indexes)");
      }
    }
  }

  /** The container's duration, else the longest stream's; 0 when neither is known. */
  private static long durationMs(AVFormatContext ctx) {
    if (ctx.duration() != AV_NOPTS_VALUE && ctx.duration() > 0) {
      return ctx.duration() * 1000 / AV_TIME_BASE;
    }
    long longest = 0;
    for (int i = 0; i < ctx.nb_streams(); i++) {
      AVStream st = ctx.streams(i);
      if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
        AVRational tb = st.time_base();
        longest = Math.max(longest, st.duration() * 1000 * tb.num() / tb.den());
      }
    }
    return longest;
  }

  /** Average frame rate, else the container's base rate; null when the container states neither. */
  private static Double frameRate(AVStream st) {
    for (AVRational rate : new AVRational[] {st.avg_frame_rate(), st.r_frame_rate()}) {
      if (rate.num() > 0 && rate.den() > 0) {
        return (double) rate.num() / rate.den();
      }
    }
    return null;
  }

  private static String codecName(AVStream st) {
    return st == null ? null : avcodec.avcodec_get_name(st.codecpar().codec_id()).getString();
  }

  private static void check(int ret, String what) throws UnplayableMediaException {
    if (ret < 0) {
      throw new UnplayableMediaException(what + " (ffmpeg: " + Av.errorText(ret) + ")");
    }
  }

}
