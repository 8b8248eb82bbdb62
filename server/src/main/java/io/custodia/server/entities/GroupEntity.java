package io.custodia.server.entities;

import java.time.ZoneId;

/**
 * One company of the group.
 *
 * @param code short upper-case code, e.g. {@code FR}
 * @param jurisdiction the code of the jurisdiction pack that governs it, e.g. {@code fr}
 * @param timeZone the zone in which its legal calendar dates are counted
 * @param country ISO 3166-1 alpha-2 country code where it is established
 */
public record GroupEntity(String code, String name, String jurisdiction, ZoneId timeZone, String country) {}
