-- When each mailbox was last signed in to (any way in: SMTP AUTH, IMAP, HTTP), and when its owner was warned that
-- it would be closed for want of use. A mailbox never signed in to counts from its creation.
ALTER TABLE node_account ADD COLUMN last_sign_in_at TIMESTAMP;
ALTER TABLE node_account ADD COLUMN inactivity_warned_at TIMESTAMP;
