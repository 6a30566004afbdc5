import com.sun.management.OperatingSystemMXBean;
import io.reelay.media.Ladder;
import io.reelay.media.LiveLadder;
import io.reelay.media.Rung;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Live ABR cost: one stream's video through the ladder the node runs (LiveLadder: decode once, scale, x264
 * zerolatency per rung, keyframes at the source's), as the stream's AbrWorker drives it, without the segmenters
 * (a remux, ~1 % of a core per stream: see the density figures).
 *   --mode paced   units fed at real time: CPU of this process per stream (% of one core)
 *   --mode flat    units fed as fast as the ladder takes them: speed as a multiple of real time, and CPU
 * Both print cpu/media: CPU seconds per second of media (1.0 = one core busy to keep up with real time).
 * Usage: java AbrBench --flv FILE --mode paced|flat [--threads 0]
 */
public final class AbrBench {

  private record Unit(long dts, long pts, boolean key, byte[] data) {
  }

  public static void main(String[] args) throws Exception {
    String flv = arg(args, "--flv", null);
    String mode = arg(args, "--mode", "flat");
    int threads = Integer.parseInt(arg(args, "--threads", "0"));
    List<Unit> units = new ArrayList<>();
    byte[] avcc;
    int width;
    int height;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(flv)) {
      grabber.start();
      width = grabber.getImageWidth();
      height = grabber.getImageHeight();
      AVStream st = grabber.getFormatContext().streams(grabber.getVideoStream());
      avcc = new byte[st.codecpar().extradata_size()];
      st.codecpar().extradata().position(0).get(avcc);
      AVPacket p;
      while ((p = grabber.grabPacket()) != null) {
        if (p.stream_index() != grabber.getVideoStream()) {
          continue;
        }
        byte[] data = new byte[p.size()];
        p.data().position(0).get(data);
        double tb = 90_000.0 * st.time_base().num() / st.time_base().den();
        units.add(new Unit(Math.round(p.dts() * tb), Math.round(p.pts() * tb), (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0, data));
      }
    }
    List<Rung> rungs = Ladder.live(width, height, 30);
    long[] bytes = new long[rungs.size()];
    long[] keys = new long[rungs.size()];
    LiveLadder ladder = new LiveLadder(rungs, threads, new LiveLadder.Output() {
      @Override
      public void opened(int rung, byte[] parameterSets) {
      }

      @Override
      public void frame(int rung, long dts, long pts, boolean keyframe, byte[] annexB) {
        bytes[rung] += annexB.length;
        keys[rung] += keyframe ? 1 : 0;
      }
    });
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double seconds = (units.get(units.size() - 1).pts() - units.get(0).pts()) / 90_000.0 + 1 / 30.0;
    ladder.configure(avcc);
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long first = units.get(0).dts();
    long late = 0;
    for (Unit u : units) {
      if (mode.equals("paced")) {
        long due = t0 + (u.dts() - first) * 1_000_000_000L / 90_000;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        } else if (wait < -500_000_000L) {
          late++;
        }
      }
      ladder.unit(u.data(), u.dts(), u.pts(), u.key(), false);
    }
    ladder.flush();
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    ladder.close();
    long sourceKeys = units.stream().filter(Unit::key).count();
    StringBuilder rates = new StringBuilder();
    for (int i = 0; i < rungs.size(); i++) {
      rates.append(String.format(" %s=%.2fMb/s(keys %d/%d)", rungs.get(i).name(), bytes[i] * 8 / seconds / 1e6, keys[i], sourceKeys));
    }
    // cpu/media: CPU seconds per second of media, the stream's cost at real time whatever else shares the machine
    System.out.printf("mode=%s source=%dx%d media=%.1fs wall=%.2fs speed=%.2fx cpu=%.0f%% cpu/media=%.2f encoded=%d late=%d%s%n",
        mode, width, height, seconds, wall, seconds / wall, 100 * cpu / wall, cpu / seconds, ladder.encoded(), late, rates);
  }

  private static String arg(String[] args, String name, String otherwise) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }
}
