package fr.mssnode.dossier.xdm;

import java.util.List;
import java.util.Optional;

/**
 * One document of an IHE XDM package with what the submission metadata says of it: the patient
 * (INS and its root, from XDSDocumentEntry.patientId), type, title, author, confidentiality codes
 * (N/R/V and the dossier's MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX).
 */
public record XdmDocument(String path, String mimeType, byte[] content, Optional<String> patientIns,
                          Optional<String> patientRoot, Optional<String> typeCode, Optional<String> typeDisplay,
                          Optional<String> title, Optional<String> authorNationalId, List<String> confidentialityCodes) {
}
