package fr.mssnode.mail.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import fr.mssnode.mail.search.IndexedMessage.Header;
import fr.mssnode.mail.search.IndexedMessage.MessageState;

/**
 * The mailbox search index (Lucene 9, one document per message in a mailbox). Text is indexed for substring search
 * ({@link SubstringText}); the values SEARCH and SORT compare (UID, flags, dates, size, mod-seq, sort keys) are doc
 * values, read back for a whole mailbox in one pass. Flags and mod-seq are updated in place, without rewriting the
 * message's document. Knows nothing of James: the adapter turns James's queries into calls here.
 */
public final class MailboxTextIndex implements Closeable {
    public static final String BODY = "body";
    public static final String ATTACHMENT_NAME = "attachment-name";
    private static final String HEADER_PREFIX = "h.";
    private static final String HEADER_NAME = "header-name";
    private static final String KEY = "key";
    private static final String MAILBOX = "mailbox";
    private static final String UID = "uid";
    private static final String FLAGS = "flags";
    private static final String USER_FLAGS = "user-flags";
    private static final String MOD_SEQ = "mod-seq";
    private static final String INTERNAL_DATE = "internal-date";
    private static final String SAVE_DATE = "save-date";
    private static final String SIZE = "size";
    private static final String ATTACHMENT = "attachment";
    private static final String SENT_DAY = "sent-day";
    private static final String SENT_AT = "sent-at";
    private static final String MESSAGE_ID = "message-id";
    private static final String THREAD_ID = "thread-id";
    private static final FieldType SUBSTRING_TEXT = substringText();

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public MailboxTextIndex(Path folder) throws IOException {
        this.directory = FSDirectory.open(folder);
        IndexWriterConfig config = new IndexWriterConfig(new GapBetweenValues(SubstringText.analyzer()))
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setRAMBufferSizeMB(32)
            .setCommitOnClose(true);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** Adds the message, or replaces what the index held for the same mailbox and UID. */
    public void add(IndexedMessage message) throws IOException {
        Document document = new Document();
        document.add(new StringField(KEY, key(message.mailbox(), message.uid()), Field.Store.NO));
        document.add(new StringField(MAILBOX, message.mailbox(), Field.Store.NO));
        document.add(new NumericDocValuesField(UID, message.uid()));
        document.add(new NumericDocValuesField(INTERNAL_DATE, message.internalDate()));
        document.add(new NumericDocValuesField(SAVE_DATE, message.saveDate()));
        document.add(new NumericDocValuesField(SIZE, message.size()));
        document.add(new NumericDocValuesField(ATTACHMENT, message.text().hasAttachment() ? 1 : 0));
        document.add(new NumericDocValuesField(SENT_DAY, message.text().sentDay()));
        document.add(new NumericDocValuesField(SENT_AT, message.text().sentAt()));
        document.add(new BinaryDocValuesField(MESSAGE_ID, utf8(message.messageId())));
        document.add(new BinaryDocValuesField(THREAD_ID, utf8(message.threadId())));
        for (Field field : stateFields(message.state())) {
            document.add(field);
        }
        Set<String> names = new HashSet<>();
        for (Header header : message.text().headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (names.add(name)) {
                document.add(new StringField(HEADER_NAME, name, Field.Store.NO));
            }
            document.add(new Field(HEADER_PREFIX + name, header.value(), SUBSTRING_TEXT));
        }
        document.add(new Field(BODY, message.text().body(), SUBSTRING_TEXT));
        for (String name : message.text().attachmentNames()) {
            document.add(new Field(ATTACHMENT_NAME, name, SUBSTRING_TEXT));
        }
        writer.updateDocument(new Term(KEY, key(message.mailbox(), message.uid())), document);
    }

    public void updateState(String mailbox, long uid, MessageState state) throws IOException {
        writer.updateDocValues(new Term(KEY, key(mailbox, uid)), stateFields(state));
    }

    public void delete(String mailbox, Collection<Long> uids) throws IOException {
        Term[] keys = uids.stream().map(uid -> new Term(KEY, key(mailbox, uid))).toArray(Term[]::new);
        writer.deleteDocuments(keys);
    }

    public void deleteMailbox(String mailbox) throws IOException {
        writer.deleteDocuments(new Term(MAILBOX, mailbox));
    }

    public Optional<MessageState> state(String mailbox, long uid) throws IOException {
        List<Row> rows = read(new TermQuery(new Term(KEY, key(mailbox, uid))));
        return rows.stream().findFirst().map(Row::state);
    }

    /** Every message of the mailbox with its values. */
    public List<Row> rows(String mailbox) throws IOException {
        return read(new TermQuery(new Term(MAILBOX, mailbox)));
    }

    /** The UIDs of the messages of the mailbox whose text in any of the fields holds the substring. */
    public Set<Long> uidsContaining(String mailbox, Collection<String> fields, String substring) throws IOException {
        BooleanQuery.Builder anyField = new BooleanQuery.Builder();
        for (String field : fields) {
            anyField.add(SubstringText.containing(field, substring), Occur.SHOULD);
        }
        return uids(mailbox, anyField.build());
    }

    public Set<Long> uidsWithHeader(String mailbox, String headerName) throws IOException {
        return uids(mailbox, new TermQuery(new Term(HEADER_NAME, headerName.toLowerCase(Locale.ROOT))));
    }

    /** The field that holds a header's text. */
    public static String headerField(String headerName) {
        return HEADER_PREFIX + headerName.toLowerCase(Locale.ROOT);
    }

    /** Every header field in the index (what TEXT searches beside the body). */
    public Set<String> headerFields() throws IOException {
        IndexSearcher searcher = acquire();
        try {
            Set<String> fields = new TreeSet<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                for (FieldInfo info : leaf.reader().getFieldInfos()) {
                    if (info.name.startsWith(HEADER_PREFIX)) {
                        fields.add(info.name);
                    }
                }
            }
            return fields;
        } finally {
            searchers.release(searcher);
        }
    }

    public int count() throws IOException {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    public void commit() throws IOException {
        writer.commit();
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    private Set<Long> uids(String mailbox, Query query) throws IOException {
        Query inMailbox = new BooleanQuery.Builder()
            .add(new TermQuery(new Term(MAILBOX, mailbox)), Occur.FILTER)
            .add(query, Occur.FILTER)
            .build();
        IndexSearcher searcher = acquire();
        try {
            Weight weight = searcher.createWeight(searcher.rewrite(inMailbox), ScoreMode.COMPLETE_NO_SCORES, 1f);
            Set<Long> uids = new HashSet<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Scorer scorer = weight.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                // Only the UIDs: a TEXT search can match most of a large mailbox, whose other values it does not need.
                Bits live = leaf.reader().getLiveDocs();
                NumericDocValues uid = DocValues.getNumeric(leaf.reader(), UID);
                DocIdSetIterator docs = scorer.iterator();
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    if ((live == null || live.get(doc)) && uid.advanceExact(doc)) {
                        uids.add(uid.longValue());
                    }
                }
            }
            return uids;
        } finally {
            searchers.release(searcher);
        }
    }

    private List<Row> read(Query query) throws IOException {
        IndexSearcher searcher = acquire();
        try {
            Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
            List<Row> rows = new ArrayList<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Scorer scorer = weight.scorer(leaf);
                if (scorer != null) {
                    readLeaf(leaf.reader(), scorer.iterator(), rows);
                }
            }
            return rows;
        } finally {
            searchers.release(searcher);
        }
    }

    private static void readLeaf(LeafReader reader, DocIdSetIterator docs, List<Row> rows) throws IOException {
        Bits live = reader.getLiveDocs();
        Values values = new Values(reader);
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
            if (live == null || live.get(doc)) {
                rows.add(values.row(doc));
            }
        }
    }

    private IndexSearcher acquire() throws IOException {
        searchers.maybeRefreshBlocking();
        return searchers.acquire();
    }

    private static Field[] stateFields(MessageState state) {
        return new Field[] {
            new NumericDocValuesField(FLAGS, state.flags()),
            new NumericDocValuesField(MOD_SEQ, state.modSeq()),
            new BinaryDocValuesField(USER_FLAGS, utf8(String.join("\u0000", new TreeSet<>(state.userFlags()))))
        };
    }

    private static String key(String mailbox, long uid) {
        return mailbox + '\u0000' + uid;
    }

    private static BytesRef utf8(String value) {
        return new BytesRef(value == null ? "" : value);
    }

    private static FieldType substringText() {
        FieldType type = new FieldType();
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        type.setTokenized(true);
        type.setOmitNorms(true);
        type.setStored(false);
        type.freeze();
        return type;
    }

    /** One message as read back from the index. */
    public record Row(long uid, String messageId, String threadId, MessageState state, long internalDate, long saveDate,
                      long size, boolean hasAttachment, long sentDay, long sentAt) {
    }

    /** The doc values of one segment, read document by document in increasing order. */
    private static final class Values {
        private final NumericDocValues uid;
        private final NumericDocValues flags;
        private final NumericDocValues modSeq;
        private final NumericDocValues internalDate;
        private final NumericDocValues saveDate;
        private final NumericDocValues size;
        private final NumericDocValues attachment;
        private final NumericDocValues sentDay;
        private final NumericDocValues sentAt;
        private final BinaryDocValues userFlags;
        private final BinaryDocValues messageId;
        private final BinaryDocValues threadId;

        Values(LeafReader reader) throws IOException {
            uid = DocValues.getNumeric(reader, UID);
            flags = DocValues.getNumeric(reader, FLAGS);
            modSeq = DocValues.getNumeric(reader, MOD_SEQ);
            internalDate = DocValues.getNumeric(reader, INTERNAL_DATE);
            saveDate = DocValues.getNumeric(reader, SAVE_DATE);
            size = DocValues.getNumeric(reader, SIZE);
            attachment = DocValues.getNumeric(reader, ATTACHMENT);
            sentDay = DocValues.getNumeric(reader, SENT_DAY);
            sentAt = DocValues.getNumeric(reader, SENT_AT);
            userFlags = DocValues.getBinary(reader, USER_FLAGS);
            messageId = DocValues.getBinary(reader, MESSAGE_ID);
            threadId = DocValues.getBinary(reader, THREAD_ID);
        }

        Row row(int doc) throws IOException {
            String keywords = text(userFlags, doc);
            Set<String> userFlagSet = keywords.isEmpty() ? Set.of() : Set.of(keywords.split("\u0000"));
            MessageState state = new MessageState((int) number(flags, doc), userFlagSet, number(modSeq, doc));
            return new Row(number(uid, doc), text(messageId, doc), text(threadId, doc), state, number(internalDate, doc),
                number(saveDate, doc), number(size, doc), number(attachment, doc) == 1, number(sentDay, doc),
                number(sentAt, doc));
        }

        private static long number(NumericDocValues values, int doc) throws IOException {
            return values.advanceExact(doc) ? values.longValue() : 0;
        }

        private static String text(BinaryDocValues values, int doc) throws IOException {
            if (!values.advanceExact(doc)) {
                return "";
            }
            BytesRef bytes = values.binaryValue();
            return new String(bytes.bytes, bytes.offset, bytes.length, StandardCharsets.UTF_8);
        }
    }

    /** Several values of one field (two Received headers, several attachment names) do not run into each other. */
    private static final class GapBetweenValues extends DelegatingAnalyzerWrapper {
        private final Analyzer analyzer;

        GapBetweenValues(Analyzer analyzer) {
            super(PER_FIELD_REUSE_STRATEGY);
            this.analyzer = analyzer;
        }

        @Override
        protected Analyzer getWrappedAnalyzer(String fieldName) {
            return analyzer;
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return SubstringText.GRAM + 1;
        }
    }
}
