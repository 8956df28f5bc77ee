package fr.mssnode.directory;

import java.util.Optional;

/** An MSSanté mailbox as listed in the national extraction. */
public record Mailbox(String address, MailboxType type, Optional<String> ownerNationalId, String structureId,
                      String structureName, String service, boolean active) {
}
