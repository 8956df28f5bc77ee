-- Whether a mailbox may be opened with its password. An application mailbox (practice software) that signs in with
-- the client certificate registered for it (mailbox_certificate, usage SIGN_IN) can be set to refuse passwords.
ALTER TABLE node_account ADD COLUMN password_sign_in BOOLEAN DEFAULT TRUE NOT NULL;
