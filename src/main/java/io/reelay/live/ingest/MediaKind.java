package io.reelay.live.ingest;

/** The two kinds of track a live source carries. */
public enum MediaKind { VIDEO, AUDIO }
