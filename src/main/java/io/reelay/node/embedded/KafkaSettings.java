package io.reelay.node.embedded;

import java.nio.file.Path;
import java.util.Properties;

/** Broker config for a single combined broker+controller sized for a small heap. */
final class KafkaSettings {

  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KafkaSettings() {
  }

  static Properties of(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    // KRaft combined mode with a static single-voter quorum: the voter's address lives only in
    // config (not in the log), so picking new free ports on every start is fine.
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());

    // One replica exists, so every replication factor / ISR must be 1.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "true");
    // Fewer internal partitions: less to load at startup, fewer open files and index mmaps.
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.num.partitions", "1");
    // Nobody else will join a group; do not hold the first rebalance for 3 s.
    p.put("group.initial.rebalance.delay.ms", "0");

    // Small thread pools and buffers; the defaults target multi-core dedicated brokers.
    p.put("num.network.threads", "1");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("num.replica.fetchers", "1");
    p.put("log.cleaner.threads", "1");
    // Default is 128 MB of heap for compaction; 4 MB still maps ~170k keys per cleaning pass.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    p.put("queued.max.requests", "100");

    // Fast restarts. The controller refuses to register a broker again while the previous
    // incarnation's session is valid, and only a controlled shutdown ends that session (it fences
    // the broker). So keep controlled shutdown on (it costs a few hundred ms with one node), and
    // shorten the session so restarting after a crash waits ~3 s instead of 9 s plus retry backoff.
    p.put("controlled.shutdown.enable", "true");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "3000");
    // The controller writes a no-op record when idle; every 500 ms (default) is churn for one node.
    p.put("metadata.max.idle.interval.ms", "5000");
    return p;
  }
}
