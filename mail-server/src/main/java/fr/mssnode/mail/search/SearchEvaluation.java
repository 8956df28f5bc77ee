package fr.mssnode.mail.search;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import javax.mail.Flags.Flag;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressOperator;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.ContainsOperator;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateOperator;
import org.apache.james.mailbox.model.SearchQuery.DateResolution;
import org.apache.james.mailbox.model.SearchQuery.ExistsOperator;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.NumericOperator;
import org.apache.james.mailbox.model.SearchQuery.Sort;
import org.apache.james.mailbox.model.SearchQuery.UidRange;
import org.apache.james.mailbox.exception.UnsupportedSearchException;

import fr.mssnode.mail.search.IndexedMessage.MessageState;
import fr.mssnode.mail.search.MailboxTextIndex.Row;

/**
 * One James {@link SearchQuery} over one mailbox of the index. Text criteria (TEXT, BODY, SUBJECT, FROM, HEADER...)
 * are substring look-ups in the index, each done once; every other criterion (flags, UIDs, dates, sizes, mod-seq)
 * is checked against the values read back for the mailbox's messages, and the boolean structure (AND, OR, NOT) is
 * applied to both alike. Dates follow RFC 3501: the Date header's day as written, time and zone disregarded; the
 * internal date's day in UTC. Results come in UID order unless the query asks for arrival, size or sent date.
 */
final class SearchEvaluation {
    private static final String DATE_HEADER = "date";

    private final MailboxTextIndex index;
    private final String mailbox;
    private final Set<Long> recent;

    private SearchEvaluation(MailboxTextIndex index, String mailbox, SearchQuery query) {
        this.index = index;
        this.mailbox = mailbox;
        this.recent = query.getRecentMessageUids().stream().map(MessageUid::asLong).collect(Collectors.toSet());
    }

    /** The messages of the mailbox that match, in the query's order. */
    static List<Row> matching(MailboxTextIndex index, String mailbox, SearchQuery query)
        throws IOException, UnsupportedSearchException {
        SearchEvaluation evaluation = new SearchEvaluation(index, mailbox, query);
        Predicate<Row> test = evaluation.all(query.getCriteria());
        Comparator<Row> order = order(query.getSorts());
        List<Row> rows = index.rows(mailbox);
        List<Row> matching = new ArrayList<>();
        for (Row row : rows) {
            if (test.test(row)) {
                matching.add(row);
            }
        }
        matching.sort(order);
        return matching;
    }

    private Predicate<Row> all(Collection<Criterion> criteria) throws IOException, UnsupportedSearchException {
        Predicate<Row> all = row -> true;
        for (Criterion criterion : criteria) {
            all = all.and(test(criterion));
        }
        return all;
    }

    private Predicate<Row> test(Criterion criterion) throws IOException, UnsupportedSearchException {
        if (criterion instanceof SearchQuery.AllCriterion) {
            return row -> true;
        } else if (criterion instanceof ConjunctionCriterion conjunction) {
            return conjunction(conjunction);
        } else if (criterion instanceof SearchQuery.TextCriterion text) {
            return containing(textFields(text.getType()), text.getOperator().getValue());
        } else if (criterion instanceof SearchQuery.SubjectCriterion subject) {
            return containing(List.of(MailboxTextIndex.headerField("subject")), subject.getSubject());
        } else if (criterion instanceof SearchQuery.MimeMessageIDCriterion messageId) {
            return containing(List.of(MailboxTextIndex.headerField("message-id")), messageId.getMessageID());
        } else if (criterion instanceof HeaderCriterion header) {
            return header(header);
        } else if (criterion instanceof SearchQuery.FlagCriterion flag) {
            boolean set = flag.getOperator().isSet();
            return row -> hasFlag(row, flag.getFlag()) == set;
        } else if (criterion instanceof SearchQuery.CustomFlagCriterion keyword) {
            boolean set = keyword.getOperator().isSet();
            return row -> row.state().userFlags().contains(keyword.getFlag()) == set;
        } else if (criterion instanceof SearchQuery.UidCriterion uids) {
            UidRange[] ranges = uids.getOperator().getRange();
            return row -> inRanges(row.uid(), ranges);
        } else if (criterion instanceof SearchQuery.SizeCriterion size) {
            return numeric(size.getOperator(), Row::size);
        } else if (criterion instanceof SearchQuery.ModSeqCriterion modSeq) {
            return numeric(modSeq.getOperator(), row -> row.state().modSeq());
        } else if (criterion instanceof SearchQuery.InternalDateCriterion internal) {
            return date(internal.getOperator(), Row::internalDate);
        } else if (criterion instanceof SearchQuery.SaveDateCriterion save) {
            Predicate<Row> onDate = date(save.getOperator(), Row::saveDate);
            return row -> row.saveDate() >= 0 && onDate.test(row);
        } else if (criterion instanceof SearchQuery.AttachmentCriterion attachment) {
            boolean set = attachment.getOperator().isSet();
            return row -> row.hasAttachment() == set;
        } else if (criterion instanceof SearchQuery.MessageIdCriterion messageId) {
            String id = messageId.getMessageId().serialize();
            return row -> row.messageId().equals(id);
        } else if (criterion instanceof SearchQuery.ThreadIdCriterion thread) {
            String id = thread.getThreadId().getBaseMessageId().serialize();
            return row -> row.threadId().equals(id);
        }
        throw new UnsupportedSearchException();
    }

    private Predicate<Row> conjunction(ConjunctionCriterion conjunction) throws IOException, UnsupportedSearchException {
        List<Predicate<Row>> parts = new ArrayList<>();
        for (Criterion part : conjunction.getCriteria()) {
            parts.add(test(part));
        }
        return switch (conjunction.getType()) {
            case AND -> row -> parts.stream().allMatch(part -> part.test(row));
            case OR -> row -> parts.stream().anyMatch(part -> part.test(row));
            case NOR -> row -> parts.stream().noneMatch(part -> part.test(row));
        };
    }

    private Predicate<Row> header(HeaderCriterion header) throws IOException, UnsupportedSearchException {
        String name = header.getHeaderName();
        if (header.getOperator() instanceof ExistsOperator) {
            Set<Long> uids = index.uidsWithHeader(mailbox, name);
            return row -> uids.contains(row.uid());
        } else if (header.getOperator() instanceof ContainsOperator contains) {
            return containing(List.of(MailboxTextIndex.headerField(name)), contains.getValue());
        } else if (header.getOperator() instanceof AddressOperator address) {
            return containing(List.of(MailboxTextIndex.headerField(name)), address.getAddress());
        } else if (header.getOperator() instanceof DateOperator date && name.equalsIgnoreCase(DATE_HEADER)) {
            if (date.getDateResultion() == DateResolution.Day) {
                long day = unit(date.getDate().getTime(), DateResolution.Day);
                return row -> row.sentDay() != Long.MIN_VALUE && compare(date, row.sentDay(), day);
            }
            Predicate<Row> onInstant = date(date, Row::sentAt);
            return row -> row.sentAt() != Long.MIN_VALUE && onInstant.test(row);
        }
        throw new UnsupportedSearchException();
    }

    private Predicate<Row> containing(Collection<String> fields, String substring) throws IOException {
        Set<Long> uids = index.uidsContaining(mailbox, fields, substring);
        return row -> uids.contains(row.uid());
    }

    private Collection<String> textFields(SearchQuery.Scope scope) throws IOException {
        return switch (scope) {
            case BODY -> List.of(MailboxTextIndex.BODY);
            case ATTACHMENTS, ATTACHMENT_FILE_NAME -> List.of(MailboxTextIndex.ATTACHMENT_NAME);
            case FULL -> {
                List<String> fields = new ArrayList<>(index.headerFields());
                fields.add(MailboxTextIndex.BODY);
                fields.add(MailboxTextIndex.ATTACHMENT_NAME);
                yield fields;
            }
        };
    }

    private boolean hasFlag(Row row, Flag flag) {
        if (flag == Flag.RECENT) {
            return recent.contains(row.uid());
        }
        MessageState state = row.state();
        return state.has(FlagBits.of(flag));
    }

    private static boolean inRanges(long uid, UidRange[] ranges) {
        for (UidRange range : ranges) {
            if (range.getLowValue().asLong() <= uid && uid <= range.getHighValue().asLong()) {
                return true;
            }
        }
        return false;
    }

    private static Predicate<Row> numeric(NumericOperator operator, ToLongFunction<Row> value) {
        long bound = operator.getValue();
        return switch (operator.getType()) {
            case EQUALS -> row -> value.applyAsLong(row) == bound;
            case LESS_THAN -> row -> value.applyAsLong(row) < bound;
            case GREATER_THAN -> row -> value.applyAsLong(row) > bound;
        };
    }

    private static Predicate<Row> date(DateOperator operator, ToLongFunction<Row> millis) {
        DateResolution resolution = operator.getDateResultion();
        long bound = unit(operator.getDate().getTime(), resolution);
        return row -> compare(operator, unit(millis.applyAsLong(row), resolution), bound);
    }

    private static boolean compare(DateOperator operator, long value, long bound) {
        return switch (operator.getType()) {
            case BEFORE -> value < bound;
            case AFTER -> value > bound;
            case ON -> value == bound;
        };
    }

    /** The instant counted in whole units of the resolution, in UTC. */
    static long unit(long millis, DateResolution resolution) {
        ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        return switch (resolution) {
            case Second -> Math.floorDiv(millis, 1000L);
            case Minute -> Math.floorDiv(millis, 60_000L);
            case Hour -> Math.floorDiv(millis, 3_600_000L);
            case Day -> time.toLocalDate().toEpochDay();
            case Month -> time.getYear() * 12L + time.getMonthValue() - 1;
            case Year -> time.getYear();
        };
    }

    /** James 3.8.1's IMAP has no SORT command: only the orders its other callers use are kept. */
    private static Comparator<Row> order(List<Sort> sorts) throws UnsupportedSearchException {
        Comparator<Row> order = null;
        for (Sort sort : sorts) {
            Comparator<Row> key = key(sort.getSortClause());
            key = sort.isReverse() ? key.reversed() : key;
            order = order == null ? key : order.thenComparing(key);
        }
        Comparator<Row> byUid = Comparator.comparingLong(Row::uid);
        return order == null ? byUid : order.thenComparing(byUid);
    }

    private static Comparator<Row> key(Sort.SortClause clause) throws UnsupportedSearchException {
        return switch (clause) {
            case Arrival -> Comparator.comparingLong(Row::internalDate);
            case MailboxCc, MailboxFrom, MailboxTo, BaseSubject -> throw new UnsupportedSearchException();
            case Size -> Comparator.comparingLong(Row::size);
            case SentDate -> Comparator.comparingLong(row -> row.sentAt() == Long.MIN_VALUE ? row.internalDate() : row.sentAt());
            case Uid -> Comparator.comparingLong(Row::uid);
            case Id -> Comparator.comparing(Row::messageId);
        };
    }
}
