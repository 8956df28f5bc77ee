package fr.mssnode.mail.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/** Test-only mailet: holds each mail for a while so that accepted mail is still in the spool when the node is killed. */
public class SlowDown extends GenericMailet {
    private long millis;

    /**
     * A folder of James templates (for node.james-templates) whose pipeline holds each message {@code millis} ms
     * at the start of the transport processor: with one spool thread, accepted mail piles up in the spool.
     */
    public static Path pipelineTemplates(Path var, int millis) throws IOException {
        Path templates = Files.createDirectories(var.resolve("slow-templates"));
        String pipeline = new String(SlowDown.class.getClassLoader().getResourceAsStream("james-conf/mailetcontainer.xml")
            .readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(templates.resolve("mailetcontainer.xml"), pipeline.replace(
            "<processor state=\"transport\" enableJmx=\"false\">",
            "<processor state=\"transport\" enableJmx=\"false\">\n"
                + "<mailet match=\"All\" class=\"" + SlowDown.class.getName() + "\"><millis>" + millis + "</millis></mailet>"));
        return templates;
    }

    @Override
    public void init() {
        millis = Long.parseLong(getInitParameter("millis", "300"));
    }

    @Override
    public void service(Mail mail) throws javax.mail.MessagingException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
