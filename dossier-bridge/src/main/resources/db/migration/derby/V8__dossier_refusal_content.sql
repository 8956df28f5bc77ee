-- The bytes of a refused attachment, for the operator (Derby type); NULL when it was over the size kept.
ALTER TABLE dossier_refusal ADD COLUMN content BLOB(64M);
