package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.Term;
import io.custodia.server.taxonomy.Taxonomy;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The register's exports: CSV, DPV JSON-LD and the printable Art. 30 report. */
class RegisterExportTest extends RegisterTestSupport {
    private static final String DPV_PREFIX = "https://w3id.org/dpv";

    @Autowired
    Taxonomy taxonomy;

    /** An entity with two activities, one touching health data under an Art. 9 condition. */
    record Fixture(String entity, String dpo, String first, String second) {}

    Fixture fixture() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        var recipient = json.createObjectNode()
                .put("entity", entity)
                .put("key", "printer")
                .put("name", "Print & Post SA")
                .put("role", "processor")
                .put("country", "FR")
                .put("status", "approved");
        created(post("/api/v1/recipients", dpo, recipient.toString()));
        String first = unique("Export billing, \"quoted\"");
        ObjectNode billing = completeActivity(entity, first);
        billing.putArray("recipients").add("printer");
        billing.put("status", "active");
        created(post("/api/v1/activities", dpo, billing.toString()));
        String second = unique("Export wellness");
        ObjectNode wellness = completeActivity(entity, second);
        wellness.putArray("dataCategories").add("user.health").add("user.device.telemetry");
        wellness.put("art9Condition", "explicit_consent");
        created(post("/api/v1/activities", dpo, wellness.toString()));
        return new Fixture(entity, dpo, first, second);
    }

    @Test
    void csv_hasAHeaderAndOneRowPerActivity() throws IOException {
        Fixture fixture = fixture();
        var response = get("/api/v1/register/export?format=csv&entity=" + fixture.entity(), fixture.dpo());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).contains("register-" + fixture.entity() + ".csv"));

        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(response.body()))
                .getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getParser().getHeaderNames())
                .startsWith("id", "entity", "name", "status")
                .contains("purposes", "data_categories", "recipients", "transfers", "retention_period");
        assertThat(rows).extracting(row -> row.get("name")).containsExactly(fixture.first(), fixture.second());
        assertThat(rows.get(0).get("purposes"))
                .isEqualTo("service.billing (contract); marketing.personalised_offers (consent)");
        assertThat(rows.get(0).get("recipients")).isEqualTo("printer");
        assertThat(rows.get(1).get("art9_condition")).isEqualTo("explicit_consent");
    }

    @Test
    void jsonLd_usesOnlyKnownDpvTerms() {
        Fixture fixture = fixture();
        var response = get("/api/v1/register/export?format=jsonld&entity=" + fixture.entity(), fixture.dpo());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/ld+json"));
        JsonNode document = parse(response);
        JsonNode context = document.get("@context");
        assertThat(context.get("dpv").asString()).isEqualTo("https://w3id.org/dpv#");
        assertThat(context.get("pd").asString()).isEqualTo("https://w3id.org/dpv/pd#");

        JsonNode graph = document.get("@graph");
        assertThat(graph).hasSize(2);
        JsonNode billing = graph.get(0);
        assertThat(billing.get("@type").valueStream().map(JsonNode::asString)).contains("dpv:PersonalDataHandling");
        assertThat(billing.get("dpv:hasLegalBasis").findValuesAsString("@id"))
                .containsExactly(LegalBasis.CONTRACT.dpv(), LegalBasis.CONSENT.dpv());
        assertThat(billing.get("dpv:hasPersonalData").findValuesAsString("@id"))
                .contains(dpvOf(taxonomy.dataCategories(fixture.entity()), "user.contact.email"));
        assertThat(billing.get("dpv:hasRecipient").get(0).get("@type").asString())
                .isEqualTo("dpv:DataProcessor");
        assertThat(billing.get("dpv:hasStatus").get("@id").asString())
                .isEqualTo("https://w3id.org/dpv#ActivityOngoing");
        assertThat(billing.get("dpv:hasStorageCondition").get("@type").asString())
                .isEqualTo("dpv:StorageDuration");
        assertThat(billing.get("dpv:hasTechnicalOrganisationalMeasure")).hasSize(2);

        // Terms the register itself writes must be known DPV terms; the taxonomy's own IRIs are the taxonomy's
        // to check, so they are set aside here.
        Set<String> used = new HashSet<>();
        collectDpvIris(document, context, used);
        used.removeAll(taxonomyIris(fixture.entity()));
        assertThat(used).isNotEmpty().isSubsetOf(knownDpvTerms());
    }

    @Test
    void jsonLd_expandsWithAJsonLdProcessor_intoAbsoluteIris_andOnlyKnownDpvTerms() throws JsonLdError {
        Fixture fixture = fixture();
        var response = get("/api/v1/register/export?format=jsonld&entity=" + fixture.entity(), fixture.dpo());
        assertThat(response.statusCode()).isEqualTo(200);

        JsonArray expanded = JsonLd.expand(JsonDocument.of(new StringReader(response.body())))
                .get();

        assertThat(expanded).hasSize(2);
        Set<String> properties = new HashSet<>();
        Set<String> iris = new HashSet<>();
        collectExpanded(expanded, properties, iris);
        // A property whose prefix the context lacks stays a relative name, and a bare undefined term is dropped:
        // both would be silent losses for a reader of the export.
        assertThat(properties).allSatisfy(property -> assertThat(property)
                .matches("https://w3id\\.org/dpv#\\w+|http://www\\.w3\\.org/.+|urn:custodia:vocab:\\w+"));
        assertThat(properties)
                .contains(
                        DPV_PREFIX + "#hasPurpose",
                        DPV_PREFIX + "#hasLegalBasis",
                        DPV_PREFIX + "#hasPersonalData",
                        DPV_PREFIX + "#hasDataSubject",
                        DPV_PREFIX + "#hasRecipient",
                        DPV_PREFIX + "#hasStatus",
                        DPV_PREFIX + "#hasStorageCondition",
                        "http://www.w3.org/2000/01/rdf-schema#label");
        Set<String> dpv = new HashSet<>();
        Stream.concat(properties.stream(), iris.stream())
                .filter(iri -> iri.startsWith(DPV_PREFIX))
                .forEach(dpv::add);
        dpv.removeAll(taxonomyIris(fixture.entity()));
        assertThat(dpv).isNotEmpty().isSubsetOf(knownDpvTerms());
    }

    /** The DPV IRIs the entity's taxonomy maps its terms to; the taxonomy's own tests check those. */
    private Set<String> taxonomyIris(String entity) {
        Set<String> fromTaxonomy = new HashSet<>();
        Stream.of(taxonomy.purposes(entity), taxonomy.dataCategories(entity), taxonomy.subjectTypes(entity))
                .flatMap(List::stream)
                .map(Term::dpv)
                .forEach(fromTaxonomy::add);
        return fromTaxonomy;
    }

    /** The property IRIs of expanded JSON-LD, and the IRIs it names with {@code @id} and {@code @type}. */
    private static void collectExpanded(JsonValue value, Set<String> properties, Set<String> iris) {
        if (value instanceof JsonObject object) {
            object.forEach((key, member) -> {
                if (key.equals("@id") && member instanceof JsonString id) {
                    iris.add(id.getString());
                } else if (key.equals("@type")) {
                    (member instanceof JsonArray types ? types.stream() : Stream.of(member))
                            .filter(JsonString.class::isInstance)
                            .map(type -> ((JsonString) type).getString())
                            .forEach(iris::add);
                } else if (!key.startsWith("@")) {
                    properties.add(key);
                    collectExpanded(member, properties, iris);
                } else {
                    collectExpanded(member, properties, iris);
                }
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> collectExpanded(item, properties, iris));
        }
    }

    @Test
    void htmlReport_hasTheArticle30Headings_inEnglishAndFrench() {
        Fixture fixture = fixture();
        var english = get("/api/v1/register/export?format=html&entity=" + fixture.entity(), fixture.dpo());
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(english.headers().firstValue("Content-Security-Policy")).hasValue(RegisterFiles.REPORT_CSP);
        assertThat(english.body())
                .contains("Register of processing activities")
                .contains("Name and contact details of the controller")
                .contains("Purposes of the processing")
                .contains("Categories of data subjects and of personal data")
                .contains("Categories of recipients")
                .contains("Transfers to third countries")
                .contains("Time limits for erasure")
                .contains("Technical and organisational security measures")
                .contains("@media print")
                .contains(fixture.second())
                .contains("Print &amp; Post SA")
                .contains("explicit_consent");

        var french = get("/api/v1/register/export?format=html&lang=fr&entity=" + fixture.entity(), fixture.dpo());
        assertThat(french.body())
                .contains("lang=\"fr\"")
                .contains("Registre des activités de traitement")
                .contains("Finalités du traitement")
                .contains("Délais prévus pour l&#39;effacement")
                .contains("Catégories de destinataires")
                .contains("Statut : Active")
                .contains("Contrat, Art. 6(1)(b)");
    }

    @Test
    void unknownFormat_answers400() {
        var response = get("/api/v1/register/export?format=pdf", admin());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorFields(response)).containsExactly("format");
    }

    private static String dpvOf(List<Term> terms, String key) {
        return terms.stream()
                .filter(term -> term.key().value().equals(key))
                .findFirst()
                .orElseThrow()
                .dpv();
    }

    /** Every IRI under w3id.org/dpv in the document, expanding {@code dpv:} and {@code pd:} names. */
    private static void collectDpvIris(JsonNode node, JsonNode context, Set<String> iris) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                addIfDpv(property.getKey(), context, iris);
                collectDpvIris(property.getValue(), context, iris);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectDpvIris(item, context, iris));
        } else if (node.isString()) {
            addIfDpv(node.asString(), context, iris);
        }
    }

    private static void addIfDpv(String text, JsonNode context, Set<String> iris) {
        String expanded = text;
        int colon = text.indexOf(':');
        if (colon > 0 && context.has(text.substring(0, colon))) {
            expanded = context.get(text.substring(0, colon)).asString() + text.substring(colon + 1);
        }
        if (expanded.startsWith(DPV_PREFIX)) {
            iris.add(expanded);
        }
    }

    private static Set<String> knownDpvTerms() {
        try (InputStream in = RegisterExportTest.class.getResourceAsStream("/register/dpv-terms.txt")) {
            if (in == null) {
                throw new IllegalStateException("register/dpv-terms.txt is missing from the test resources");
            }
            Set<String> terms = new HashSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(terms::add);
            return terms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
