package fr.mssnode.directory;

/** Where an address stands, and why, in words the SMTP client's user can act on. */
public record AddressCheck(AddressStatus status, String reason) {
}
