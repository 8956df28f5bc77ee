package fr.mssnode.dossier.xdm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.XdmBuilder;

/** XDM packages written by the project's own builder, good and hostile, through the reader. */
class XdmReaderTest {
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();
    private final XdmReader reader = new XdmReader();

    private static XdmBuilder letterAndPdf(String subset) {
        byte[] cda = CdaBuilder.of("11490-0", "Lettre de liaison à la sortie").patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("11348-0", "Antécédents", "Appendicectomie en 2001").build().getBytes(StandardCharsets.UTF_8);
        return new XdmBuilder(subset, INS, ROOT, "810000000017")
            .document("DOC0001.XML", "text/xml", cda, "11490-0", "Lettre de liaison à la sortie", "Lettre de sortie", "N")
            .document("DOC0002.PDF", "application/pdf", "%PDF-1.4 synthetic".getBytes(StandardCharsets.US_ASCII), "18748-4",
                "Compte rendu d'imagerie médicale", "Scanner thoracique", "N", "MASQUE_PS");
    }

    private Reason rejected(byte[] zip) {
        try {
            reader.read(zip);
        } catch (FilingRejected e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void aPackageGivesItsDocumentsWithTheirMetadataWhateverItsSubsetFolderIsCalled() throws Exception {
        for (String subset : List.of("SUBSET01", "SS000001")) {
            byte[] zip = letterAndPdf(subset).build();
            assertThat(XdmReader.looksLikeZip(zip)).isTrue();
            List<XdmDocument> documents = reader.read(zip);
            assertThat(documents).hasSize(2);
            XdmDocument letter = documents.get(0);
            assertThat(letter.path()).isEqualTo("IHE_XDM/" + subset + "/DOC0001.XML");
            assertThat(letter.patientIns()).contains(INS);
            assertThat(letter.patientRoot()).contains(ROOT);
            assertThat(letter.typeCode()).contains("11490-0");
            assertThat(letter.authorNationalId()).contains("810000000017");
            assertThat(new CdaParser().parse(letter.content()).patient().ins().matricule()).isEqualTo(INS);
            XdmDocument pdf = documents.get(1);
            assertThat(pdf.mimeType()).isEqualTo("application/pdf");
            assertThat(pdf.title()).contains("Scanner thoracique");
            assertThat(pdf.confidentialityCodes()).containsExactly("N", "MASQUE_PS");
        }
    }

    @Test
    void hostilePackagesAreRefusedWithTheirReason() throws Exception {
        assertThat(rejected(letterAndPdf("SUBSET01").rawEntry("../../etc/cron.d/evil", "x").build())).isEqualTo(Reason.UNSAFE_ZIP);
        assertThat(rejected(letterAndPdf("SUBSET01").rawEntry("/tmp/evil", "x").build())).isEqualTo(Reason.UNSAFE_ZIP);
        assertThat(rejected(letterAndPdf("SUBSET01").missingDocument("DOC0003.XML").build())).isEqualTo(Reason.MISSING_FILE);
        assertThat(rejected(zipOf("README.TXT", "no metadata".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(Reason.NOT_XDM);
        assertThat(rejected("not a zip at all".getBytes(StandardCharsets.US_ASCII))).isIn(Reason.UNSAFE_ZIP, Reason.NOT_XDM);
        // 40 MB of zeros squeeze into about 40 KB: refused as a bomb while inflating, long before 40 MB are held.
        assertThat(rejected(zipOf("IHE_XDM/SUBSET01/METADATA.XML", new byte[40 * 1024 * 1024]))).isEqualTo(Reason.UNSAFE_ZIP);
    }

    private static byte[] zipOf(String name, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
