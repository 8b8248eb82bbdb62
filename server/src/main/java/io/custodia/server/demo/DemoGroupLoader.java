package io.custodia.server.demo;

import io.custodia.core.consent.AgeBand;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.Staff;
import io.custodia.server.identity.StaffDirectory;
import io.custodia.server.notices.Notices;
import io.custodia.server.platform.CustodiaProperties;
import io.custodia.server.register.Register;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import io.custodia.server.subjects.Subjects.NewSubject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads the demo group into an empty database: five companies, staff accounts for each role, and 10,000
 * customers generated from a fixed seed, so that every start on an empty database gives the same group.
 */
@Component
@Order(20)
class DemoGroupLoader implements ApplicationRunner {
    /** The password of every demo staff account; demo mode is for trying Custodia, never for production. */
    static final String DEMO_PASSWORD = "custodia-demo-2026";

    static final int CUSTOMERS_PER_ENTITY = 2_000;
    private static final long SEED = 20_261_129L;
    private static final String ACTOR = "system:demo";
    private static final String REGISTER_TEMPLATE = "/demo/register.yaml";
    private static final String NOTICES_TEMPLATE = "/demo/notices.yaml";
    private static final Logger log = LoggerFactory.getLogger(DemoGroupLoader.class);

    private final CustodiaProperties properties;
    private final Entities entities;
    private final StaffDirectory staff;
    private final Subjects subjects;
    private final Staff signedIn;
    private final Register register;
    private final Notices notices;

    DemoGroupLoader(
            CustodiaProperties properties,
            Entities entities,
            StaffDirectory staff,
            Subjects subjects,
            Staff signedIn,
            Register register,
            Notices notices) {
        this.properties = properties;
        this.entities = entities;
        this.staff = staff;
        this.subjects = subjects;
        this.signedIn = signedIn;
        this.register = register;
        this.notices = notices;
    }

    /** A company of the demo group and the language its customers' fake names come from. */
    record DemoEntity(GroupEntity entity, Locale locale, String phonePrefix) {}

    static final List<DemoEntity> GROUP = List.of(
            new DemoEntity(
                    new GroupEntity("FR", "Custodia Télécom France SA", "fr", ZoneId.of("Europe/Paris"), "FR"),
                    Locale.FRANCE,
                    "+336"),
            new DemoEntity(
                    new GroupEntity("SN", "Custodia Télécom Sénégal SA", "sn", ZoneId.of("Africa/Dakar"), "SN"),
                    Locale.FRENCH,
                    "+22177"),
            new DemoEntity(
                    new GroupEntity("CI", "Custodia Télécom Côte d'Ivoire SA", "ci", ZoneId.of("Africa/Abidjan"), "CI"),
                    Locale.FRENCH,
                    "+225070"),
            new DemoEntity(
                    new GroupEntity("NG", "Custodia Telecom Nigeria Ltd", "ng", ZoneId.of("Africa/Lagos"), "NG"),
                    Locale.forLanguageTag("en-NG"),
                    "+234803"),
            new DemoEntity(
                    new GroupEntity("KE", "Custodia Telecom Kenya Ltd", "ke", ZoneId.of("Africa/Nairobi"), "KE"),
                    Locale.forLanguageTag("en-KE"),
                    "+2547"));

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo() || !entities.all().isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        GROUP.forEach(demo -> entities.create(demo.entity()));
        createStaff();
        int activities = signedIn.asSystem(ACTOR, () -> {
            int loaded = loadRegisters();
            loadNotices();
            return loaded;
        });
        int customers = createCustomers();
        log.info(
                "Loaded the demo group: {} entities, {} processing activities, {} customers in {} ms",
                GROUP.size(),
                activities,
                customers,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void createStaff() {
        staff.create("dpo", "Group DPO", DEMO_PASSWORD, EnumSet.of(Role.DPO), true, List.of());
        staff.create(
                "privacy.fr",
                "Privacy officer, France",
                DEMO_PASSWORD,
                EnumSet.of(Role.PRIVACY_OFFICER),
                false,
                List.of("FR"));
        staff.create(
                "privacy.ke",
                "Privacy officer, Kenya",
                DEMO_PASSWORD,
                EnumSet.of(Role.PRIVACY_OFFICER),
                false,
                List.of("KE"));
        staff.create(
                "committee",
                "Ethics committee member",
                DEMO_PASSWORD,
                EnumSet.of(Role.COMMITTEE_MEMBER),
                true,
                List.of());
        staff.create("security", "Security officer", DEMO_PASSWORD, EnumSet.of(Role.SECURITY_OFFICER), true, List.of());
        staff.create(
                "agent.sn",
                "Customer care agent, Senegal",
                DEMO_PASSWORD,
                EnumSet.of(Role.SUPPORT_AGENT),
                false,
                List.of("SN"));
        staff.create("auditor", "External auditor", DEMO_PASSWORD, EnumSet.of(Role.AUDITOR), true, List.of());
        staff.create("engineer", "Service engineer", DEMO_PASSWORD, EnumSet.of(Role.ENGINEER), true, List.of());
    }

    /** Loads the group's register template once per company, with that company's names filled in. */
    private int loadRegisters() {
        String template = readTemplate();
        int activities = 0;
        for (DemoEntity demo : GROUP) {
            GroupEntity entity = demo.entity();
            String document = "entity: " + entity.code() + "\n"
                    + template.replace("{{ENTITY}}", entity.code())
                            .replace("{{COUNTRY}}", entity.country())
                            .replace("{{COMPANY}}", entity.name())
                            .replace(
                                    "{{DOMAIN}}", entity.code().toLowerCase(Locale.ROOT) + ".custodia-telecom.example");
            activities += register.importDocument(document).activitiesCreated();
        }
        return activities;
    }

    /** Publishes the notices the register refers to, as version 1, once per company with its names filled in. */
    private void loadNotices() {
        String template;
        try (InputStream in = DemoGroupLoader.class.getResourceAsStream(NOTICES_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("The demo notices " + NOTICES_TEMPLATE + " are missing");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (DemoEntity demo : GROUP) {
            GroupEntity entity = demo.entity();
            notices.importDocument(
                    entity.code(),
                    template.replace("{{COMPANY}}", entity.name())
                            .replace(
                                    "{{DOMAIN}}",
                                    entity.code().toLowerCase(Locale.ROOT) + ".custodia-telecom.example"));
        }
    }

    private static String readTemplate() {
        try (InputStream in = DemoGroupLoader.class.getResourceAsStream(REGISTER_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("The demo register template " + REGISTER_TEMPLATE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int createCustomers() {
        int total = 0;
        for (DemoEntity demo : GROUP) {
            String code = demo.entity().code();
            Random random = new Random(SEED ^ code.hashCode());
            Faker faker = new Faker(demo.locale(), random);
            Set<String> emails = new HashSet<>();
            List<NewSubject> batch = new ArrayList<>(CUSTOMERS_PER_ENTITY);
            for (int index = 1; index <= CUSTOMERS_PER_ENTITY; index++) {
                String customerNumber = String.format(Locale.ROOT, "%s-%07d", code, index);
                String email = uniqueEmail(faker, emails, index);
                String phone = demo.phonePrefix() + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
                List<SubjectIdentifier> identifiers = List.of(
                        SubjectIdentifier.of("customer_id", customerNumber),
                        SubjectIdentifier.of("email", email),
                        SubjectIdentifier.of("phone", phone.substring(0, Math.min(phone.length(), 16))));
                batch.add(new NewSubject(code, ageBand(random), identifiers));
            }
            subjects.registerAll(ACTOR, batch);
            total += batch.size();
        }
        return total;
    }

    private static String uniqueEmail(Faker faker, Set<String> taken, int index) {
        String local = (faker.name().firstName() + "." + faker.name().lastName())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.]", "");
        String email = local + "@example.net";
        if (!taken.add(email)) {
            email = local + index + "@example.net";
            taken.add(email);
        }
        return email;
    }

    /** About 1 customer in 30 is a minor, as family plans bring children's lines: 3 in 270 under 13, 1 of each age. */
    private static AgeBand ageBand(Random random) {
        int draw = random.nextInt(270);
        if (draw < 3) {
            return AgeBand.UNDER_13;
        }
        return draw < 8 ? AgeBand.ofAge(10 + draw) : AgeBand.ADULT;
    }
}
