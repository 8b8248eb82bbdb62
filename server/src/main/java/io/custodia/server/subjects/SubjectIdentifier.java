package io.custodia.server.subjects;

/** An external identifier of a customer, e.g. {@code email} {@code ada@example.com}. */
public record SubjectIdentifier(IdentifierScheme scheme, String value) {

    /** Parses and normalises an identifier from the API's {@code {scheme, value}}. */
    public static SubjectIdentifier of(String scheme, String value) {
        IdentifierScheme parsed = IdentifierScheme.of(scheme);
        return new SubjectIdentifier(parsed, parsed.normalise(value));
    }
}
