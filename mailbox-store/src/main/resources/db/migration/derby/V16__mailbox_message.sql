-- One row a message of a mailbox: its flags and metadata, its MIME properties (for BODYSTRUCTURE), its header and
-- body bytes as received (IMAP answers from them byte for byte). Flags are columns, so that counts and searches by
-- flag stay in SQL; user flags (keywords) are one space-separated list. (derby types)
CREATE TABLE mailbox_message (
    mailbox_id BIGINT NOT NULL,
    uid BIGINT NOT NULL,
    modseq BIGINT NOT NULL,
    internal_date TIMESTAMP NOT NULL,
    save_date TIMESTAMP,
    size BIGINT NOT NULL,
    body_start INTEGER NOT NULL,
    answered BOOLEAN NOT NULL,
    deleted BOOLEAN NOT NULL,
    draft BOOLEAN NOT NULL,
    flagged BOOLEAN NOT NULL,
    recent BOOLEAN NOT NULL,
    seen BOOLEAN NOT NULL,
    user_flags VARCHAR(4000),
    mime_properties VARCHAR(8000),
    text_lines BIGINT,
    header BLOB(2G) NOT NULL,
    body BLOB(2G) NOT NULL,
    CONSTRAINT pk_mailbox_message PRIMARY KEY (mailbox_id, uid),
    CONSTRAINT fk_mailbox_message_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (mailbox_id) ON DELETE CASCADE
);
-- SELECT's first unseen message and unseen count, its recent messages, EXPUNGE's deleted messages.
CREATE INDEX ix_mailbox_message_seen ON mailbox_message (mailbox_id, seen, uid);
CREATE INDEX ix_mailbox_message_recent ON mailbox_message (mailbox_id, recent, uid);
CREATE INDEX ix_mailbox_message_deleted ON mailbox_message (mailbox_id, deleted, uid);
