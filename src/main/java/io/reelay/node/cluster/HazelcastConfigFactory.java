package io.reelay.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Builds the Hazelcast member config: cluster.xml from the classpath plus this node's {@link ClusterSettings}. */
public final class HazelcastConfigFactory {

  public static final String RESOURCE = "cluster.xml";

  private HazelcastConfigFactory() {
  }

  public static Config create(ClusterSettings settings) {
    Config config = loadBase();
    config.setClusterName(settings.clusterName());
    // Picks the member address even when it is a host name or not listed as a TCP-IP member;
    // Vert.x also derives its cluster host from the address Hazelcast picked.
    config.setProperty("hazelcast.local.localAddress", settings.host());

    NetworkConfig network = config.getNetworkConfig();
    if (settings.port() > 0) {
      network.setPort(settings.port());
    }
    if (!settings.members().isEmpty()) {
      TcpIpConfig tcpIp = network.getJoin().getTcpIpConfig();
      tcpIp.setEnabled(true).setMembers(settings.members());
    }
    return config;
  }

  /** The unmodified cluster.xml, read with our own class loader so it also works from the shaded jar. */
  public static Config loadBase() {
    try (InputStream in = HazelcastConfigFactory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " not found on the classpath");
      }
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
