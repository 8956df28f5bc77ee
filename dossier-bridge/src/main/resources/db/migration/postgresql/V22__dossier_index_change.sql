-- Several nodes on one database (node.cluster.enabled): each keeps its own dossier index, and must learn what the
-- others filed, superseded, masked or released. Every insert or update of a document writes a change row in the same
-- transaction, naming the node that made it (the connection's application_name, the node's id); each node re-indexes
-- the documents the others changed. Rows older than a day are purged by the nodes.
CREATE TABLE dossier_index_change (
    seq BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL,
    changed_by VARCHAR(64) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE FUNCTION dossier_index_change_record() RETURNS trigger AS $$
BEGIN
    INSERT INTO dossier_index_change (document_id, changed_by)
        VALUES (NEW.id, left(coalesce(current_setting('application_name', true), ''), 64));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER dossier_document_changed AFTER INSERT OR UPDATE ON dossier_document
    FOR EACH ROW EXECUTE FUNCTION dossier_index_change_record();
