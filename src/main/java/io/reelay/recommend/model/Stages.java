package io.reelay.recommend.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Waits for independent reads together (a Redis client pipelines them), with any {@link CompletionStage}. */
final class Stages {

  private Stages() {
  }

  static <T> CompletionStage<List<T>> all(List<? extends CompletionStage<T>> stages) {
    CompletionStage<List<T>> acc = CompletableFuture.completedFuture(new ArrayList<>(stages.size()));
    for (CompletionStage<T> s : stages) {
      acc = acc.thenCombine(s, (list, v) -> {
        list.add(v);
        return list;
      });
    }
    return acc;
  }
}
