package io.reelay.node;

import io.vertx.core.Deployable;
import java.util.function.Supplier;

/**
 * A deployable capability of the node (http, upload, rooms…): a name operators use to scale it, a
 * factory for its verticle instances and the instance count it starts with.
 */
public record Capability(String name, Supplier<? extends Deployable> factory, int initialInstances) {}
