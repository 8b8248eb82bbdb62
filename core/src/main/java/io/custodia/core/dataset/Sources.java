package io.custodia.core.dataset;

import java.util.List;

/**
 * Where each part of the datasets read from one file came from, so that checks made after reading can name the
 * file's path ({@code dataset[0].collections[2].fields[1]}) in the two formats, whose paths differ.
 */
final class Sources {
    private Sources() {}

    /** A dataset's path and the path of its key. */
    record DatasetSource(String path, String keyPath, List<CollectionSource> collections) {}

    /** A collection's path, the path of its name and of its erasure strategy. */
    record CollectionSource(String path, String namePath, String erasurePath, List<FieldSource> fields) {}

    /** A field's path, the path of its name, of its erasure strategy, and of each of its references. */
    record FieldSource(String path, String namePath, String erasurePath, List<String> referencePaths) {}
}
