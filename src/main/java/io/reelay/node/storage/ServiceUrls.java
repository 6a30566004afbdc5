package io.reelay.node.storage;

/** Where this node's PostgreSQL, Redis and Kafka are (external, or the embedded ones it started). */
public record ServiceUrls(String postgres, String redis, String kafkaBootstrap) {}
