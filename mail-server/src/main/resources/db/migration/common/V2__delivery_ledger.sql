-- Which spooled mail (James mail name) was stored in which local mailbox. Lets a message that the spool
-- redelivers after a crash reach each mailbox exactly once: STORING is written before the mailbox append,
-- STORED after it; a STORING row found on redelivery is settled by looking in the mailbox itself.
-- Rows are purged after 30 days. Migration numbers are shared by all modules: directory V1, mail-server V2, ...
CREATE TABLE delivery_ledger (
    spool_id VARCHAR(300) NOT NULL,
    recipient VARCHAR(254) NOT NULL,
    state VARCHAR(8) NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_delivery_ledger PRIMARY KEY (spool_id, recipient)
);
CREATE INDEX ix_delivery_ledger_time ON delivery_ledger (updated_at);
