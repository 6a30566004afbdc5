package io.reelay.recommend.model;

/** An item on a page: its blended score (comparable within one page only) and why it is there. */
public record Recommendation(String item, double score, Reason reason) {
}
