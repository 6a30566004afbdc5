package io.reelay.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Event-bus plumbing shared by the routers: one consumer per capability, requests sent to the key's owner. */
abstract class EventBusPartitionRouter implements PartitionRouter {

  protected final Vertx vertx;
  private final Map<String, MessageConsumer<JsonObject>> consumers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  EventBusPartitionRouter(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public boolean isLocal(String key) {
    return localNodeId().equals(ownerOf(key));
  }

  @Override
  public Future<Void> serve(String capability, Handler<Message<JsonObject>> handler) {
    checkCapability(capability);
    if (closed) {
      return Future.failedFuture(new IllegalStateException("router closed"));
    }
    // Not registered until it gets a handler, so a losing duplicate leaves nothing behind.
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(PartitionRouter.address(capability, localNodeId()));
    if (consumers.putIfAbsent(capability, consumer) != null) {
      return Future.failedFuture(new IllegalStateException("capability already served on this node: " + capability));
    }
    consumer.handler(handler);
    return consumer.completion();
  }

  @Override
  public Future<Message<JsonObject>> request(String capability, String key, JsonObject body, DeliveryOptions options) {
    String owner;
    try {
      checkCapability(capability);
      owner = ownerOf(key);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return send(capability, key, owner, body, options).recover(err -> {
      // The owner may have left between looking it up and sending: follow the key once.
      if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
        String newOwner = ownerOf(key);
        if (!newOwner.equals(owner)) {
          return send(capability, key, newOwner, body, options);
        }
      }
      return Future.failedFuture(err);
    });
  }

  private Future<Message<JsonObject>> send(String capability, String key, String owner, JsonObject body,
                                           DeliveryOptions options) {
    DeliveryOptions copy = options == null ? new DeliveryOptions() : new DeliveryOptions(options);
    copy.addHeader(KEY_HEADER, key);
    if (owner.equals(localNodeId())) {
      // Skips the cluster-wide subscription lookup for work that stays here.
      copy.setLocalOnly(true);
    }
    return vertx.eventBus().request(PartitionRouter.address(capability, owner), body, copy);
  }

  @Override
  public void close() {
    closed = true;
    consumers.values().forEach(MessageConsumer::unregister);
    consumers.clear();
  }

  private static void checkCapability(String capability) {
    if (capability == null || capability.isBlank() || capability.indexOf('@') >= 0) {
      throw new IllegalArgumentException("bad capability name: " + capability);
    }
  }
}
