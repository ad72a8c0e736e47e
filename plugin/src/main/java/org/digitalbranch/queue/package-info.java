/**
 * The moderated staff post queue: posts, the moderation workflow, per-platform validation, the
 * accessibility lint, image checks, the promotion mix rule and the store. Plain Java: no servlet
 * types; every method takes and returns plain values, and refusals are {@link
 * org.digitalbranch.queue.PostRefused} exceptions carrying a typed {@link
 * org.digitalbranch.queue.Refusal} with its HTTP status. {@link
 * org.digitalbranch.queue.PostService} is the entry point for the web layer.
 */
package org.digitalbranch.queue;
