package io.custodia.core.jurisdiction;

/**
 * The breach notification deadlines of a jurisdiction, one per {@link BreachNotice}, all counted from the moment
 * the organisation became aware of the breach.
 *
 * @param authority the first notice to the supervisory authority
 * @param authorityDetails the complete details, when the first notice could not carry them
 * @param subjects the notice to the people concerned (usually only when the risk to them is high)
 * @param controller the notice a processor owes its controller
 */
public record BreachRule(
        NotificationDeadline authority,
        NotificationDeadline authorityDetails,
        NotificationDeadline subjects,
        NotificationDeadline controller) {

    /** The deadline of one notice. */
    public NotificationDeadline deadlineFor(BreachNotice notice) {
        return switch (notice) {
            case AUTHORITY -> authority;
            case AUTHORITY_DETAILS -> authorityDetails;
            case SUBJECTS -> subjects;
            case CONTROLLER -> controller;
        };
    }
}
