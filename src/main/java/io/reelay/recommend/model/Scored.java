package io.reelay.recommend.model;

/** A sorted-set member with its score. */
public record Scored(String member, double score) {
}
