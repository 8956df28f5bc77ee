package fr.mssnode.directory.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Reads a whitelist file through the production reader, {@code fr.mssnode.directory.extract.Whitelist}, which is
 * package-private (the importer is its only caller): reached by reflection, its exceptions rethrown as they are.
 */
final class WhitelistFile {
    static final String FILE_NAME = "liste-blanche-mssante.xml";
    private static final Method DOMAINS = domainsMethod();

    private WhitelistFile() {
    }

    @SuppressWarnings("unchecked")
    static List<String> domains(byte[] file) throws IOException {
        try {
            return (List<String>) DOMAINS.invoke(null, new ByteArrayInputStream(file), FILE_NAME);
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof IOException io) {
                throw io;
            }
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(thrown);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method domainsMethod() {
        try {
            Method method = Class.forName("fr.mssnode.directory.extract.Whitelist")
                .getDeclaredMethod("domains", InputStream.class, String.class);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The whitelist reader moved: " + e.getMessage(), e);
        }
    }
}
