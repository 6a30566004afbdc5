package io.reelay.recommend.state;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the commands a task issues as one pipeline once the task ends: a ranking's round of reads costs one
 * pooled connection and one round trip instead of one per command. Each event-loop thread has its own queue (no locks: a store is shared by the HTTP event
 * loops); the first command queued schedules the flush on the current context. Off an event loop commands go
 * out as asked. A failed pipeline fails every command in it (their callers retry or answer 500).
 */
public final class Pipeline {

  /** Commands per pipeline: the node's client awaits at most 1,024 replies per connection. */
  static final int MAX_PIPELINE = 512;

  private record Pending(List<Request> requests, Promise<List<Response>> replies) {}

  private final Redis redis;
  private final ThreadLocal<List<Pending>> queues = new ThreadLocal<>();

  public Pipeline(Redis redis) {
    this.redis = redis;
  }

  public Future<Response> send(Request request) {
    return batch(List.of(request)).map(replies -> replies.get(0));
  }

  /** The commands in order, with nothing between them but other commands of the same task. */
  public Future<List<Response>> batch(List<Request> requests) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) { // a worker's next task may run on another thread
      return redis.batch(requests);
    }
    List<Pending> queue = queues.get();
    if (queue == null) {
      queue = new ArrayList<>();
      queues.set(queue);
      context.runOnContext(v -> flush());
    }
    Promise<List<Response>> replies = Promise.promise();
    queue.add(new Pending(requests, replies));
    return replies.future();
  }

  private void flush() {
    List<Pending> queue = queues.get();
    queues.remove();
    if (queue == null || queue.isEmpty()) {
      return;
    }
    if (queue.size() == 1) {
      redis.batch(queue.get(0).requests()).onComplete(queue.get(0).replies());
      return;
    }
    // Chunks of whole tasks' commands (one event's writes stay in order on one connection), each under the
    // client's limit of replies awaited per connection.
    List<Pending> chunk = new ArrayList<>();
    int size = 0;
    for (Pending p : queue) {
      if (!chunk.isEmpty() && size + p.requests().size() > MAX_PIPELINE) {
        send(chunk);
        chunk = new ArrayList<>();
        size = 0;
      }
      chunk.add(p);
      size += p.requests().size();
    }
    send(chunk);
  }

  private void send(List<Pending> chunk) {
    List<Request> all = new ArrayList<>();
    chunk.forEach(p -> all.addAll(p.requests()));
    redis.batch(all).onComplete(done -> {
      int at = 0;
      for (Pending p : chunk) {
        int n = p.requests().size();
        if (done.succeeded()) {
          p.replies().complete(done.result().subList(at, at + n));
        } else {
          p.replies().fail(done.cause());
        }
        at += n;
      }
    });
  }
}
