package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.identity.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may read and write the register: roles, and entity scope where a foreign id looks missing. */
class RegisterAccessTest extends RegisterTestSupport {

    @Test
    void entityScopedStaff_neverSeeAnotherEntitysActivities() {
        String mine = newEntity();
        String theirs = newEntity();
        String myDpo = dpoOf(mine);
        String theirDpo = dpoOf(theirs);
        String myName = unique("Scope mine");
        String theirName = unique("Scope theirs");
        created(post("/api/v1/activities", myDpo, completeActivity(mine, myName).toString()));
        String theirId = created(post(
                        "/api/v1/activities",
                        theirDpo,
                        completeActivity(theirs, theirName).toString()))
                .get("id")
                .asString();

        assertThat(namesMatching(myDpo, "Scope")).contains(myName).doesNotContain(theirName);
        assertThat(parse(get("/api/v1/activities?entity=" + theirs, myDpo))).isEmpty();

        var foreign = get("/api/v1/activities/" + theirId, myDpo);
        var missing = get("/api/v1/activities/00000000-0000-4000-8000-000000000000", myDpo);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(parse(foreign).get("title").asString())
                .isEqualTo(parse(missing).get("title").asString());

        assertThat(postStatus(theirId, myDpo, "retired", "not mine").statusCode())
                .isEqualTo(404);
        assertThat(post(
                                "/api/v1/activities",
                                myDpo,
                                completeActivity(theirs, unique("Intrusion")).toString())
                        .statusCode())
                .isEqualTo(404);

        assertThat(get("/api/v1/register/export?format=json&entity=" + theirs, myDpo)
                        .statusCode())
                .isEqualTo(404);
        for (String format : new String[] {"csv", "json", "jsonld", "html"}) {
            var export = get("/api/v1/register/export?format=" + format, myDpo);
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.body()).contains(myName).doesNotContain(theirName).doesNotContain(theirId);
        }
    }

    @Test
    void entityScopedStaff_neitherReadNorWriteAnotherEntitysCatalog_norReachItThroughImports() {
        String mine = newEntity();
        String theirs = newEntity();
        String myDpo = dpoOf(mine);
        String theirDpo = dpoOf(theirs);
        created(post("/api/v1/systems", theirDpo, systemBody(theirs, "their-crm")));
        created(post("/api/v1/recipients", theirDpo, processorBody(theirs, "their-host")));
        String theirName = unique("Catalog theirs");
        String theirId = created(post(
                        "/api/v1/activities",
                        theirDpo,
                        completeActivity(theirs, theirName).toString()))
                .get("id")
                .asString();

        for (String path : List.of("/api/v1/systems", "/api/v1/datasets", "/api/v1/recipients")) {
            assertThat(get(path + "?entity=" + theirs, myDpo).body()).as(path).isEqualTo("[]");
            assertThat(get(path, myDpo).body()).as(path).doesNotContain(theirs);
        }
        assertThat(post("/api/v1/systems", myDpo, systemBody(theirs, "planted")).statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/recipients", myDpo, processorBody(theirs, "planted"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(
                                "/api/v1/datasets",
                                myDpo,
                                "{\"entity\":\"" + theirs + "\",\"key\":\"planted\",\"name\":\"Planted\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(
                                "/api/v1/register/import",
                                myDpo,
                                "{\"entity\":\"" + theirs + "\",\"systems\":[{\"key\":\"planted\",\"name\":\"P\"}]}")
                        .statusCode())
                .isEqualTo(404);
        var hijack = post(
                "/api/v1/register/import",
                myDpo,
                "{\"entity\":\"" + mine + "\",\"activities\":[{\"id\":\"" + theirId + "\",\"name\":\"Hijacked\"}]}");
        assertThat(hijack.statusCode()).isEqualTo(400);
        assertThat(errorFields(hijack)).containsExactly("activities[0].id");

        assertThat(parse(get("/api/v1/systems?entity=" + theirs, theirDpo)))
                .singleElement()
                .satisfies(system -> assertThat(system.get("key").asString()).isEqualTo("their-crm"));
        assertThat(parse(get("/api/v1/recipients?entity=" + theirs, theirDpo))).hasSize(1);
        assertThat(parse(get("/api/v1/datasets?entity=" + theirs, theirDpo))).isEmpty();
        assertThat(parse(get("/api/v1/activities/" + theirId, theirDpo))
                        .get("name")
                        .asString())
                .isEqualTo(theirName);
    }

    @Test
    void auditor_readsButCannotWrite() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String auditor = newStaff(Set.of(Role.AUDITOR), entity);
        String name = unique("Audited read");
        String id = created(post(
                        "/api/v1/activities",
                        dpo,
                        completeActivity(entity, name).toString()))
                .get("id")
                .asString();

        assertThat(namesMatching(auditor, name)).containsExactly(name);
        assertThat(get("/api/v1/activities/" + id, auditor).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/register/export?format=csv&entity=" + entity, auditor)
                        .statusCode())
                .isEqualTo(200);

        var write = post(
                "/api/v1/activities",
                auditor,
                completeActivity(entity, unique("Auditor write")).toString());
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(postStatus(id, auditor, "active", "").statusCode()).isEqualTo(403);
        assertThat(put(
                                "/api/v1/activities/" + id,
                                auditor,
                                completeActivity(entity, name).put("version", 1).toString())
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/systems", auditor, "{\"entity\":\"" + entity + "\",\"key\":\"x\",\"name\":\"X\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/register/import", auditor, "{\"entity\":\"" + entity + "\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(parse(get("/api/v1/activities/" + id, dpo)).get("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void privacyOfficer_mayWrite() {
        String entity = newEntity();
        String officer = newStaff(Set.of(Role.PRIVACY_OFFICER), entity);
        created(post(
                "/api/v1/activities",
                officer,
                completeActivity(entity, unique("Officer")).toString()));
    }

    @Test
    void anonymousCallers_areTurnedAway() {
        assertThat(getAnonymous("/api/v1/activities").statusCode()).isEqualTo(401);
        assertThat(getAnonymous("/api/v1/register/export?format=csv").statusCode())
                .isEqualTo(401);
    }
}
