package io.reelay.transcode;

import io.reelay.node.config.ReelayConfig;

/**
 * How a node runs transcode jobs.
 *
 * @param concurrentJobs jobs this node runs at once (each on its own worker thread)
 * @param threadsPerJob  encoder threads per rendition, 0 lets x264 decide
 * @param retries        retries after a failure that may be transient (bad media is not retried)
 */
public record JobSettings(int concurrentJobs, int threadsPerJob, int retries) {

  /** A running job's heartbeat: how often it is written, and how old it may get before the job is taken over. */
  static final int HEARTBEAT_SECONDS = 2;
  static final int STALE_SECONDS = 15;

  public static JobSettings from(ReelayConfig config) {
    return new JobSettings(config.transcodeConcurrentJobs(), config.transcodeThreadsPerJob(), config.transcodeRetries());
  }

  int maxAttempts() {
    return retries + 1;
  }
}
