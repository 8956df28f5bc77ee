-- The original bytes of each document and its text for the search index (PostgreSQL types).
CREATE TABLE dossier_content (
    document_id BIGINT NOT NULL,
    content BYTEA NOT NULL,
    search_text TEXT,
    CONSTRAINT pk_dossier_content PRIMARY KEY (document_id),
    CONSTRAINT fk_dossier_content_document FOREIGN KEY (document_id) REFERENCES dossier_document (id)
);
