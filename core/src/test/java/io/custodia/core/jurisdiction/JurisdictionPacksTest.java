package io.custodia.core.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.jurisdiction.NotificationDeadline.Immediately;
import io.custodia.core.jurisdiction.NotificationDeadline.NotRequired;
import io.custodia.core.jurisdiction.NotificationDeadline.Within;
import io.custodia.core.jurisdiction.NotificationDeadline.WithoutUndueDelay;
import io.custodia.core.jurisdiction.TransferRules.Requirement;
import io.custodia.core.taxonomy.TermKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("CanonicalDuration") // deadlines are written as the law states them: 72 hours, not 3 days
class JurisdictionPacksTest {

    private static final JurisdictionPacks PACKS = JurisdictionPacks.builtIn();

    @Nested
    class BuiltIn {

        @Test
        void builtIn_loadsEveryShippedPack() {
            assertThat(PACKS.codes()).containsExactly("ci", "eu-gdpr", "eu-telecom", "fr", "ke", "ma", "ng", "sn");
            assertThat(PACKS.all()).extracting(JurisdictionPack::code).containsExactlyElementsOf(PACKS.codes());
        }

        @Test
        void everyPack_suggestsItsZoneAndNamesItsAuthority() {
            Map<String, String> zones = Map.of(
                    "eu-gdpr", "Europe/Brussels",
                    "eu-telecom", "Europe/Brussels",
                    "fr", "Europe/Paris",
                    "ng", "Africa/Lagos",
                    "ke", "Africa/Nairobi",
                    "sn", "Africa/Dakar",
                    "ci", "Africa/Abidjan",
                    "ma", "Africa/Casablanca");
            Map<String, String> authorities = Map.of(
                    "eu-gdpr", "LSA",
                    "eu-telecom", "NCA",
                    "fr", "CNIL",
                    "ng", "NDPC",
                    "ke", "ODPC",
                    "sn", "CDP",
                    "ci", "ARTCI",
                    "ma", "CNDP");
            for (JurisdictionPack pack : PACKS.all()) {
                assertThat(pack.zone()).as(pack.code()).isEqualTo(ZoneId.of(zones.get(pack.code())));
                assertThat(pack.authority().code()).as(pack.code()).isEqualTo(authorities.get(pack.code()));
                assertThat(pack.calendar().weekend())
                        .as(pack.code())
                        .containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            }
        }

        @Test
        void ageOfDigitalConsent_isGdprDefaultFrenchAgeOrTheLawsChildDefinition() {
            assertThat(PACKS.get("eu-gdpr").ageOfDigitalConsent()).isEqualTo(16);
            assertThat(PACKS.get("eu-telecom").ageOfDigitalConsent()).isEqualTo(16);
            assertThat(PACKS.get("fr").ageOfDigitalConsent()).isEqualTo(15);
            for (String code : new String[] {"ng", "ke", "sn", "ci", "ma"}) {
                assertThat(PACKS.get(code).ageOfDigitalConsent()).as(code).isEqualTo(18);
            }
        }

        @Test
        void euGdpr_answersInOneMonthExtendableByTwo_andNotifiesTheAuthorityIn72Hours() {
            JurisdictionPack gdpr = PACKS.get("eu-gdpr");

            assertThat(gdpr.requestDeadline())
                    .isEqualTo(new RequestDeadlineRule(Period.ofMonths(1), Period.ofMonths(2)));
            assertThat(gdpr.breach().authority()).isEqualTo(new Within(Duration.ofHours(72)));
            assertThat(gdpr.breach().subjects()).isInstanceOf(WithoutUndueDelay.class);
            assertThat(gdpr.breach().controller()).isInstanceOf(WithoutUndueDelay.class);
            assertThat(gdpr.formalities())
                    .containsExactly(Formality.RECORD_OF_PROCESSING, Formality.DPO_WHERE_REQUIRED);
            assertThat(gdpr.ancestors()).isEmpty();
            assertThat(gdpr.toConfirm()).isEmpty();
        }

        @Test
        void euGdpr_transfers_followTheCommissionsAdequacyList() {
            TransferRules transfers = PACKS.get("eu-gdpr").transfers();

            assertThat(transfers.freeMovement()).hasSize(30).contains("FR", "DE", "IS", "LI", "NO");
            assertThat(transfers.adequate())
                    .extracting(TransferRules.Adequacy::country)
                    .containsExactlyInAnyOrder(
                            "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "US", "UY");
            assertThat(transfers.requirementFor("JP")).isEqualTo(Requirement.NONE);
            assertThat(transfers.requirementFor("NO")).isEqualTo(Requirement.NONE);
            assertThat(transfers.requirementFor("US")).isEqualTo(Requirement.ADEQUACY_CONDITION);
            assertThat(transfers.requirementFor("CA")).isEqualTo(Requirement.ADEQUACY_CONDITION);
            assertThat(transfers.requirementFor("KE")).isEqualTo(Requirement.SAFEGUARDS);
            assertThat(transfers.adequacyFor("US").orElseThrow().condition()).contains("Data Privacy Framework");
        }

        @Test
        void norway_staysACountryCode_notTheYamlBooleanFalse() {
            // YAML 1.1 reads a bare NO as false; the pack reader must not.
            assertThat(PACKS.get("eu-gdpr").transfers().freeMovement()).contains("NO");
        }

        @Test
        void fr_extendsEuGdpr_overridingAgeAndCalendar_inheritingTheRest() {
            JurisdictionPack fr = PACKS.get("fr");
            JurisdictionPack gdpr = PACKS.get("eu-gdpr");

            assertThat(fr.ancestors()).containsExactly("eu-gdpr");
            assertThat(fr.name()).isEqualTo("France");
            assertThat(fr.authority().code()).isEqualTo("CNIL");
            assertThat(fr.breach()).isEqualTo(gdpr.breach());
            assertThat(fr.requestDeadline()).isEqualTo(gdpr.requestDeadline());
            assertThat(fr.transfers()).isEqualTo(gdpr.transfers());
            assertThat(fr.calendar().fixedHolidays())
                    .contains(MonthDay.of(7, 14))
                    .hasSize(8);
            assertThat(fr.calendar().movableHolidays()).contains(LocalDate.of(2027, 3, 29));
        }

        @Test
        void euTelecom_notifiesTheAuthorityWithin24Hours_andDetailsWithin3Days() {
            JurisdictionPack telecom = PACKS.get("eu-telecom");

            assertThat(telecom.ancestors()).containsExactly("eu-gdpr");
            assertThat(telecom.breach().authority()).isEqualTo(new Within(Duration.ofHours(24)));
            assertThat(telecom.breach().authorityDetails()).isEqualTo(new Within(Duration.ofDays(3)));
            assertThat(telecom.breach().controller())
                    .as("inherited from eu-gdpr, since breach mappings merge key by key")
                    .isInstanceOf(WithoutUndueDelay.class);
        }

        @Test
        void africanPacks_carryTheirBreachRules() {
            assertThat(PACKS.get("ng").breach().authority()).isEqualTo(new Within(Duration.ofHours(72)));
            assertThat(PACKS.get("ng").breach().subjects()).isInstanceOf(Immediately.class);
            assertThat(PACKS.get("ke").breach().authority()).isEqualTo(new Within(Duration.ofHours(72)));
            assertThat(PACKS.get("ke").breach().controller()).isEqualTo(new Within(Duration.ofHours(48)));
            for (String code : new String[] {"sn", "ma", "ci"}) {
                for (BreachNotice notice : BreachNotice.values()) {
                    assertThat(PACKS.get(code).breach().deadlineFor(notice))
                            .as(code + " " + notice)
                            .isInstanceOf(NotRequired.class);
                }
            }
            assertThat(PACKS.get("ci").isToConfirm("breach.authority")).isTrue();
            assertThat(PACKS.get("sn").isToConfirm("breach.authority")).isFalse();
        }

        @Test
        void africanPacks_markUnsettledFiguresToConfirm() {
            for (String code : new String[] {"ng", "ke", "sn", "ci", "ma"}) {
                assertThat(PACKS.get(code).isToConfirm("request_deadline.period"))
                        .as(code)
                        .isTrue();
                assertThat(PACKS.get(code).isToConfirm("calendar.movable_holidays"))
                        .as(code)
                        .isTrue();
            }
        }

        @Test
        void africanPacks_needSafeguardsOrTheAuthoritysAuthorisation() {
            assertThat(PACKS.get("ng").transfers().requirementFor("FR")).isEqualTo(Requirement.SAFEGUARDS);
            assertThat(PACKS.get("ke").transfers().requirementFor("FR")).isEqualTo(Requirement.SAFEGUARDS);
            assertThat(PACKS.get("sn").transfers().requirementFor("FR")).isEqualTo(Requirement.AUTHORITY_AUTHORISATION);
            assertThat(PACKS.get("ci").transfers().requirementFor("FR")).isEqualTo(Requirement.AUTHORITY_AUTHORISATION);
            assertThat(PACKS.get("ma").transfers().requirementFor("FR")).isEqualTo(Requirement.AUTHORITY_AUTHORISATION);
            assertThat(PACKS.get("ke").transfers().requirementFor("KE")).isEqualTo(Requirement.NONE);
            assertThat(PACKS.get("ke").formalities()).contains(Formality.REGISTRATION);
            assertThat(PACKS.get("ng").formalities()).contains(Formality.ANNUAL_AUDIT_RETURN);
            assertThat(PACKS.get("ci").formalities()).contains(Formality.ANNUAL_REPORT);
        }

        @Test
        void gpc_optsOutOfPartnerAdvertisingAndPersonalisedOffers_inTheEu_andDoesNothingInTheAfricanPacks() {
            TermKey partners = TermKey.of("marketing.partner_advertising");
            TermKey offers = TermKey.of("marketing.personalised_offers");
            for (String code : new String[] {"eu-gdpr", "eu-telecom", "fr"}) {
                GpcPolicy gpc = PACKS.get(code).gpc();
                assertThat(gpc.effect()).as(code).isEqualTo(GpcPolicy.Effect.OBJECTION);
                assertThat(gpc.purposes()).as(code).containsExactly(partners, offers);
                assertThat(gpc.appliesTo(TermKey.of("research.innovation"))).isFalse();
            }
            for (String code : new String[] {"ng", "ke", "sn", "ci", "ma"}) {
                assertThat(PACKS.get(code).gpc()).as(code).isEqualTo(GpcPolicy.NONE);
                assertThat(PACKS.get(code).gpc().appliesTo(partners)).isFalse();
            }
        }

        @Test
        void find_unknownCode_isEmpty_andGet_throwsNotFound() {
            assertThat(PACKS.find("xx")).isEmpty();
            assertThat(PACKS.find("ke")).isPresent();
            assertThatThrownBy(() -> PACKS.get("xx"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("'xx'");
        }
    }

    @Nested
    class Overrides {

        @Test
        void overrideWithAnExistingCode_replacesOnlyTheFieldsItSets(@TempDir Path directory) throws IOException {
            write(directory, "ci-counsel.yaml", """
                    code: ci
                    breach:
                      authority: PT72H
                    to_confirm: [request_deadline, calendar.movable_holidays]
                    """);

            JurisdictionPack ci = JurisdictionPacks.withOverrides(directory).get("ci");

            assertThat(ci.breach().authority()).isEqualTo(new Within(Duration.ofHours(72)));
            assertThat(ci.breach().subjects()).isInstanceOf(NotRequired.class);
            assertThat(ci.name()).isEqualTo("Côte d'Ivoire");
            assertThat(ci.calendar()).isEqualTo(PACKS.get("ci").calendar());
            assertThat(ci.isToConfirm("breach.authority")).isFalse();
        }

        @Test
        void overrideOfAParent_reachesThePacksThatExtendIt(@TempDir Path directory) throws IOException {
            write(directory, "eu-gdpr.yaml", """
                    code: eu-gdpr
                    breach:
                      subjects: PT72H
                    """);

            JurisdictionPacks packs = JurisdictionPacks.withOverrides(directory);

            assertThat(packs.get("fr").breach().subjects()).isEqualTo(new Within(Duration.ofHours(72)));
            assertThat(packs.get("fr").ageOfDigitalConsent()).isEqualTo(15);
        }

        @Test
        void overrideWithANewCode_addsAPackThatMayExtendABuiltInOne(@TempDir Path directory) throws IOException {
            write(directory, "ke-telecom.yml", """
                    code: ke-telecom
                    name: Kenya, telecommunications operators
                    extends: ke
                    breach:
                      authority: PT24H
                    """);

            JurisdictionPacks packs = JurisdictionPacks.withOverrides(directory);
            JurisdictionPack keTelecom = packs.get("ke-telecom");

            assertThat(packs.codes()).hasSize(9);
            assertThat(keTelecom.ancestors()).containsExactly("ke");
            assertThat(keTelecom.breach().authority()).isEqualTo(new Within(Duration.ofHours(24)));
            assertThat(keTelecom.breach().controller()).isEqualTo(new Within(Duration.ofHours(48)));
            assertThat(keTelecom.zone()).isEqualTo(ZoneId.of("Africa/Nairobi"));
        }

        @Test
        void packExtendingAPackThatExtendsAnother_listsBothAncestorsNearestFirst(@TempDir Path directory)
                throws IOException {
            write(directory, "fr-telecom.yaml", """
                    code: fr-telecom
                    name: France, electronic communications providers
                    extends: fr
                    breach:
                      authority: PT24H
                    """);

            JurisdictionPack pack = JurisdictionPacks.withOverrides(directory).get("fr-telecom");

            assertThat(pack.ancestors()).containsExactly("fr", "eu-gdpr");
            assertThat(pack.ageOfDigitalConsent()).isEqualTo(15);
        }

        @Test
        void gpcOverride_canTurnTheSignalOff_inheritingThePurposes(@TempDir Path directory) throws IOException {
            write(directory, "fr.yaml", """
                    code: fr
                    gpc:
                      effect: none
                    """);

            GpcPolicy gpc = JurisdictionPacks.withOverrides(directory).get("fr").gpc();

            assertThat(gpc.effect()).isEqualTo(GpcPolicy.Effect.NONE);
            assertThat(gpc.appliesTo(TermKey.of("marketing.partner_advertising")))
                    .isFalse();
        }

        @Test
        void gpc_withAnUnknownEffectOrABadPurpose_namesEachField(@TempDir Path directory) throws IOException {
            write(directory, "ke.yaml", """
                    code: ke
                    gpc:
                      effect: opt_out
                      purposes: [Marketing]
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOfSatisfying(InvalidInputException.class, thrown -> assertThat(thrown.errors())
                            .extracting(FieldError::field)
                            .containsExactly("gpc.effect", "gpc.purposes[0]"));
        }

        @Test
        void gpcObjection_withoutPurposes_isRejected(@TempDir Path directory) throws IOException {
            write(directory, "ke.yaml", """
                    code: ke
                    gpc:
                      effect: objection
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOfSatisfying(InvalidInputException.class, thrown -> assertThat(thrown.errors())
                            .extracting(FieldError::field)
                            .containsExactly("gpc.purposes"));
        }

        @Test
        void filesOtherThanYaml_areIgnored(@TempDir Path directory) throws IOException {
            write(directory, "README.txt", "not a pack");

            assertThat(JurisdictionPacks.withOverrides(directory).codes()).hasSize(8);
        }

        @Test
        void invalidValue_namesTheFileAndTheField(@TempDir Path directory) throws IOException {
            write(directory, "ci.yaml", """
                    code: ci
                    breach:
                      authority: tomorrow
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("ci.yaml")
                    .hasMessageContaining("breach.authority")
                    .satisfies(thrown -> assertThat(((InvalidInputException) thrown).errors())
                            .extracting(FieldError::field)
                            .containsExactly("breach.authority"));
        }

        @Test
        void everyBrokenFieldOfAFile_isReportedAtOnce(@TempDir Path directory) throws IOException {
            write(directory, "xx.yaml", """
                    code: xx
                    name: Nowhere
                    extends: eu-gdpr
                    age_of_digital_consent: 9
                    zone: Mars/Olympus
                    request_deadline:
                      period: PT1M
                    transfers:
                      free_movement: [XX, NO]
                    calendar:
                      weekend: [saturday, caturday]
                      fixed_holidays: ["02-30"]
                      movable_holidays: [2026-13-01]
                    breach:
                      authorty: PT72H
                    to_confirm: [breach.authorty]
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("xx.yaml")
                    .satisfies(thrown -> assertThat(((InvalidInputException) thrown).errors())
                            .extracting(FieldError::field)
                            .containsExactlyInAnyOrder(
                                    "age_of_digital_consent",
                                    "zone",
                                    "request_deadline.period",
                                    "transfers.free_movement[0]",
                                    "calendar.weekend[1]",
                                    "calendar.fixed_holidays[0]",
                                    "calendar.movable_holidays[0]",
                                    "breach.authorty",
                                    "to_confirm[0]"));
        }

        @Test
        void newPackMissingFields_namesEachMissingField(@TempDir Path directory) throws IOException {
            write(directory, "xx.yaml", """
                    code: xx
                    name: Nowhere
                    law: none yet
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("xx.yaml")
                    .satisfies(thrown -> assertThat(((InvalidInputException) thrown).errors())
                            .extracting(FieldError::field)
                            .contains("authority", "zone", "breach", "calendar", "request_deadline"));
        }

        @Test
        void childPack_mustNameItself_sinceNamesAreNotInherited(@TempDir Path directory) throws IOException {
            write(directory, "xx.yaml", """
                    code: xx
                    extends: ke
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(thrown -> assertThat(((InvalidInputException) thrown).errors())
                            .extracting(FieldError::field)
                            .containsExactly("name"));
        }

        @Test
        void fileWithoutCode_isRejected(@TempDir Path directory) throws IOException {
            write(directory, "nameless.yaml", """
                    name: Nowhere
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("nameless.yaml")
                    .hasMessageContaining("code");
        }

        @Test
        void extendingAnUnknownPack_namesTheExtendsField(@TempDir Path directory) throws IOException {
            write(directory, "xx.yaml", """
                    code: xx
                    name: Nowhere
                    extends: atlantis
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("xx.yaml")
                    .hasMessageContaining("extends")
                    .hasMessageContaining("'atlantis'");
        }

        @Test
        void packsExtendingEachOther_areRejectedAsACircle(@TempDir Path directory) throws IOException {
            write(directory, "aa.yaml", """
                    code: aa
                    name: A
                    extends: bb
                    """);
            write(directory, "bb.yaml", """
                    code: bb
                    name: B
                    extends: aa
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("circle");
        }

        @Test
        void twoFilesForTheSameCode_areRejected(@TempDir Path directory) throws IOException {
            write(directory, "ke-1.yaml", "code: ke\n");
            write(directory, "ke-2.yaml", "code: ke\n");

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("ke-2.yaml")
                    .hasMessageContaining("already overridden by");
        }

        @Test
        void fieldWithNoValue_isRejectedRatherThanSilentlyInherited(@TempDir Path directory) throws IOException {
            write(directory, "ke.yaml", """
                    code: ke
                    zone:
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("zone: has no value");
        }

        @Test
        void malformedYaml_namesTheFile(@TempDir Path directory) throws IOException {
            write(directory, "broken.yaml", "code: [ke\n");

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("broken.yaml")
                    .hasMessageContaining("not valid YAML");
        }

        @Test
        void duplicateKeys_areRejected(@TempDir Path directory) throws IOException {
            write(directory, "ke.yaml", """
                    code: ke
                    zone: Africa/Nairobi
                    zone: Africa/Lagos
                    """);

            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("ke.yaml");
        }

        @Test
        void missingDirectory_isRejected(@TempDir Path directory) {
            assertThatThrownBy(() -> JurisdictionPacks.withOverrides(directory.resolve("absent")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("does not exist");
        }

        private static void write(Path directory, String name, String content) throws IOException {
            Files.writeString(directory.resolve(name), content);
        }
    }
}
