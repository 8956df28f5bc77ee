package fr.mssnode.directory;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A patient, identified by the INS (matricule and its OID: NIR, NIA, or the test and demo roots) with the identity
 * traits that make it qualified, their secure-inbox address on this node and their declared treating doctor.
 */
public record Patient(Ins ins, InsOid oid, String birthName, String firstNames, Optional<String> usedName,
                      LocalDate birthDate, String sex, Optional<String> inboxAddress, Optional<String> treatingDoctor) {
}
