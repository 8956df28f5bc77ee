package fr.mssnode.mail.search;

import java.util.List;
import java.util.Set;

/**
 * What the mailbox index keeps of one message. The values that change after delivery (flags, user flags, mod-seq)
 * are updated in place; everything else is written once.
 *
 * @param mailbox      the mailbox's id, as a string
 * @param uid          the message's UID in that mailbox
 * @param messageId    James's message id, as a string (the same message in several mailboxes)
 * @param threadId     James's thread id, as a string
 * @param state        flags, user flags and mod-seq at delivery
 * @param internalDate the arrival time, epoch milliseconds
 * @param saveDate     when it was saved in this mailbox, epoch milliseconds, or -1
 * @param size         the size in octets
 * @param text         the searchable text: headers, body, attachment names
 */
public record IndexedMessage(String mailbox, long uid, String messageId, String threadId, MessageState state,
                             long internalDate, long saveDate, long size, MessageText text) {

    /** Flags as bits (see {@link MessageState}), user flags (keywords), mod-seq. */
    public record MessageState(int flags, Set<String> userFlags, long modSeq) {
        public static final int ANSWERED = 1;
        public static final int DELETED = 2;
        public static final int DRAFT = 4;
        public static final int FLAGGED = 8;
        public static final int RECENT = 16;
        public static final int SEEN = 32;

        public MessageState {
            userFlags = Set.copyOf(userFlags);
        }

        public boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /**
     * The text of a message as IMAP SEARCH sees it.
     *
     * @param headers         every header of the top-level message, decoded (name in lower case)
     * @param body            the text of the readable parts (plain, HTML without tags, forwarded messages,
     *                        the content of an opaque signature), at most {@link #MAX_BODY_CHARS}
     * @param attachmentNames the file names of the attachments
     * @param hasAttachment   whether any part is an attachment
     * @param sentDay         the day of the Date header as written (time and zone disregarded), epoch day, or
     *                        {@link Long#MIN_VALUE} when there is no readable Date header
     * @param sentAt          the instant of the Date header, epoch milliseconds, or {@link Long#MIN_VALUE}
     */
    public record MessageText(List<Header> headers, String body, List<String> attachmentNames, boolean hasAttachment,
                              long sentDay, long sentAt) {
        public static final int MAX_BODY_CHARS = 256 * 1024;

        public MessageText {
            headers = List.copyOf(headers);
            attachmentNames = List.copyOf(attachmentNames);
        }
    }

    public record Header(String name, String value) {
    }
}
