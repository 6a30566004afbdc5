package io.reelay.upload;

import io.micrometer.core.instrument.Counter;
import io.reelay.node.NodeMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/** What operators watch of uploads: bytes acknowledged, completions (new or deduplicated), refusals. */
final class UploadMetrics {

  private final Counter bytes;
  private final Counter completedNew;
  private final Counter completedDeduplicated;
  private final Counter checksumMismatches;
  private final AtomicInteger inFlight = new AtomicInteger();

  UploadMetrics(NodeMetrics metrics) {
    this.bytes = metrics.counter("reelay_upload_bytes", "upload bytes acknowledged (on disk, offset advanced)");
    this.completedNew = metrics.counter("reelay_uploads_completed", "uploads whose bytes are all in", "content", "new");
    this.completedDeduplicated = metrics.counter("reelay_uploads_completed", "uploads whose bytes are all in",
        "content", "deduplicated");
    this.checksumMismatches = metrics.counter("reelay_upload_checksum_mismatches", "chunks discarded with 460");
    metrics.gauge("reelay_upload_writes_in_flight", "request bodies being written to uploads now", inFlight::get);
  }

  void acknowledged(long n) {
    bytes.increment(n);
  }

  void completed(boolean deduplicated) {
    (deduplicated ? completedDeduplicated : completedNew).increment();
  }

  void checksumMismatch() {
    checksumMismatches.increment();
  }

  void writeStarted() {
    inFlight.incrementAndGet();
  }

  void writeEnded() {
    inFlight.decrementAndGet();
  }
}
