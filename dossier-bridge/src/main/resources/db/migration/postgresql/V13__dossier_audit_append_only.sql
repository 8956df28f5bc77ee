-- The access history is append-only: PostgreSQL refuses any UPDATE or DELETE of its events. (Someone who
-- disables this trigger can still edit rows by hand: the hash chain, checked by 'dossier verify-audit', shows it.)
CREATE FUNCTION dossier_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossier_audit is append-only: events are never updated or deleted';
END;
$$;
CREATE TRIGGER dossier_audit_append_only BEFORE UPDATE OR DELETE ON dossier_audit
    FOR EACH ROW EXECUTE FUNCTION dossier_audit_append_only();
