package io.reelay.node.cluster;

/** Handle to stop a listener; closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

  @Override
  void close();
}
