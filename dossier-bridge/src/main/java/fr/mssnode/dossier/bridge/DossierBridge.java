package fr.mssnode.dossier.bridge;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.store.DocumentToFile;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.dossier.store.FilingResult;
import fr.mssnode.dossier.xdm.XdmDocument;
import fr.mssnode.dossier.xdm.XdmReader;

/**
 * Where a message's attachments enter the dossier. It knows nothing of mail: the caller hands it an attachment's
 * bytes, declared media type and name, and the message's envelope facts. Raw CDA (text/xml, application/xml,
 * application/hl7-cda+xml holding a ClinicalDocument) and IHE XDM ZIPs are filed, then indexed; anything else is
 * not for the dossier and yields nothing. A document that cannot be filed is kept, with its reason, for the
 * operator.
 */
public class DossierBridge {
    private static final Logger LOG = LoggerFactory.getLogger(DossierBridge.class);
    private static final Set<String> XML_TYPES = Set.of("text/xml", "application/xml", "application/hl7-cda+xml");

    private final CdaParser parser;
    private final XdmReader xdm;
    private final DossierStore store;
    private final DossierIndex index;

    public DossierBridge(DossierStore store, DossierIndex index) {
        this.parser = new CdaParser();
        this.xdm = new XdmReader();
        this.store = store;
        this.index = index;
    }

    /** Whether an attachment is a candidate for the dossier, from its declared type and name. */
    public static boolean isCandidate(String mediaType, String fileName) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return XML_TYPES.contains(type) || type.equals("application/zip") || type.equals("application/x-zip-compressed")
            || name.endsWith(".xml") || name.endsWith(".zip");
    }

    public List<AttachmentOutcome> fileAttachment(byte[] bytes, String mediaType, String fileName, Filing filing)
        throws SQLException {
        String name = fileName == null || fileName.isBlank() ? "(unnamed " + mediaType + ")" : fileName;
        if (XdmReader.looksLikeZip(bytes)) {
            return filePackage(bytes, name, filing);
        }
        if (!CdaParser.claimsToBeCda(bytes)) {
            // a stylesheet, a FHIR bundle, any other XML: not a dossier document; delivered, not filed, nobody told
            LOG.debug("{} from {} is not a CDA document (its root is not an HL7 ClinicalDocument): not filed", name,
                filing.sender());
            return List.of();
        }
        try {
            CdaDocument document = parser.parse(bytes);
            return List.of(filed(name, DocumentToFile.of(document, bytes, List.of()), filing));
        } catch (FilingRejected rejected) {
            return List.of(refused(name, bytes, rejected, filing));
        }
    }

    private List<AttachmentOutcome> filePackage(byte[] zip, String name, Filing filing) throws SQLException {
        List<XdmDocument> documents;
        try {
            documents = xdm.read(zip);
        } catch (FilingRejected rejected) {
            if (rejected.reason() == Reason.NOT_XDM) {
                return List.of(); // a ZIP that is not an XDM package is not for the dossier
            }
            return List.of(refused(name, zip, rejected, filing));
        }
        List<AttachmentOutcome> outcomes = new ArrayList<>();
        for (XdmDocument document : documents) {
            String label = name + "/" + document.path().substring(document.path().lastIndexOf('/') + 1);
            try {
                DocumentToFile toFile = CdaParser.claimsToBeCda(document.content())
                    ? DocumentToFile.of(parser.parse(document.content()), document.content(), document.confidentialityCodes())
                    : DocumentToFile.of(document, DossierStore.sha256(document.content()));
                outcomes.add(filed(label, toFile, filing));
            } catch (FilingRejected rejected) {
                outcomes.add(refused(label, document.content(), rejected, filing));
            }
        }
        return outcomes;
    }

    private AttachmentOutcome filed(String label, DocumentToFile document, Filing filing) throws FilingRejected, SQLException {
        FilingResult result = store.file(document, filing);
        if (result.outcome() == FilingResult.Outcome.FILED) {
            try {
                index.add(new IndexEntry(result.documentId(), result.ins(), document.typeCode(), document.typeDisplay(),
                    result.rubric().name(), document.authorId(), document.authorName(),
                    IndexEntry.dayOf(document.effectiveTime()), Instant.now(), document.title(), document.searchText(),
                    result.current(), result.masked()));
                if (result.supersededId().isPresent()) {
                    index.setCurrent(result.supersededId().get(), false);
                }
            } catch (IOException | RuntimeException e) {
                // Filed all the same: the database is the truth and the next start repairs the index.
                LOG.error("Document {} was filed but could not be indexed: {}", result.documentId(), e.toString());
            }
        }
        return AttachmentOutcome.filed(label, result, document);
    }

    private AttachmentOutcome refused(String label, byte[] bytes, FilingRejected rejected, Filing filing) throws SQLException {
        long kept = store.recordRefusal(label, bytes, rejected, filing);
        LOG.warn("Not filed: {} from {} ({}): {} [{}], kept as refusal {}", label, filing.sender(), filing.messageId(),
            rejected.getMessage(), rejected.reason().code(), kept);
        return AttachmentOutcome.refused(label, rejected);
    }
}
