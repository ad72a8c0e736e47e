/**
 * The demo's sandbox platforms: {@link org.digitalbranch.platform.sandbox.Sandbox} starts five
 * WireMock servers on 127.0.0.1 that answer as Facebook Pages and Instagram (Graph API), Mastodon,
 * Bluesky (XRPC) and X API v2 do, with the shapes in the shared platform reference. Each server
 * hands every request to a small stateful model of its platform ({@code FacebookApi}, {@code
 * InstagramApi}, {@code MastodonApi}, {@code BlueskyApi}, {@code XApi}), so publishing stores a
 * post that later reads return, and each published item has a small HTML page at its URL.
 *
 * <p>The platforms are seeded with conversations from {@link
 * org.digitalbranch.platform.sandbox.ConversationGenerator}, which the archive benchmark also uses
 * to stream a million messages. Failures from {@link
 * org.digitalbranch.platform.sandbox.FailureMode} can be switched on per platform while it runs,
 * from code ({@code Sandbox.fail}, which the tests use); the demo itself offers no switch.
 */
package org.digitalbranch.platform.sandbox;
