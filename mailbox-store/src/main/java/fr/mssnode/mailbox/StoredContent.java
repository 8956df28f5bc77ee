package fr.mssnode.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.james.mailbox.model.Content;

/**
 * A stored message's bytes, its header and its body each read from the database the first time they are needed
 * (unless the query that found the message already brought them): a FETCH of flags reads neither, a FETCH of header
 * fields reads the header only.
 */
final class StoredContent implements Content {
    private final StoreDatabase database;
    private final long mailboxId;
    private final long uid;
    private final long size;
    private volatile byte[] header;
    private volatile byte[] body;

    StoredContent(StoreDatabase database, long mailboxId, long uid, long size, byte[] header, byte[] body) {
        this.database = database;
        this.mailboxId = mailboxId;
        this.uid = uid;
        this.size = size;
        this.header = header;
        this.body = body;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new SequenceInputStream(new ByteArrayInputStream(header()), new LoadedOnFirstRead());
    }

    @Override
    public long size() {
        return size;
    }

    private byte[] header() throws IOException {
        byte[] bytes = header;
        if (bytes == null) {
            bytes = load("header");
            header = bytes;
        }
        return bytes;
    }

    private byte[] body() throws IOException {
        byte[] bytes = body;
        if (bytes == null) {
            bytes = load("body");
            body = bytes;
        }
        return bytes;
    }

    private byte[] load(String column) throws IOException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT " + column + " FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")) {
            select.setLong(1, mailboxId);
            select.setLong(2, uid);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IOException("Message " + uid + " of mailbox " + mailboxId + " is no longer stored (expunged)");
                }
                return row.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IOException("Could not read message " + uid + " of mailbox " + mailboxId + ": " + e.getMessage(), e);
        }
    }

    /** The body, read from the database when the header has been read past. */
    private final class LoadedOnFirstRead extends InputStream {
        private InputStream loaded;

        private InputStream loaded() throws IOException {
            if (loaded == null) {
                loaded = new ByteArrayInputStream(body());
            }
            return loaded;
        }

        @Override
        public int read() throws IOException {
            return loaded().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return loaded().read(buffer, offset, length);
        }

        @Override
        public long skip(long n) throws IOException {
            return loaded().skip(n);
        }

        @Override
        public int available() throws IOException {
            return loaded == null ? 0 : loaded.available();
        }
    }
}
