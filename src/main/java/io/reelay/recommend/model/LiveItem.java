package io.reelay.recommend.model;

import java.util.List;

/** A stream live now, as the live capability lists it: a candidate scored by viewers and tag affinity. */
public record LiveItem(String item, String creator, List<String> tags, long viewers) {

  public LiveItem {
    tags = List.copyOf(tags);
  }
}
