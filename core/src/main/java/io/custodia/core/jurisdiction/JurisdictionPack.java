package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A jurisdiction pack: the rules of one data-protection law (or of one sector under it) that Custodia's clocks and
 * decisions read as data.
 *
 * <p>A pack is resolved: what it inherits through {@code extends} is already filled in. Field names in YAML are the
 * snake_case forms of the component names.
 *
 * @param code the pack's short name, such as {@code eu-gdpr} or {@code ke}
 * @param name a name for people, such as "Kenya"
 * @param law the law and texts the pack encodes
 * @param authority the supervisory authority
 * @param ancestors the codes of the packs this one extends, nearest first; empty for a pack that extends none
 * @param zone the time zone the pack suggests for counting dates; an entity may count in its own
 * @param ageOfDigitalConsent the age under which a child needs a parent's consent; for laws without a digital
 *     consent age, the law's definition of a child
 * @param requestDeadline the deadline to answer a data-subject request
 * @param breach the breach notification deadlines
 * @param formalities the administrative formalities the law imposes
 * @param transfers the rules for transfers out of the jurisdiction
 * @param calendar the working days used to count request deadlines
 * @param gpc what a Global Privacy Control signal means here; {@link GpcPolicy#NONE} when the pack does not say
 * @param toConfirm the fields (as YAML paths such as {@code breach.authority}) whose figures are not settled and
 *     should be confirmed with local counsel
 */
public record JurisdictionPack(
        String code,
        String name,
        String law,
        Authority authority,
        List<String> ancestors,
        ZoneId zone,
        int ageOfDigitalConsent,
        RequestDeadlineRule requestDeadline,
        BreachRule breach,
        Set<Formality> formalities,
        TransferRules transfers,
        HolidayCalendar calendar,
        GpcPolicy gpc,
        List<String> toConfirm) {

    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    static final int MIN_AGE = 13;
    static final int MAX_AGE = 21;

    public JurisdictionPack {
        if (!CODE.matcher(code).matches()) {
            throw InvalidInputException.of(
                    "code", "a pack code is lower-case letters and digits joined by hyphens, got '" + code + "'");
        }
        if (ageOfDigitalConsent < MIN_AGE || ageOfDigitalConsent > MAX_AGE) {
            throw InvalidInputException.of(
                    "age_of_digital_consent",
                    "must be between " + MIN_AGE + " and " + MAX_AGE + ", got " + ageOfDigitalConsent);
        }
        ancestors = List.copyOf(ancestors);
        EnumSet<Formality> formalitySet = EnumSet.noneOf(Formality.class);
        formalitySet.addAll(formalities);
        formalities = Collections.unmodifiableSet(formalitySet);
        toConfirm = List.copyOf(toConfirm);
    }

    /** Whether a field's figure is marked as to be confirmed with local counsel, itself or through a parent field. */
    public boolean isToConfirm(String field) {
        return toConfirm.stream().anyMatch(marked -> field.equals(marked) || field.startsWith(marked + "."));
    }

    /**
     * A supervisory authority.
     *
     * @param code its usual abbreviation, such as CNIL or ODPC
     * @param name its full name
     */
    public record Authority(String code, String name) {}
}
