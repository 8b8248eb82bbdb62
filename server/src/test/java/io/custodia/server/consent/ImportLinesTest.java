package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reading the lines of import files, without a server. */
class ImportLinesTest {
    private final ObjectMapper json = JsonMapper.builder().build();

    private List<ImportLines.Line> read(ImportLines.Format format, String file) {
        List<ImportLines.Line> lines = new ArrayList<>();
        ImportLines.read(format, new StringReader(file), "FR", json, lines::add);
        return lines;
    }

    @Test
    void csvLine_becomesTheRequestTheApiWouldGet_onTheImportChannel() {
        List<ImportLines.Line> lines = read(
                ImportLines.Format.CSV,
                "scheme,value,purpose,action,noticeVersion,clientTime,dataCategories,recipient,idempotencyKey,page\n"
                        + "customer_id, FR-1 ,marketing.offers,granted,2,2025-01-01T00:00:00Z,"
                        + "user.contact.email|user.location,,key-1,\"https://a.example/x,y\"\n");

        assertThat(lines).hasSize(1);
        ImportLines.Line line = lines.get(0);
        assertThat(line.number()).isEqualTo(2);
        assertThat(line.errors()).isEmpty();
        ConsentRequest request = Objects.requireNonNull(line.request());
        assertThat(request.subject()).isEqualTo(new ConsentRequest.Subject("customer_id", "FR-1"));
        assertThat(request.entity()).isEqualTo("FR");
        assertThat(request.channel()).isEqualTo("import");
        assertThat(request.noticeVersion()).isEqualTo(2);
        assertThat(request.dataCategories()).containsExactly("user.contact.email", "user.location");
        assertThat(request.recipient()).isNull();
        assertThat(request.idempotencyKey()).isEqualTo("key-1");
        assertThat(request.context()).isEqualTo(new ConsentRequest.Context("https://a.example/x,y", null, null));
    }

    @Test
    void csvLines_areNumberedFromTheHeader_andBlankLinesCount() {
        List<ImportLines.Line> lines = read(
                ImportLines.Format.CSV,
                "scheme,value,purpose,action,noticeVersion\n"
                        + "email,a@example.com,p.a,granted,1\n"
                        + "\n"
                        + "email,b@example.com,p.a,granted,x\n"
                        + "email,c@example.com,p.a\n");

        assertThat(lines).extracting(ImportLines.Line::number).containsExactly(2, 4, 5);
        assertThat(lines.get(1).request()).isNull();
        assertThat(lines.get(1).errors()).extracting(FieldError::field).containsExactly("line 4: noticeVersion");
        assertThat(lines.get(2).errors()).extracting(FieldError::field).containsExactly("line 5: columns");
    }

    @Test
    void csvHeader_mustNameTheRequiredColumns_andNoUnknownOne() {
        assertThatThrownBy(() -> read(ImportLines.Format.CSV, "scheme,value,purpose,action,shoe\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("line 1: noticeVersion", "line 1: shoe"));
    }

    @Test
    void jsonLine_takesTheApisFields_andRefusesAnotherEntityOrChannel() {
        List<ImportLines.Line> lines = read(
                ImportLines.Format.JSONL,
                "{\"subject\":{\"scheme\":\"email\",\"value\":\"a@example.com\"},\"purpose\":\"p.a\","
                        + "\"action\":\"granted\",\"noticeVersion\":1,\"dataCategories\":[\"user.x\"],"
                        + "\"context\":{\"page\":\"/p\"}}\n"
                        + "   \n"
                        + "{\"entity\":\"SN\",\"channel\":\"web\"}\n"
                        + "{not json\n");

        assertThat(lines).extracting(ImportLines.Line::number).containsExactly(1, 3, 4);
        ConsentRequest first = Objects.requireNonNull(lines.get(0).request());
        assertThat(first.channel()).isEqualTo("import");
        assertThat(first.entity()).isEqualTo("FR");
        assertThat(first.dataCategories()).containsExactly("user.x");
        assertThat(first.context()).isEqualTo(new ConsentRequest.Context("/p", null, null));
        assertThat(lines.get(1).errors())
                .extracting(FieldError::field)
                .containsExactly("line 3: entity", "line 3: channel");
        assertThat(lines.get(2).errors()).extracting(FieldError::field).containsExactly("line 4: json");
    }
}
