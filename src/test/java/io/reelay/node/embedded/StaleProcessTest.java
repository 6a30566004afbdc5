package io.reelay.node.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleProcessTest {

  @TempDir
  Path dir;

  @Test
  void aPidFileOfADeadProcessIsRemoved() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    Path pidFile = pidFile(done.pid());

    assertThat(StaleProcess.stopIfRunning(pidFile, "true", "x", Duration.ofSeconds(1))).isFalse();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void aRecycledPidOfAnotherProgramIsLeftAloneButItsPidFileRemoved() throws Exception {
    Path pidFile = pidFile(ProcessHandle.current().pid()); // a java process, not a "sleep"

    assertThat(StaleProcess.stopIfRunning(pidFile, "sleep", "x", Duration.ofSeconds(1))).isFalse();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void anOrphanOfOursIsStopped() throws Exception {
    Process orphan = new ProcessBuilder("sleep", "30").start();
    Path pidFile = pidFile(orphan.pid());

    assertThat(StaleProcess.stopIfRunning(pidFile, "sleep", "30", Duration.ofSeconds(5))).isTrue();
    // It is dead (a zombie) when stopIfRunning returns; Process only notices once the JVM reaps it.
    assertThat(orphan.waitFor(2, TimeUnit.SECONDS)).isTrue();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void aSameKindProcessThatIsNotOursIsRefusedNotKilled() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Path pidFile = pidFile(other.pid());
      assertThatThrownBy(() -> StaleProcess.stopIfRunning(pidFile, "sleep", "/our/data/dir", Duration.ofSeconds(1)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("does not look like ours");
      assertThat(other.isAlive()).isTrue();
      assertThat(pidFile).exists();
    } finally {
      other.destroyForcibly();
    }
  }

  private Path pidFile(long pid) throws IOException {
    return Files.writeString(dir.resolve("test.pid"), pid + "\n");
  }
}
