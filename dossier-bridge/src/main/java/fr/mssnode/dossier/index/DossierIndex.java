package fr.mssnode.dossier.index;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The dossier's search index. It can always be rebuilt from the database, which stays the truth; the node
 * repairs it at start (see {@link IndexRepair}). Behind an interface so that a search cluster can replace the
 * local Lucene index without the rest of the code knowing.
 */
public interface DossierIndex extends AutoCloseable {

    /**
     * Adds a document the index does not hold yet (a newly filed one, or one the repair found missing); searchable
     * within a second.
     */
    void add(IndexEntry entry) throws IOException;

    /** Marks a document as current or superseded (a superseded version leaves the default search). */
    void setCurrent(long documentId, boolean current) throws IOException;

    /** Marks a document as masked from professionals or not (the patient's choice). */
    void setMasked(long documentId, boolean masked) throws IOException;

    void delete(long documentId) throws IOException;

    void deleteAll() throws IOException;

    SearchPage search(DossierQuery query) throws IOException;

    /**
     * A search that tells {@code found} which documents the page holds (their highlights not yet found) as soon as
     * it knows, before it finds their passages: the access history records the hit list meanwhile.
     */
    SearchPage search(DossierQuery query, Consumer<List<SearchPage.Hit>> found) throws IOException;

    /** Every indexed document's state, in ascending id order, as of now. */
    void forEachIndexed(Consumer<IndexedState> action) throws IOException;

    /** Makes what was added durable (it is also done in the background every few seconds). */
    void commit() throws IOException;

    /** Makes what was added visible to searches now, without waiting for the background refresh. */
    void refresh() throws IOException;

    @Override
    void close() throws IOException;
}
