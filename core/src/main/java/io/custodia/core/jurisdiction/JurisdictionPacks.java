package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The set of jurisdiction packs Custodia knows: those shipped in this jar, optionally overridden by local files.
 *
 * <p>Packs are YAML files. A pack may {@code extends} another: it inherits every field it does not set, mapping by
 * mapping (a child that sets only {@code breach.authority} keeps the parent's other breach deadlines), while a list
 * or a single value is replaced whole. {@code code} and {@code name} are never inherited. An override file with the
 * code of an existing pack is laid over it by the same rule, before inheritance is resolved, so packs that extend
 * an overridden pack see the override.
 *
 * <p>Instances are immutable and thread-safe. Loading reads and validates every pack, so keep the instance rather
 * than loading per use.
 */
public final class JurisdictionPacks {

    /** The packs shipped as resources next to this class, one {@code <code>.yaml} file each. */
    static final List<String> BUILT_IN = List.of("eu-gdpr", "eu-telecom", "fr", "ng", "ke", "sn", "ci", "ma");

    private final SortedMap<String, JurisdictionPack> packs;

    private JurisdictionPacks(Map<String, JurisdictionPack> packs) {
        this.packs = Collections.unmodifiableSortedMap(new TreeMap<>(packs));
    }

    /**
     * The packs shipped in this jar.
     *
     * @throws InvalidInputException if a shipped pack is invalid, which is a bug in this release
     */
    public static JurisdictionPacks builtIn() {
        return resolve(readBuiltIn(), List.of());
    }

    /**
     * The packs shipped in this jar, with the {@code *.yaml} and {@code *.yml} files of a directory laid over them. A
     * file whose code is already known overrides that pack field by field; a file with a new code adds a pack, which
     * must then be complete or extend another. Subdirectories are ignored.
     *
     * @throws InvalidInputException naming the file and fields, if the directory is missing, a file is invalid, two
     *     files state the same code, or a resolved pack is incomplete
     * @throws UncheckedIOException if the directory cannot be read
     */
    public static JurisdictionPacks withOverrides(Path directory) {
        return resolve(readBuiltIn(), readDirectory(directory));
    }

    /** The pack with this code, if there is one. */
    public Optional<JurisdictionPack> find(String code) {
        return Optional.ofNullable(packs.get(code));
    }

    /**
     * The pack with this code.
     *
     * @throws NotFoundException if there is none
     */
    public JurisdictionPack get(String code) {
        return find(code)
                .orElseThrow(() -> new NotFoundException(
                        "No jurisdiction pack with code '" + code + "'; known codes: " + packs.keySet()));
    }

    /** Every pack, ordered by code. */
    public List<JurisdictionPack> all() {
        return List.copyOf(packs.values());
    }

    /** The codes of every pack, in order. */
    public Set<String> codes() {
        return packs.keySet();
    }

    /** One pack file: where it came from, for messages, and its checked tree. */
    private record PackFile(String source, String code, Map<String, Object> tree) {}

    /** A pack tree with its inheritance applied. */
    private record Resolved(Map<String, Object> tree, List<String> ancestors) {}

    private static List<PackFile> readBuiltIn() {
        List<PackFile> files = new ArrayList<>();
        for (String code : BUILT_IN) {
            String name = code + ".yaml";
            try (InputStream input = JurisdictionPacks.class.getResourceAsStream(name)) {
                if (input == null) {
                    throw new IllegalStateException("Built-in jurisdiction pack " + name + " is missing from the jar");
                }
                PackFile file = readFile(input, name);
                if (!file.code().equals(code)) {
                    throw PackYaml.invalid(name, PackDecoder.CODE, "must be the file name's code, " + code);
                }
                files.add(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read built-in jurisdiction pack " + name, e);
            }
        }
        return files;
    }

    private static List<PackFile> readDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw InvalidInputException.of(
                    "overrides", "the jurisdiction pack override directory does not exist: " + directory);
        }
        List<Path> paths;
        try (Stream<Path> entries = Files.list(directory)) {
            paths = entries.filter(Files::isRegularFile)
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list jurisdiction pack overrides in " + directory, e);
        }
        List<PackFile> files = new ArrayList<>();
        Map<String, String> sourceByCode = new HashMap<>();
        for (Path path : paths) {
            PackFile file;
            try (InputStream input = Files.newInputStream(path)) {
                file = readFile(input, path.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read jurisdiction pack override " + path, e);
            }
            @Nullable String clash = sourceByCode.putIfAbsent(file.code(), file.source());
            if (clash != null) {
                throw PackYaml.invalid(
                        file.source(),
                        PackDecoder.CODE,
                        "pack '" + file.code() + "' is already overridden by " + clash);
            }
            files.add(file);
        }
        return files;
    }

    private static PackFile readFile(InputStream input, String source) {
        Map<String, Object> tree = PackYaml.read(input, source);
        String code = PackDecoder.checkFile(tree, source);
        return new PackFile(source, code, tree);
    }

    private static JurisdictionPacks resolve(List<PackFile> builtIn, List<PackFile> overrides) {
        Map<String, PackFile> own = new LinkedHashMap<>();
        for (PackFile file : builtIn) {
            own.put(file.code(), file);
        }
        for (PackFile override : overrides) {
            own.merge(
                    override.code(),
                    override,
                    (base, over) -> new PackFile(
                            base.source() + " overridden by " + over.source(),
                            base.code(),
                            merge(base.tree(), over.tree())));
        }
        Map<String, Resolved> resolved = new HashMap<>();
        Map<String, JurisdictionPack> packs = new LinkedHashMap<>();
        for (PackFile file : own.values()) {
            Resolved pack = resolveInheritance(file.code(), own, resolved, new LinkedHashSet<>());
            packs.put(file.code(), PackDecoder.decode(pack.tree(), pack.ancestors(), file.source()));
        }
        return new JurisdictionPacks(packs);
    }

    private static Resolved resolveInheritance(
            String code, Map<String, PackFile> own, Map<String, Resolved> resolved, Set<String> visiting) {
        @Nullable Resolved done = resolved.get(code);
        if (done != null) {
            return done;
        }
        PackFile file = own.get(code);
        if (file == null) {
            throw new IllegalStateException("resolving unknown pack " + code);
        }
        visiting.add(code);
        Resolved result;
        if (!(file.tree().get(PackDecoder.EXTENDS) instanceof String parentCode)) {
            result = new Resolved(file.tree(), List.of());
        } else if (!own.containsKey(parentCode)) {
            throw PackYaml.invalid(
                    file.source(),
                    PackDecoder.EXTENDS,
                    "no pack with code '" + parentCode + "'; known codes: " + new TreeMap<>(own).keySet());
        } else if (visiting.contains(parentCode)) {
            throw PackYaml.invalid(
                    file.source(),
                    PackDecoder.EXTENDS,
                    "packs extend each other in a circle: " + String.join(" → ", visiting) + " → " + parentCode);
        } else {
            Resolved parent = resolveInheritance(parentCode, own, resolved, visiting);
            Map<String, Object> inherited = new LinkedHashMap<>(parent.tree());
            inherited.remove(PackDecoder.CODE);
            inherited.remove(PackDecoder.NAME);
            inherited.remove(PackDecoder.EXTENDS);
            List<String> ancestors = new ArrayList<>();
            ancestors.add(parentCode);
            ancestors.addAll(parent.ancestors());
            result = new Resolved(merge(inherited, file.tree()), List.copyOf(ancestors));
        }
        visiting.remove(code);
        resolved.put(code, result);
        return result;
    }

    /** The base with the overlay laid over it: mappings merge key by key, anything else is replaced. */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> entry : overlay.entrySet()) {
            @Nullable Object below = result.get(entry.getKey());
            if (below instanceof Map<?, ?> belowMap && entry.getValue() instanceof Map<?, ?> aboveMap) {
                @SuppressWarnings("unchecked") // PackYaml gives every mapping string keys
                Map<String, Object> merged = merge((Map<String, Object>) belowMap, (Map<String, Object>) aboveMap);
                result.put(entry.getKey(), merged);
            } else {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return result;
    }
}
