package io.custodia.server.platform;

import java.net.URI;

/** The problem types Custodia answers with (RFC 9457 {@code type} members). */
public final class ProblemTypes {
    public static final URI INVALID_INPUT = URI.create("urn:custodia:problem:invalid-input");
    public static final URI NOT_FOUND = URI.create("urn:custodia:problem:not-found");
    public static final URI CONFLICT = URI.create("urn:custodia:problem:conflict");
    public static final URI UNAUTHENTICATED = URI.create("urn:custodia:problem:unauthenticated");
    public static final URI FORBIDDEN = URI.create("urn:custodia:problem:forbidden");
    public static final URI RATE_LIMITED = URI.create("urn:custodia:problem:rate-limited");

    private ProblemTypes() {}
}
