package io.custodia.bench.decision;

import io.custodia.core.consent.ConsentState.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * The {@link Population}'s consent model in jCasbin: an RBAC model with deny-override ({@code consent-model.conf}),
 * customers as subjects, their grants, objections and flags as roles.
 *
 * <p>Casbin has no notion of time, so a grant that must be renewed is a role link while it is in force: a deployment
 * would remove links as grants lapse, with a job, as it keeps any Casbin policy in step with its source. This peer
 * loads the links in force at {@link Population#NOW}, which spares Casbin the expiry check the engine makes on every
 * decision.
 */
public final class CasbinPeer {
    private final Enforcer enforcer;
    private final String[] subjects;
    private final String[] purposes;

    private CasbinPeer(Enforcer enforcer, String[] subjects, String[] purposes) {
        this.enforcer = enforcer;
        this.subjects = subjects;
        this.purposes = purposes;
    }

    /** A peer holding the first {@code count} customers of the population. */
    public static CasbinPeer of(int count) {
        Model model = Model.newModelFromString(modelText());
        String[] purposes = new String[Population.PURPOSES];
        List<List<String>> policies = new ArrayList<>();
        for (int purpose = 0; purpose < Population.PURPOSES; purpose++) {
            String key = Population.purpose(purpose).value();
            purposes[purpose] = key;
            if (purpose < Population.CONSENT_PURPOSES) {
                policies.add(List.of("granted:" + key, key, "allow"));
            } else {
                policies.add(List.of("customer", key, "allow"));
                policies.add(List.of("objected:" + key, key, "deny"));
            }
            policies.add(List.of("erased", key, "deny"));
            policies.add(List.of("restricted", key, "deny"));
        }
        String[] subjects = new String[count];
        List<List<String>> links = new ArrayList<>();
        for (int subject = 0; subject < count; subject++) {
            String name = "customer-" + subject;
            subjects[subject] = name;
            links.add(List.of(name, "customer"));
            if (Population.erased(subject)) {
                links.add(List.of(name, "erased"));
            }
            if (Population.restricted(subject)) {
                links.add(List.of(name, "restricted"));
            }
            for (int purpose = 0; purpose < Population.PURPOSES; purpose++) {
                Status status = Population.status(subject, purpose);
                if (purpose < Population.CONSENT_PURPOSES) {
                    Instant expiresAt = Population.expiresAt(subject, purpose);
                    boolean inForce = expiresAt == null || Population.NOW < expiresAt.getEpochSecond();
                    if (status == Status.GRANTED && inForce) {
                        links.add(List.of(name, "granted:" + purposes[purpose]));
                    }
                } else if (status == Status.OBJECTED) {
                    links.add(List.of(name, "objected:" + purposes[purpose]));
                }
            }
        }
        model.addPolicies("p", "p", policies);
        model.addPolicies("g", "g", links);
        Enforcer enforcer = new Enforcer(model);
        enforcer.enableLog(false);
        enforcer.buildRoleLinks();
        return new CasbinPeer(enforcer, subjects, purposes);
    }

    /** Whether customer number {@code subject} may be used for purpose number {@code purpose}. */
    public boolean allowed(int subject, int purpose) {
        return enforcer.enforce(subjects[subject], purposes[purpose]);
    }

    private static String modelText() {
        try (InputStream in = CasbinPeer.class.getResourceAsStream("consent-model.conf")) {
            if (in == null) {
                throw new IllegalStateException("consent-model.conf is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
