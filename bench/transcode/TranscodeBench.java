import io.reelay.media.MediaInfo;
import io.reelay.media.MediaProbe;
import io.reelay.media.TranscodeResult;
import io.reelay.media.TranscodeSettings;
import io.reelay.media.Transcoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times Reelay's Transcoder (single-file program; run by bench/transcode/run.sh with the project's classpath).
 * Prints one line: "wall=<s> cpu=<s> rss=<MiB> jobs_rss=<MiB>" — wall time and CPU time (user + system, all
 * threads) of all jobs, the JVM's peak resident set
 * (VmHWM), and that peak less the resident set before the first job (the JVM, FFmpeg's libraries loaded).
 *
 * Usage: java -cp ... TranscodeBench.java SOURCE OUT_DIR JOBS PARALLEL [THREADS]
 *   JOBS jobs on the same source, PARALLEL of them at a time; THREADS = x264 threads per rendition (0 = auto)
 */
public class TranscodeBench {

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int jobs = Integer.parseInt(args[2]);
    int parallel = Integer.parseInt(args[3]);
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    TranscodeSettings defaults = TranscodeSettings.defaults();
    TranscodeSettings settings = new TranscodeSettings(threads, defaults.segmentSeconds(),
        defaults.keyframeSeconds(), defaults.storyboardIntervalSeconds());
    MediaInfo info = MediaProbe.probe(source);
    long baseKiB = status("VmRSS:"); // the JVM (and FFmpeg's libraries, loaded by the probe) before any job
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    long start = System.nanoTime();
    List<Future<TranscodeResult>> results = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      Path dir = out.resolve("job" + i);
      results.add(pool.submit(() -> Transcoder.transcode(source, info, dir, settings, null)));
    }
    TranscodeResult last = null;
    for (Future<TranscodeResult> f : results) {
      last = f.get();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
    pool.shutdown();
    long peakKiB = status("VmHWM:");
    System.out.printf("wall=%.2f cpu=%.2f rss=%d jobs_rss=%d%n", wall, cpu, peakKiB / 1024,
        (peakKiB - baseKiB) / 1024);
    System.err.println(last);
  }

  private static long status(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
