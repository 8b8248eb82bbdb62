package io.custodia.server.subjects;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.entities.Entities;
import io.custodia.server.identity.Staff;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the company tells Custodia about a customer that the rules need: their age band, and who holds parental
 * responsibility for a child (GDPR Art. 8). Staff who record consents (DPO, privacy officer, customer care) use it.
 */
@RestController
@RequestMapping("/api/v1/subjects")
@Tag(name = "Subjects", description = "Customers' age bands and the guardians who consent for children")
@PreAuthorize("hasAnyRole('DPO','PRIVACY_OFFICER','SUPPORT_AGENT')")
class SubjectsApi {
    private final Subjects subjects;
    private final Entities entities;
    private final Staff staff;
    private final Clock clock;

    SubjectsApi(Subjects subjects, Entities entities, Staff staff, Clock clock) {
        this.subjects = subjects;
        this.entities = entities;
        this.staff = staff;
        this.clock = clock;
    }

    /**
     * A customer's identifier.
     *
     * @param scheme {@code customer_id}, {@code email}, {@code phone} or {@code device_id}
     * @param value the identifier
     */
    record Identifier(
            @Schema(example = "customer_id") @Nullable String scheme,
            @Schema(example = "FR-0000042") @Nullable String value) {}

    /**
     * A customer's age band, as true today.
     *
     * @param ageBand {@code UNDER_13}, {@code AGE_13} … {@code AGE_17}, {@code ADULT} or {@code UNKNOWN}
     */
    record AgeRequest(
            @Schema(example = "FR") @Nullable String entity,
            @Nullable Identifier subject,
            @Schema(example = "AGE_14") @Nullable String ageBand) {}

    /** The age band recorded and the day it was true. */
    record AgeAnswer(String ageBand, LocalDate recordedOn) {
        static AgeAnswer of(Subjects.Age age) {
            return new AgeAnswer(age.band().name(), age.recordedOn());
        }
    }

    /**
     * A holder of parental responsibility for a child.
     *
     * @param subject the child
     * @param guardian the parent or other holder of parental responsibility, a customer of the same entity
     * @param verification how the company verified the responsibility
     */
    record GuardianRequest(
            @Schema(example = "FR") @Nullable String entity,
            @Nullable Identifier subject,
            @Nullable Identifier guardian,

            @Schema(example = "family plan holder, ID checked in store") @Nullable
            String verification) {}

    /** A child's guardian as the API shows it: by their identifiers. */
    record GuardianAnswer(List<Identifier> identifiers, String verification, Instant linkedAt) {}

    /** What Custodia knows of a customer that the rules for minors need. */
    record Profile(String ageBand, LocalDate recordedOn, List<GuardianAnswer> guardians) {}

    @PutMapping("/age")
    @Operation(summary = "Record a customer's age band, registering the customer if the identifier names no one yet")
    AgeAnswer recordAge(@RequestBody AgeRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String entity = entity(request.entity(), errors);
        SubjectIdentifier subject = identifier("subject", request.subject(), errors);
        AgeBand band = null;
        if (request.ageBand() == null || request.ageBand().isBlank()) {
            errors.add(new FieldError("ageBand", "is required, such as AGE_14 or ADULT"));
        } else {
            try {
                band = AgeBand.of("ageBand", request.ageBand());
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty() || entity == null || subject == null || band == null) {
            throw new InvalidInputException("The age band cannot be recorded", errors);
        }
        return AgeAnswer.of(subjects.recordAge(staff.actor(), findOrRegister(entity, subject), band));
    }

    @PostMapping("/guardians")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Link a child to a holder of parental responsibility, who may then consent for the child")
    GuardianAnswer linkGuardian(@RequestBody GuardianRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String entity = entity(request.entity(), errors);
        SubjectIdentifier child = identifier("subject", request.subject(), errors);
        SubjectIdentifier guardian = identifier("guardian", request.guardian(), errors);
        String verification = request.verification();
        if (verification == null || verification.isBlank()) {
            errors.add(new FieldError("verification", "say how the parental responsibility was verified"));
        }
        if (!errors.isEmpty() || entity == null || child == null || guardian == null || verification == null) {
            throw new InvalidInputException("The guardian cannot be linked", errors);
        }
        UUID childId = subjects.find(entity, child)
                .orElseThrow(() -> InvalidInputException.of(
                        "subject", "no customer of " + entity + " has this identifier: record their age band first"));
        UUID guardianId = findOrRegister(entity, guardian);
        Subjects.Guardian linked = subjects.linkGuardian(staff.actor(), childId, guardianId, verification);
        return answer(linked);
    }

    @PostMapping("/guardians/revoke")
    @Operation(summary = "End a guardian's link to a child; the guardian can no longer consent for the child")
    void revokeGuardian(@RequestBody GuardianRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String entity = entity(request.entity(), errors);
        SubjectIdentifier child = identifier("subject", request.subject(), errors);
        SubjectIdentifier guardian = identifier("guardian", request.guardian(), errors);
        if (!errors.isEmpty() || entity == null || child == null || guardian == null) {
            throw new InvalidInputException("The guardian's link cannot be ended", errors);
        }
        Optional<UUID> childId = subjects.find(entity, child);
        Optional<UUID> guardianId = subjects.find(entity, guardian);
        if (childId.isEmpty()
                || guardianId.isEmpty()
                || !subjects.revokeGuardian(staff.actor(), childId.get(), guardianId.get())) {
            throw InvalidInputException.of("guardian", "this customer is not a current guardian of the child");
        }
    }

    @GetMapping("/profile")
    @Operation(summary = "A customer's age band and guardians; an identifier that names no one answers UNKNOWN")
    Profile profile(@RequestParam String entity, @RequestParam String scheme, @RequestParam String value) {
        List<FieldError> errors = new ArrayList<>();
        String code = entity(entity, errors);
        SubjectIdentifier subject = identifier("", new Identifier(scheme, value), errors);
        if (!errors.isEmpty() || code == null || subject == null) {
            throw new InvalidInputException("The identifier is not valid", errors);
        }
        Optional<UUID> id = subjects.find(code, subject);
        if (id.isEmpty()) {
            return new Profile(AgeBand.UNKNOWN.name(), LocalDate.now(clock), List.of());
        }
        Subjects.Age age = subjects.age(id.get());
        return new Profile(
                age.band().name(),
                age.recordedOn(),
                subjects.guardians(id.get()).stream().map(this::answer).toList());
    }

    private GuardianAnswer answer(Subjects.Guardian guardian) {
        return new GuardianAnswer(
                subjects.identifiers(guardian.guardianId()).stream()
                        .map(identifier -> new Identifier(identifier.scheme().key(), identifier.value()))
                        .toList(),
                guardian.verification(),
                guardian.linkedAt());
    }

    private UUID findOrRegister(String entity, SubjectIdentifier identifier) {
        for (int attempt = 1; ; attempt++) {
            Optional<UUID> found = subjects.find(entity, identifier);
            if (found.isPresent()) {
                return found.get();
            }
            try {
                return subjects.register(
                        staff.actor(), new Subjects.NewSubject(entity, AgeBand.UNKNOWN, List.of(identifier)));
            } catch (DuplicateKeyException e) {
                // A concurrent request registered the same customer first: the next look finds them.
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private @Nullable String entity(@Nullable String code, List<FieldError> errors) {
        if (code == null || code.isBlank()) {
            errors.add(new FieldError("entity", "the entity code is required, such as FR"));
            return null;
        }
        return entities.visible(code.strip()).code();
    }

    private static @Nullable SubjectIdentifier identifier(
            String field, @Nullable Identifier identifier, List<FieldError> errors) {
        if (identifier == null) {
            errors.add(new FieldError(field, "the customer is required, as {scheme, value}"));
            return null;
        }
        return SubjectIdentifier.parse(field, identifier.scheme(), identifier.value(), errors);
    }
}
