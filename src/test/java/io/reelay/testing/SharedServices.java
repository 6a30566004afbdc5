package io.reelay.testing;

import io.reelay.node.embedded.EmbeddedServices;
import io.reelay.node.storage.Migrations;
import io.reelay.node.storage.PostgresUrl;
import io.reelay.node.storage.ServiceUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts real embedded PostgreSQL, Redis and Kafka once per test JVM; every node a test starts
 * points at them as "external" services. Tests use unique ids, so they never depend on order.
 */
public final class SharedServices implements BeforeAllCallback {

  private static EmbeddedServices services;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start(context);
  }

  private static synchronized void start(ExtensionContext context) throws Exception {
    if (services != null) {
      return;
    }
    Path dir = Files.createTempDirectory("reelay-test-services");
    services = EmbeddedServices.start(dir, true, true, true);
    // Schema first, so a test that talks to storage directly does not depend on a node having started.
    Migrations.apply(new PostgresUrl(services.postgresUrl().orElseThrow()));
    // Closed when the whole test run ends, not after the first class.
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .put(SharedServices.class.getName(), (ExtensionContext.Store.CloseableResource) services::close);
  }

  public static synchronized ServiceUrls urls() {
    if (services == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(SharedServices.class)");
    }
    return new ServiceUrls(services.postgresUrl().orElseThrow(), services.redisUrl().orElseThrow(),
        services.kafkaBootstrap().orElseThrow());
  }
}
