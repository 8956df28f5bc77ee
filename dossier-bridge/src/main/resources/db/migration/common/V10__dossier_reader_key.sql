-- The care relationship gets a primary key, (reader, ins): one row per reader of a dossier. Two filings adding the
-- same reader at once no longer both succeed: the second fails on the key and the store files it again (which then
-- sees the reader), and PostgreSQL adds readers with ON CONFLICT DO NOTHING. The key also serves the lookups by
-- reader, so the former index goes with the former table. Portable SQL, hence a copy rather than a rename.

CREATE TABLE dossier_reader_copy (
    ins VARCHAR(15) NOT NULL,
    reader VARCHAR(260) NOT NULL,
    since TIMESTAMP NOT NULL
);
INSERT INTO dossier_reader_copy (ins, reader, since)
    SELECT ins, reader, MIN(since) FROM dossier_reader GROUP BY ins, reader;
DROP TABLE dossier_reader;

CREATE TABLE dossier_reader (
    ins VARCHAR(15) NOT NULL,
    reader VARCHAR(260) NOT NULL,
    since TIMESTAMP NOT NULL,
    CONSTRAINT pk_dossier_reader PRIMARY KEY (reader, ins),
    CONSTRAINT fk_dossier_reader_dossier FOREIGN KEY (ins) REFERENCES dossier (ins)
);
INSERT INTO dossier_reader (ins, reader, since) SELECT ins, reader, since FROM dossier_reader_copy;
DROP TABLE dossier_reader_copy;
