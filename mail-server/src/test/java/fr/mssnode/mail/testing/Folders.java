package fr.mssnode.mail.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copying a node's folders in tests (a backup to damage, a certificate shared by two nodes). */
public final class Folders {
    private Folders() {
    }

    /** Copies {@code from} and everything under it to {@code to}. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : tree.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
