package org.digitalbranch.queue;

/** Narrows the queue; a null component means "any". */
public record QueueFilter(String account, String author, Topic topic, Intent intent) {
  public static final QueueFilter ALL = new QueueFilter(null, null, null, null);
}
