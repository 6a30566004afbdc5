package io.reelay.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterConfigTest {

  @Test
  void clusterXmlDefaultsSuitSeveralNodesOnOneMachine() {
    Config config = HazelcastConfigFactory.loadBase();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
    assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("10");
    assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    for (String map : List.of("__vertx.nodeInfo", "__vertx.haInfo", "__vertx.map.lock", "__vertx.map.counter")) {
      assertThat(config.getMapConfig(map).getBackupCount()).as(map).isEqualTo(1);
    }
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  void settingsOverrideNameHostPortAndMembers() {
    ClusterSettings settings = new ClusterSettings("prod", "10.0.0.7", 5801, List.of("10.0.0.5:5701", "10.0.0.6"));
    Config config = HazelcastConfigFactory.create(settings);
    assertThat(config.getClusterName()).isEqualTo("prod");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.0.0.7");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .containsExactly("10.0.0.5:5701", "10.0.0.6");
  }

  @Test
  void noMembersKeepsClusterXmlsAndZeroPortKeepsItsPort() {
    Config config = HazelcastConfigFactory.create(new ClusterSettings("dev", "127.0.0.1", 0, null));
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
  }
}
