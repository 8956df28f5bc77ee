-- Who has written to each patient's secure inbox: a patient may answer only a professional who wrote to them, and
-- not when that professional's last message ended the conversation (X-MSS-MES: FIN). Portable SQL.
CREATE TABLE patient_conversation (
    patient_address VARCHAR(254) NOT NULL,
    professional_address VARCHAR(254) NOT NULL,
    last_message_at TIMESTAMP NOT NULL,
    closed BOOLEAN NOT NULL,
    CONSTRAINT pk_patient_conversation PRIMARY KEY (patient_address, professional_address)
);
