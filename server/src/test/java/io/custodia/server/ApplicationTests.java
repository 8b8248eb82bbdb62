package io.custodia.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The running application answers its fixed paths as the public contract says. */
class ApplicationTests extends CustodiaTest {

    @Test
    void health_isUp_withoutSigningIn() {
        var response = getAnonymous("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void apiDescription_isPublished() {
        var response = getAnonymous("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response).get("openapi").asString()).startsWith("3.");
        assertThat(parse(response).get("paths").has("/api/v1/entities")).isTrue();
    }

    @Test
    void api_withoutCredentials_answers401AsProblem() {
        var response = getAnonymous("/api/v1/entities");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(parse(response).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void api_withWrongPassword_answers401() {
        assertThat(get("/api/v1/entities", basic("admin", "not-the-password")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void prometheus_isForStaffOnly() {
        assertThat(getAnonymous("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", admin()).statusCode()).isEqualTo(200);
    }

    @Test
    void admin_seesEntities() {
        var response = get("/api/v1/entities", admin());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response).isArray()).isTrue();
    }
}
