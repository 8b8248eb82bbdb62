package io.custodia.server.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The development mailbox: when no mail server is configured in the embedded default, sign-in messages are kept here,
 * in memory, and shown at {@code /dev/mailbox} instead of being sent. Never active with a mail server or an external
 * database. Keeps the latest {@value #CAPACITY} messages. Thread-safe.
 */
public final class DevelopmentMailbox implements CodeSender {
    static final int CAPACITY = 100;

    private final Deque<Delivered> messages = new ArrayDeque<>();
    private final Clock clock;

    DevelopmentMailbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void send(SignInMessage message) {
        if (messages.size() == CAPACITY) {
            messages.removeLast();
        }
        messages.addFirst(new Delivered(message, clock.instant()));
    }

    /** The messages kept, newest first. */
    public synchronized List<Delivered> messages() {
        return List.copyOf(messages);
    }

    /**
     * A message as the mailbox received it.
     *
     * @param message what was sent
     * @param at when
     */
    public record Delivered(SignInMessage message, Instant at) {}
}
