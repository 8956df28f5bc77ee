-- The bytes of a refused attachment, for the operator (PostgreSQL type); NULL when it was over the size kept.
ALTER TABLE dossier_refusal ADD COLUMN content BYTEA;
