package io.reelay.node.ops;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** One dependency {@code /ops/ready} checks: a name and a probe that fails when it is not usable. */
public record ReadinessCheck(String name, Supplier<Future<Void>> probe) {}
