package fr.mssnode.mail;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.backup.BackupCommands;

/**
 * The node's single executable.
 * <pre>
 *   serve                      run the node (production settings from application.yml / environment)
 *   demo                       run the node on the embedded default with demo accounts
 *   account / operator / directory / pki / patient / dossier / mailbox ...   administration (see {@link AdminCommands})
 *   backup --to DIR / restore --from DIR     (see {@link BackupCommands})
 * </pre>
 * Anything after the command of the form --name=value is a Spring property (e.g. --node.domain=chu.example).
 */
@SpringBootApplication
public class NodeApplication {

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve" -> startOrExit(rest, false);
            case "demo" -> startOrExit(rest, true);
            case "account", "operator", "directory", "pki", "patient", "dossier", "mailbox" -> System.exit(administer(args));
            case "backup", "restore" -> System.exit(BackupCommands.run(args, System.out, System.err));
            case "help", "--help", "-h" -> System.out.println(AdminCommands.USAGE + BackupCommands.USAGE);
            default -> {
                System.err.println("Unknown command '" + command + "'.\n\n" + AdminCommands.USAGE + BackupCommands.USAGE);
                System.exit(2);
            }
        }
    }

    /**
     * A node that cannot start (a port in use, a database that does not answer) says why and exits with 1,
     * instead of lingering on the threads the failed start left behind.
     */
    private static void startOrExit(String[] properties, boolean demo) {
        MemoryDefaults.apply();
        try {
            start(properties, demo);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("The node could not start: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            System.exit(1);
        }
    }

    public static ConfigurableApplicationContext start(String[] properties, boolean demo) {
        SpringApplication application = new SpringApplication(NodeApplication.class);
        if (demo) {
            application.setAdditionalProfiles("demo");
            // The demo's mailboxes sign with certificates of the node's test CA (var/pki), which it then trusts.
            application.setDefaultProperties(java.util.Map.of("node.smime.trust-test-ca", "true"));
        }
        return application.run(properties);
    }

    /** Admin commands run against the database without starting the mail or web servers. */
    static int administer(String[] args) {
        // --name=value is a setting (as for serve); command options are --name value.
        List<String> settings = Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.contains("=")).toList();
        List<String> commandArgs = Arrays.stream(args).filter(arg -> !settings.contains(arg)).toList();
        // A command prints its own result: quiet logs, no stack trace for a failed start, and a short wait for the
        // database (a busy embedded database is explained in one sentence instead).
        List<String> springArgs = new java.util.ArrayList<>(settings);
        for (String quiet : List.of("--logging.level.root=ERROR", "--logging.level.org.springframework.boot.SpringApplication=OFF",
            "--node.mail-server.enabled=false", "--node.database.connection-timeout-ms=5000")) {
            String name = quiet.substring(0, quiet.indexOf('=') + 1);
            if (settings.stream().noneMatch(setting -> setting.startsWith(name))) {
                springArgs.add(quiet);
            }
        }
        SpringApplication application = new SpringApplication(NodeApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        ConfigurableApplicationContext context;
        try {
            context = application.run(springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            System.err.println(AdminCommands.explainStartupFailure(e));
            return 1;
        }
        try (context) {
            return context.getBean(AdminCommands.class).run(commandArgs, System.out, System.err);
        }
    }
}
