package io.reelay.testing;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * A media file's coded packets as a live ingest would hand them over: H.264 access units with 4-byte NAL lengths,
 * raw AAC frames, 90 kHz timestamps in decode order, and the track configurations (avcC, AudioSpecificConfig) from
 * the demuxer's extradata. Reads MP4 or FLV, as {@link TestMedia} and FFmpeg write them (and MPEG-TS, whose units
 * stay as the file has them: Annex B, ADTS).
 *
 * @param avcc the AVCDecoderConfigurationRecord, or null without video (or in-band, as in MPEG-TS)
 * @param asc the AudioSpecificConfig, or null without audio (or in-band)
 */
public record TestPackets(byte[] avcc, byte[] asc, List<AccessUnit> units) {

  public static TestPackets read(Path file) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      int video = grabber.getVideoStream();
      int audio = grabber.getAudioStream();
      byte[] avcc = video < 0 ? null : extradata(grabber.getFormatContext().streams(video).codecpar());
      byte[] asc = audio < 0 ? null : extradata(grabber.getFormatContext().streams(audio).codecpar());
      List<AccessUnit> units = new ArrayList<>();
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        int index = packet.stream_index();
        if (index != video && index != audio) {
          continue;
        }
        AVStream stream = grabber.getFormatContext().streams(index);
        long dts = ticks(packet.dts(), stream);
        long pts = ticks(packet.pts(), stream);
        byte[] data = new byte[packet.size()];
        packet.data().position(0).get(data);
        boolean isVideo = index == video;
        units.add(new AccessUnit(isVideo ? MediaKind.VIDEO : MediaKind.AUDIO, dts, isVideo ? pts : dts,
            !isVideo || (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0, data));
      }
      units.sort(Comparator.comparingLong(AccessUnit::dts)); // interleaved by time, as RTMP sends them
      return new TestPackets(avcc, asc, units);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  public long count(MediaKind kind) {
    return units.stream().filter(u -> u.kind() == kind).count();
  }

  private static long ticks(long time, AVStream stream) {
    return Math.round(time * (double) AccessUnit.CLOCK_HZ * stream.time_base().num() / stream.time_base().den());
  }

  private static byte[] extradata(AVCodecParameters par) {
    if (par.extradata() == null) {
      return null; // MPEG-TS carries the configuration in-band
    }
    byte[] b = new byte[par.extradata_size()];
    par.extradata().position(0).get(b);
    return b;
  }
}
