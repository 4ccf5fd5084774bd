package org.ferryrtc.gateway;

import java.util.concurrent.CompletableFuture;

/**
 * A long poll's pending answer. {@code abandon} runs if the client goes away first, so the
 * parked waiter is removed and the next event is kept for the next poll instead of being lost.
 */
record Parked(CompletableFuture<Reply> reply, Runnable abandon) {}
