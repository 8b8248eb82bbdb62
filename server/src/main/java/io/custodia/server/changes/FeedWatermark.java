package io.custodia.server.changes;

/**
 * A feed head, and how many of this server's commits that appended changes are numbered at or before it: a reader
 * that has applied the feed up to {@code head} has seen every one of those commits.
 *
 * @param head a feed position
 * @param commits a count of this server's commits, comparable with {@link Changes#commits()}
 */
public record FeedWatermark(long head, long commits) {}
