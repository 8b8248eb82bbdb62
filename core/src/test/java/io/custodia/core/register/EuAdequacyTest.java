package io.custodia.core.register;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EuAdequacyTest {

    @ParameterizedTest
    @ValueSource(strings = {"FR", "DE", "NO", "IS", "LI", "GB", "CH", "JP", "KR", "CA", "IL", "UY", "NZ", "AR"})
    void eeaAndAdequateCountries_areCovered(String country) {
        assertThat(EuAdequacy.covers(country, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SN", "CI", "NG", "KE", "MA", "CN", "IN", "BR"})
    void otherCountries_areNot(String country) {
        assertThat(EuAdequacy.covers(country, false)).isFalse();
        assertThat(EuAdequacy.covers(country, true)).isFalse();
    }

    @Test
    void unitedStates_isCoveredOnlyForCertifiedRecipients() {
        assertThat(EuAdequacy.covers("US", false)).isFalse();
        assertThat(EuAdequacy.covers("US", true)).isTrue();
        assertThat(EuAdequacy.countries()).doesNotContain("US").hasSize(30 + 14);
    }
}
