-- The dossiers a professional reads as the patients' declared treating doctor (médecin traitant) are found by
-- the doctor's national id: every search of theirs asks.
CREATE INDEX ix_patient_treating_doctor ON patient (treating_doctor);
