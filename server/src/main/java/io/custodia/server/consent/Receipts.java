package io.custodia.server.consent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import io.custodia.core.consent.Actor;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.register.ActivityView;
import io.custodia.server.register.RecipientEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Issues the receipt of a consent event: a JSON document with the fields of the Kantara Initiative Consent Receipt
 * 1.1 and, under {@code iso27560}, those of an ISO/IEC TS 27560:2023 consent record, signed as a compact JWS (ES256)
 * with the key {@link ReceiptKeys} names in its {@code kid} header. Verifiers fetch the public keys at {@code
 * /.well-known/jwks.json}.
 *
 * <p>The receipt states the facts at the time the event is recorded (the register's activities, the notice, the
 * jurisdiction, the signing key), so its document is made with the event and kept. Signing, which costs more than
 * recording the event, waits for the receipt's first request; the receipt is then kept, and the same bytes are handed
 * out ever after.
 */
@Component
class Receipts {
    static final String KANTARA_VERSION = "KI-CR-v1.1.0";
    static final String ISO_27560 = "ISO/IEC TS 27560:2023";
    static final JOSEObjectType TYPE = new JOSEObjectType("consent-receipt+jwt");

    private static final Pattern EMAIL = Pattern.compile("[^\\s,;<>()]+@[^\\s,;<>()]+\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+[0-9][0-9 .()-]{6,}[0-9]");

    private final ReceiptKeys keys;
    private final MessageSource messages;
    private final ObjectMapper json;

    Receipts(ReceiptKeys keys, MessageSource messages, ObjectMapper json) {
        this.keys = keys;
        this.messages = messages;
        this.json = json;
    }

    /** What a receipt is about, beyond the event itself. */
    record Facts(
            EntityContext context,
            DeclaredPurpose purpose,
            PublishedNotice notice,
            String language,
            String baseUrl,
            @Nullable UUID gpcSignal) {}

    /**
     * The receipt's document: every field it states, fixed now, as the JSON text that its signature will cover. It
     * names the key that signs receipts now ({@code publicKey}), which {@link #sign} will use, whenever it signs.
     */
    String document(ConsentEvent event, Facts facts) {
        return new String(
                json.writeValueAsBytes(document(event, facts, keys.current().active())), StandardCharsets.UTF_8);
    }

    /**
     * Signs a document made by {@link #document} with the key it names: the compact JWS that is the receipt.
     *
     * @throws IllegalStateException when that key is no longer kept, or cannot sign
     */
    String sign(String document) {
        String kid = json.readTree(document).path("publicKey").path("kid").asString();
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(TYPE).build(),
                // Encoded here: Nimbus's own Base64 is constant-time, which a public document does not need.
                new Payload(new Base64URL(Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(document.getBytes(StandardCharsets.UTF_8)))));
        try {
            jws.sign(keys.signer(kid));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a consent receipt", e);
        }
        return jws.serialize();
    }

    /** Builds and signs the receipt of an event at once. */
    String issue(ConsentEvent event, Facts facts) {
        return sign(document(event, facts));
    }

    /** The address of the public page that shows the exact notice text. */
    static String policyUrl(String baseUrl, String entityCode, PublishedNotice notice, String language) {
        return baseUrl + "/notices/" + encode(entityCode) + "/" + encode(notice.key()) + "/" + notice.version()
                + "?lang=" + encode(language);
    }

    private Map<String, Object> document(ConsentEvent event, Facts facts, ECKey signingKey) {
        EntityContext context = facts.context();
        Locale locale = Locale.forLanguageTag(facts.language());
        String policyUrl = policyUrl(facts.baseUrl(), context.code(), facts.notice(), facts.language());
        List<ActivityView> activities = facts.purpose().activities();
        Set<TermKey> categories = categories(event, activities);
        List<RecipientEntry> recipients = recipients(event, activities, context);
        List<String> special = categories.stream()
                .filter(category -> {
                    Term term = context.categoryTerms().get(category);
                    return term != null && term.special();
                })
                .map(TermKey::value)
                .toList();

        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("version", KANTARA_VERSION);
        receipt.put("jurisdiction", context.pack().name());
        receipt.put("consentTimestamp", event.serverTime().getEpochSecond());
        receipt.put("collectionMethod", collectionMethod(event, facts, locale));
        receipt.put("consentReceiptID", event.eventId().toString());
        receipt.put("publicKey", signingKey.toPublicJWK().toJSONObject());
        receipt.put("language", facts.language());
        receipt.put("piiPrincipalId", event.subjectId().toString());
        receipt.put("piiControllers", controllers(context, activities));
        receipt.put("policyUrl", policyUrl);
        receipt.put("services", services(event, facts, categories, recipients, locale));
        receipt.put("sensitive", !special.isEmpty());
        receipt.put("spiCat", special);
        receipt.put("iso27560", record(event, facts, policyUrl, categories, recipients, locale));
        return receipt;
    }

    private String collectionMethod(ConsentEvent event, Facts facts, Locale locale) {
        Actor actor = event.actor();
        String channel = event.channel().key();
        if (actor instanceof Actor.Agent agent) {
            return message("consent.receipt.method.agent", locale, channel, agent.agentId());
        }
        if (actor instanceof Actor.Guardian) {
            return message("consent.receipt.method.guardian", locale, channel);
        }
        if (actor instanceof Actor.Custodia) {
            return facts.gpcSignal() != null
                    ? message("consent.receipt.method.gpc", locale, channel)
                    : message("consent.receipt.method.custodia", locale, channel);
        }
        return message("consent.receipt.method.customer", locale, channel);
    }

    private static List<Map<String, Object>> controllers(EntityContext context, List<ActivityView> activities) {
        Set<String> contacts = new LinkedHashSet<>();
        for (ActivityView activity : activities) {
            if (activity.content().controllerContact() != null) {
                contacts.add(activity.content().controllerContact());
            }
        }
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("piiController", context.entity().name());
        String contact = String.join("; ", contacts);
        controller.put("contact", contact.isEmpty() ? context.entity().name() : contact);
        // The register keeps the controller's contact as one text: the address, e-mail and phone are given when it
        // holds them, and left out rather than invented.
        first(EMAIL, contact).ifPresent(email -> controller.put("email", email));
        first(PHONE, contact).ifPresent(phone -> controller.put("phone", phone));
        return List.of(controller);
    }

    private List<Map<String, Object>> services(
            ConsentEvent event, Facts facts, Set<TermKey> categories, List<RecipientEntry> recipients, Locale locale) {
        EntityContext context = facts.context();
        TermKey purpose = event.purpose();
        Term purposeTerm = context.purposeTerms().get(purpose);
        LegalBasis basis = facts.purpose().legalBasis();
        List<Map<String, Object>> services = new ArrayList<>();
        for (ActivityView activity : facts.purpose().activities()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("purpose", purposeTerm == null ? purpose.value() : purposeTerm.name(facts.language()));
            entry.put("purposeCategory", List.of(purpose.value()));
            entry.put(
                    "consentType",
                    basis == LegalBasis.CONSENT ? "EXPLICIT" : basis.key().toUpperCase(Locale.ROOT));
            entry.put(
                    "piiCategory",
                    categories.stream()
                            .map(category -> {
                                Term term = context.categoryTerms().get(category);
                                return term == null ? category.value() : term.name(facts.language());
                            })
                            .toList());
            entry.put("primaryPurpose", true);
            entry.put("termination", termination(facts.purpose(), locale));
            entry.put("thirdPartyDisclosure", !recipients.isEmpty());
            if (!recipients.isEmpty()) {
                entry.put(
                        "thirdPartyName",
                        String.join(
                                ", ",
                                recipients.stream().map(RecipientEntry::name).toList()));
            }
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("service", activity.content().name());
            service.put("purposes", List.of(entry));
            services.add(service);
        }
        return services;
    }

    private Map<String, Object> record(
            ConsentEvent event,
            Facts facts,
            String policyUrl,
            Set<TermKey> categories,
            List<RecipientEntry> recipients,
            Locale locale) {
        EntityContext context = facts.context();
        JurisdictionPack pack = context.pack();
        LegalBasis basis = facts.purpose().legalBasis();
        Term purposeTerm = context.purposeTerms().get(event.purpose());

        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("key", facts.notice().key());
        notice.put("version", facts.notice().version());
        notice.put("contentHash", "sha-256:" + facts.notice().contentHash());
        notice.put("url", policyUrl);

        Map<String, Object> purpose = new LinkedHashMap<>();
        purpose.put("purpose", event.purpose().value());
        purpose.put("name", purposeTerm == null ? event.purpose().value() : purposeTerm.name(facts.language()));
        if (purposeTerm != null) {
            purpose.put("dpv", purposeTerm.dpv());
        }

        Map<String, Object> legalBasis = new LinkedHashMap<>();
        legalBasis.put("basis", basis.key());
        legalBasis.put("article", "GDPR Art. " + basis.article());
        legalBasis.put("dpv", basis.dpv());

        List<Map<String, Object>> data = new ArrayList<>();
        for (TermKey category : categories) {
            Term term = context.categoryTerms().get(category);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("category", category.value());
            if (term != null) {
                item.put("dpv", term.dpv());
                item.put("special", term.special());
            }
            data.add(item);
        }

        List<Map<String, Object>> controllers = new ArrayList<>();
        for (ActivityView activity : facts.purpose().activities()) {
            Map<String, Object> controller = new LinkedHashMap<>();
            controller.put("name", context.entity().name());
            if (activity.content().controllerContact() != null) {
                controller.put("contact", activity.content().controllerContact());
            }
            if (activity.content().dpoContact() != null) {
                controller.put("dpo", activity.content().dpoContact());
            }
            if (!controllers.contains(controller)) {
                controllers.add(controller);
            }
        }

        Map<String, Object> jurisdiction = new LinkedHashMap<>();
        jurisdiction.put("code", pack.code());
        jurisdiction.put("name", pack.name());
        jurisdiction.put("law", pack.law());
        jurisdiction.put("authority", pack.authority().code());

        List<Map<String, Object>> recipientList = new ArrayList<>();
        for (RecipientEntry recipient : recipients) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", recipient.key());
            item.put("name", recipient.name());
            item.put("role", recipient.role());
            item.put("country", recipient.country());
            recipientList.add(item);
        }

        Map<String, Object> processing = new LinkedHashMap<>();
        processing.put("notice", notice);
        processing.put("language", facts.language());
        processing.put("purposes", List.of(purpose));
        processing.put("legalBasis", legalBasis);
        processing.put("data", data);
        processing.put("controllers", controllers);
        processing.put("jurisdiction", jurisdiction);
        processing.put("recipients", recipientList);
        retention(facts.purpose().activities()).ifPresent(retention -> processing.put("retention", retention));
        processing.put(
                "withdrawalMethod",
                message(
                        basis == LegalBasis.CONSENT
                                ? "consent.receipt.withdrawal.consent"
                                : "consent.receipt.withdrawal.objection",
                        locale,
                        facts.baseUrl() + "/privacy"));

        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", StoredEvent.actorType(event.actor()));
        String actorId = StoredEvent.actorId(event.actor());
        if (actorId != null) {
            actor.put("id", actorId);
        }

        Map<String, Object> recordedEvent = new LinkedHashMap<>();
        recordedEvent.put("time", event.serverTime().toString());
        if (event.clientTime() != null) {
            recordedEvent.put("clientTime", event.clientTime().toString());
        }
        recordedEvent.put("type", event.action().key());
        recordedEvent.put("state", state(event.action()));
        recordedEvent.put("channel", event.channel().key());
        recordedEvent.put("actor", actor);
        if (!event.scope().isWholePurpose()) {
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put(
                    "dataCategories",
                    event.scope().dataCategories().stream().map(TermKey::value).toList());
            if (event.scope().recipient() != null) {
                scope.put("recipient", event.scope().recipient().value());
            }
            recordedEvent.put("scope", scope);
        }
        if (event.action() == ConsentAction.GRANTED) {
            facts.purpose()
                    .policy()
                    .expiryOf(event.serverTime())
                    .ifPresent(expiry -> recordedEvent.put("validUntil", expiry.toString()));
        }
        if (facts.gpcSignal() != null) {
            recordedEvent.put("gpcSignal", facts.gpcSignal().toString());
        }

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schemaVersion", ISO_27560);
        record.put("recordId", event.eventId().toString());
        record.put("subjectId", event.subjectId().toString());
        record.put("processing", processing);
        record.put("event", recordedEvent);
        return record;
    }

    /** The state the event leaves this consent record in, in the words of the W3C DPV consent statuses. */
    private static String state(ConsentAction action) {
        return switch (action) {
            case GRANTED -> "ConsentGiven";
            case REFUSED -> "ConsentRefused";
            case WITHDRAWN -> "ConsentWithdrawn";
            case EXPIRED -> "ConsentExpired";
            case OBJECTED -> "Objected";
        };
    }

    private String termination(DeclaredPurpose purpose, Locale locale) {
        if (purpose.legalBasis() != LegalBasis.CONSENT) {
            return message("consent.receipt.termination.objection", locale);
        }
        Period renewal = purpose.policy().renewal();
        return renewal == null
                ? message("consent.receipt.termination.withdrawal", locale)
                : message("consent.receipt.termination.renewal", locale, describe(renewal, locale), renewal.toString());
    }

    private String describe(Period period, Locale locale) {
        if (period.getDays() == 0 && period.getYears() == 0) {
            return message("consent.receipt.months", locale, period.getMonths());
        }
        if (period.getDays() == 0 && period.getMonths() == 0) {
            return message("consent.receipt.years", locale, period.getYears());
        }
        return period.toString();
    }

    private static Set<TermKey> categories(ConsentEvent event, List<ActivityView> activities) {
        if (!event.scope().dataCategories().isEmpty()) {
            return event.scope().dataCategories();
        }
        Set<TermKey> categories = new java.util.TreeSet<>();
        for (ActivityView activity : activities) {
            for (String category : activity.content().dataCategories()) {
                if (TermKey.isValid(category)) {
                    categories.add(TermKey.of(category));
                }
            }
        }
        return categories;
    }

    private static List<RecipientEntry> recipients(
            ConsentEvent event, List<ActivityView> activities, EntityContext context) {
        Set<String> keys = new LinkedHashSet<>();
        if (event.scope().recipient() != null) {
            keys.add(event.scope().recipient().value());
        } else {
            activities.forEach(activity -> keys.addAll(activity.content().recipients()));
        }
        List<RecipientEntry> found = new ArrayList<>();
        for (String key : keys) {
            RecipientEntry recipient = context.recipients().get(key);
            if (recipient != null) {
                found.add(recipient);
            }
        }
        return found;
    }

    private static java.util.Optional<Map<String, Object>> retention(List<ActivityView> activities) {
        for (ActivityView activity : activities) {
            ActivityDraft.Retention retention = activity.content().retention();
            if (retention != null && retention.period() != null) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("period", retention.period());
                if (retention.trigger() != null) {
                    result.put("from", retention.trigger());
                }
                return java.util.Optional.of(result);
            }
        }
        return java.util.Optional.empty();
    }

    private String message(String code, Locale locale, Object... arguments) {
        return messages.getMessage(code, arguments, locale);
    }

    private static java.util.Optional<String> first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? java.util.Optional.of(matcher.group()) : java.util.Optional.empty();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
