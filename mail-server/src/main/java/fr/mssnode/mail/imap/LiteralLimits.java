package fr.mssnode.mail.imap;

/**
 * The largest IMAP literal the node reads: a message appended by a signed-in client may be as large as the node's
 * message limit; any other literal (a password, a search string, a mailbox name), and anything before sign-in, is
 * small. The sum of a command's literals counts, so that many small literals are no way around the limit.
 */
public record LiteralLimits(long appendBytes, long otherBytes) {
    public static final long OTHER_DEFAULT = 64 * 1024;

    public LiteralLimits {
        if (appendBytes < otherBytes || otherBytes < 1024) {
            throw new IllegalArgumentException("IMAP literal limits: at least 1 KB, and APPEND's no smaller than the others.");
        }
    }
}
